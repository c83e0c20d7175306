// One entry of `windows:`: its name, kind, environments, zone, validity and schedule.
import type { Node } from 'yaml';
import { environmentGlob } from '../environments.js';
import type { LoadOptions, LocalDate, WindowConfig, WindowKind } from '../types.js';
import { suggest } from './did-you-mean.js';
import type { ConfigReader, Entries, Entry } from './reader.js';
import { readSchedule, SCHEDULE_KEYS } from './schedule.js';
import { compareLocal, formatLocalDate, parseLocalDate } from './values.js';
import { resolveZone } from './zones.js';

export const WINDOW_KEYS: readonly string[] = [
  'name',
  'kind',
  'environments',
  'timezone',
  'message',
  'from',
  'until',
  ...SCHEDULE_KEYS,
];

// Maps, here and wherever config text is the key: a plain object answers `constructor`.
const KINDS: ReadonlyMap<string, WindowKind> = new Map([
  ['allow', 'allow'],
  ['deny', 'deny'],
  ['maintenance', 'allow'],
  ['blackout', 'deny'],
]);

export interface WindowDefaults {
  zone: string;
  options: LoadOptions;
  /** Names already taken, with the line they were defined on. */
  names: Map<string, number>;
}

function readKind(reader: ConfigReader, entry: Entry | undefined): WindowKind | undefined {
  if (!entry) return 'allow';
  const text = reader.readText(entry, 'allow or deny');
  if (text === undefined) return undefined;
  const kind = KINDS.get(text);
  if (kind) return kind;
  reader.error(
    reader.valueNode(entry),
    entry.path,
    `unknown kind "${text}"; expected allow or deny (or their aliases maintenance, blackout)`,
    suggest(text, [...KINDS.keys()]),
  );
  return undefined;
}

function readName(
  reader: ConfigReader,
  entry: Entry | undefined,
  node: Node | null,
  path: string,
  names: Map<string, number>,
): string | undefined {
  if (!entry) {
    reader.error(node, `${path}.name`, 'the window has no name; expected name: <a unique name>');
    return undefined;
  }
  const name = reader.readText(entry, 'a window name');
  if (name === undefined) return undefined;
  if (name.trim() === '') {
    reader.error(reader.valueNode(entry), entry.path, 'expected a non-empty window name');
    return undefined;
  }
  const line = reader.positionOf(reader.valueNode(entry)).line;
  const first = names.get(name);
  if (first !== undefined) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `duplicate window name "${name}" (first used on line ${first}); expected every name to be unique`,
    );
    return undefined;
  }
  names.set(name, line);
  return name;
}

function readEnvironments(
  reader: ConfigReader,
  entry: Entry | undefined,
): string[] | null | undefined {
  if (!entry) return null;
  const patterns = reader.readTextList(entry, 'an environment name or glob such as prod-*', true);
  if (patterns === undefined) return undefined;
  if (patterns.length === 0 || patterns.some((pattern) => pattern.trim() === '')) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      'expected at least one non-empty environment pattern (leave environments out for every environment)',
    );
    return undefined;
  }
  for (const pattern of patterns) {
    try {
      environmentGlob(pattern);
    } catch {
      reader.error(
        reader.valueNode(entry),
        entry.path,
        `invalid environment pattern "${pattern}"; expected a glob with *, ?, [abc] or [a-z] (ranges low to high)`,
      );
      return undefined;
    }
  }
  return patterns;
}

export function readZone(
  reader: ConfigReader,
  entry: Entry,
  localZone: () => string,
): string | undefined {
  const text = reader.readText(entry, 'an IANA time zone such as Europe/Berlin');
  if (text === undefined) return undefined;
  const zone = resolveZone(text, localZone);
  if (zone.ok) return zone.value;
  reader.error(reader.valueNode(entry), entry.path, zone.message, zone.hint);
  return undefined;
}

function readDate(reader: ConfigReader, entry: Entry | undefined): LocalDate | null | undefined {
  if (!entry) return null;
  const text = reader.readText(entry, 'a date YYYY-MM-DD');
  if (text === undefined) return undefined;
  const date = parseLocalDate(text);
  if (date.ok) return date.value;
  reader.error(reader.valueNode(entry), entry.path, date.message, date.hint);
  return undefined;
}

function readMessage(reader: ConfigReader, entry: Entry | undefined): string | null | undefined {
  return entry ? reader.readText(entry, 'a message (text)') : null;
}

/** Reads one window; undefined (after reporting every problem in it) when it is not valid. */
export function readWindow(
  reader: ConfigReader,
  node: Node | null,
  path: string,
  defaults: WindowDefaults,
): WindowConfig | undefined {
  const entries: Entries | undefined = reader.readMap(node, path, WINDOW_KEYS, 'a window');
  if (!entries) return undefined;
  const target = reader.resolve(node, path);
  const name = readName(reader, entries.get('name'), target, path, defaults.names);
  const kind = readKind(reader, entries.get('kind'));
  const environments = readEnvironments(reader, entries.get('environments'));
  const zoneEntry = entries.get('timezone');
  const zone = zoneEntry
    ? readZone(reader, zoneEntry, () => defaults.options.localZone ?? 'UTC')
    : defaults.zone;
  const message = readMessage(reader, entries.get('message'));
  const from = readDate(reader, entries.get('from'));
  const untilEntry = entries.get('until');
  const until = readDate(reader, untilEntry);
  if (from && until && untilEntry && compareLocal(from, until) > 0) {
    reader.error(
      reader.valueNode(untilEntry),
      untilEntry.path,
      `until (${formatLocalDate(until)}) is before from (${formatLocalDate(from)}); expected from <= until`,
    );
  }
  const schedule = readSchedule({
    reader,
    entries,
    node: target,
    path,
    zone: zone ?? defaults.zone,
    hasFrom: entries.has('from'),
    options: defaults.options,
  });
  if (
    name === undefined ||
    kind === undefined ||
    environments === undefined ||
    zone === undefined ||
    message === undefined ||
    from === undefined ||
    until === undefined ||
    schedule === undefined ||
    (from && until && compareLocal(from, until) > 0)
  ) {
    return undefined;
  }
  return { name, kind, environments, timezone: zone, message, from, until, schedule };
}
