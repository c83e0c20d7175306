// What every schedule form's config reader gets (the window's entries, zone and options), and
// the helpers several of them share. Each form's reader lives beside its runtime in
// src/core/schedules/<form>-config.ts; schedule.ts picks the one form of a window.
import { isSeq, type Node } from 'yaml';
import { MAX_DURATION_TEXT, parseDuration } from '../duration.js';
import type { LoadOptions, Minutes, Schedule } from '../types.js';
import type { ConfigReader, Entries, Entry } from './reader.js';
import type { Parsed } from './values.js';

export interface ScheduleContext {
  reader: ConfigReader;
  entries: Entries;
  /** The window's map node and path, for problems of the window as a whole. */
  node: Node | null;
  path: string;
  /** The window's resolved zone. */
  zone: string;
  /** The window has a `from` date (an rrule without DTSTART starts there). */
  hasFrom: boolean;
  options: LoadOptions;
}

/** Reads one form from the entry of its (first) key; undefined after reporting why it cannot. */
export type FormReader<S extends Schedule = Schedule> = (
  context: ScheduleContext,
  entry: Entry,
) => S | undefined;

/** The value of a parse, or undefined after reporting its problem at the entry's value. */
export function report<T>(
  context: ScheduleContext,
  entry: Entry,
  parsed: Parsed<T>,
): T | undefined {
  if (parsed.ok) return parsed.value;
  context.reader.error(context.reader.valueNode(entry), entry.path, parsed.message, parsed.hint);
  return undefined;
}

/** The item nodes of a list value (for per-item positions); empty for a single scalar. */
export function listItems(context: ScheduleContext, entry: Entry): (Node | null)[] {
  const node = context.reader.resolve(entry.value, entry.path);
  return node !== null && isSeq(node) ? (node.items as (Node | null)[]) : [];
}

/** The window's `duration` (rrule and cron), reported when missing or malformed. */
export function readDuration(context: ScheduleContext, form: string): Minutes | undefined {
  const { reader } = context;
  const entry = context.entries.get('duration');
  if (!entry) {
    reader.error(
      context.node,
      `${context.path}.duration`,
      `a ${form} window needs a duration (such as 8h, 90m, 1h30m, or 90 for minutes)`,
    );
    return undefined;
  }
  const target = reader.resolve(entry.value, entry.path);
  const value = target !== null && 'value' in target ? target.value : null;
  const raw = typeof value === 'number' || typeof value === 'string' ? value : null;
  const minutes = raw === null ? null : parseDuration(raw);
  if (minutes === null) {
    const given = raw === null ? 'nothing usable' : `"${raw}"`;
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `invalid duration ${given}; expected a positive whole number of minutes or <n>d<n>h<n>m parts in that order, such as 90, 90m, 1h30m, 2d, at most ${MAX_DURATION_TEXT}`,
    );
    return undefined;
  }
  return minutes;
}

/**
 * A map of two keys that both must be there (`{from, to}`, cron's `{start, end}`), each read
 * by `read`; a missing one is reported with `example`. Undefined unless both read.
 */
export function readBoth<K extends string, T>(
  context: ScheduleContext,
  entry: Entry,
  keys: readonly [K, K],
  what: string,
  example: string,
  read: (part: Entry, key: K) => T | undefined,
): [T, T] | undefined {
  const { reader } = context;
  const form = entry.path.split('.').pop() ?? '';
  const range = reader.readMap(entry.value, entry.path, keys, what, reader.valueNode(entry));
  if (!range) return undefined;
  const values: (T | undefined)[] = [];
  for (const key of keys) {
    const part = range.get(key);
    if (part) {
      values.push(read(part, key));
      continue;
    }
    reader.error(
      reader.valueNode(entry),
      `${entry.path}.${key}`,
      `${form} needs both ${keys[0]} and ${keys[1]} (${key} is missing), such as ${example}`,
    );
    values.push(undefined);
  }
  const [first, second] = values;
  return first !== undefined && second !== undefined ? [first, second] : undefined;
}

/** A `{from, to}` map of two texts (weekly, monthly), each parsed; `to` may be 24:00. */
export function readFromTo<T>(
  context: ScheduleContext,
  entry: Entry,
  example: string,
  parse: (text: string, allowEndOfDay: boolean) => Parsed<T>,
): { from: T; to: T } | undefined {
  const range = readBoth(
    context,
    entry,
    ['from', 'to'],
    `from and to such as ${example}`,
    example,
    (part, key) => {
      const text = context.reader.readText(part, `a text such as ${example}`);
      return text === undefined ? undefined : report(context, part, parse(text, key === 'to'));
    },
  );
  return range && { from: range[0], to: range[1] };
}
