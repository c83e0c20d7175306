// `notify:` targets: webhooks told about blocked runs, overrides and re-runs
// (docs/overrides.md). The URL is never in the file: each target names the environment
// variable (a CI secret) that holds it.
import { isScalar, type Node } from 'yaml';
import {
  NOTIFY_EVENTS,
  NOTIFY_FORMATS,
  type NotifyEvent,
  type NotifyFormat,
  type NotifyTarget,
} from '../types.js';
import { phraseHint, suggest } from './did-you-mean.js';
import { oneOrList } from './one-or-list.js';
import { type ConfigReader, childPath, type Entry } from './reader.js';

export const NOTIFY_KEY = 'notify';
export const NOTIFY_TARGET_KEYS = ['name', 'url-env', 'format', 'on'] as const;
/** At most this many targets in one config (docs/overrides.md). */
export const MAX_NOTIFY_TARGETS = 20;
/** A target's name is shown in warnings: one short line. */
export const MAX_NOTIFY_NAME_LENGTH = 100;
/** Longer than any environment variable name anyone writes. */
export const MAX_URL_ENV_LENGTH = 128;
/** An environment variable name, as POSIX shells and every CI accept it. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Keys people write when they put the URL itself in the file. */
const URL_KEYS = ['url', 'uri', 'webhook', 'webhook-url', 'webhook_url', 'hook', 'endpoint'];

const SECRET_ADVICE =
  'put the webhook URL in a CI secret (e.g. DEPLOY_WINDOW_SLACK_URL) and name that environment variable in url-env';

/** Does the text look like a URL (or a host and path) rather than a variable name? */
function looksLikeUrl(text: string): boolean {
  const trimmed = text.trim();
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.includes('/') || /^www\./i.test(trimmed)
  );
}

/** The variable name people meant by `$SLACK_URL`, `${{ secrets.SLACK_URL }}`, `slack-url`. */
function envNameHint(text: string): string | undefined {
  const inner = /^\$\{\{\s*(?:secrets|env|vars)\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(text.trim())?.[1];
  const bare = (inner ?? text.trim())
    .replace(/^\$\{?/, '')
    .replace(/\}$/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
  return ENV_NAME.test(bare) && bare.length <= MAX_URL_ENV_LENGTH ? phraseHint([bare]) : undefined;
}

/**
 * Looks at the unknown-key errors readMap gave this target (from index `from` on): an error
 * for a URL key (`url:`) is rewritten to say where the URL goes instead, never quoting the
 * value (a secret that should not have been written down). Returns the keys those errors
 * point at (`fromat` -> format), which then need no "missing" error of their own.
 */
function keysPointedAt(reader: ConfigReader, from: number, path: string): Set<string> {
  const pointed = new Set<string>();
  for (let index = from; index < reader.errors.length; index++) {
    const issue = reader.errors[index];
    if (!issue?.message.startsWith('unknown key')) continue;
    const key = URL_KEYS.find((name) => issue.path === childPath(path, name));
    if (key !== undefined) {
      reader.errors[index] = {
        ...issue,
        message: `"${key}" is not a key of a notify target: the URL never goes in the config (whoever reads the repository could post to it); ${SECRET_ADVICE}`,
        hint: '"url-env"',
      };
      pointed.add('url-env');
      continue;
    }
    const hinted = /^"([a-z-]+)"$/.exec(reader.errors[index]?.hint ?? '')?.[1];
    if (hinted !== undefined) pointed.add(hinted);
  }
  return pointed;
}

/** Where a target's keys are missing: one error each, unless a misspelt key points there. */
interface TargetPlace {
  node: Node | null;
  path: string;
  pointed: Set<string>;
}

function missing(
  reader: ConfigReader,
  place: TargetPlace,
  key: string,
  message: string,
): undefined {
  if (!place.pointed.has(key)) reader.error(place.node, childPath(place.path, key), message);
  return undefined;
}

function readName(
  reader: ConfigReader,
  entry: Entry | undefined,
  place: TargetPlace,
  names: Map<string, number>,
): string | undefined {
  if (!entry) {
    return missing(
      reader,
      place,
      'name',
      'the notify target has no name; expected name: <a unique name> (warnings name the target, never its URL)',
    );
  }
  const name = reader.readText(entry, 'a notify target name');
  if (name === undefined) return undefined;
  const at = reader.valueNode(entry);
  if (name.trim() === '') {
    reader.error(at, entry.path, 'expected a non-empty notify target name');
    return undefined;
  }
  const length = Array.from(name).length;
  if (length > MAX_NOTIFY_NAME_LENGTH) {
    reader.error(
      at,
      entry.path,
      `a notify target name of ${length} characters; expected at most ${MAX_NOTIFY_NAME_LENGTH}`,
    );
    return undefined;
  }
  const first = names.get(name);
  if (first !== undefined) {
    reader.error(
      at,
      entry.path,
      `duplicate notify target name "${name}" (first used on line ${first}); expected every name to be unique`,
    );
    return undefined;
  }
  names.set(name, reader.positionOf(at).line);
  return name;
}

function readUrlEnv(
  reader: ConfigReader,
  entry: Entry | undefined,
  place: TargetPlace,
): string | undefined {
  if (!entry) {
    return missing(
      reader,
      place,
      'url-env',
      `the notify target has no url-env; expected url-env: <the environment variable that holds the URL>; ${SECRET_ADVICE}`,
    );
  }
  const target = reader.resolve(entry.value, entry.path);
  const at = reader.valueNode(entry);
  const text =
    target !== null && isScalar(target) && typeof target.value === 'string' ? target.value : null;
  if (text !== null && looksLikeUrl(text)) {
    // The value is not repeated: it is a secret that should not have been written down.
    reader.error(
      at,
      entry.path,
      `url-env takes the name of an environment variable, not a URL; ${SECRET_ADVICE} (and rotate the URL: it is in the repository now)`,
    );
    return undefined;
  }
  const name = reader.readText(
    entry,
    'the name of an environment variable such as DEPLOY_WINDOW_SLACK_URL',
  );
  if (name === undefined) return undefined;
  if (!ENV_NAME.test(name) || name.length > MAX_URL_ENV_LENGTH) {
    reader.error(
      at,
      entry.path,
      `expected the name of an environment variable (capital letters, digits and _, not starting with a digit, at most ${MAX_URL_ENV_LENGTH} characters), got "${name}"`,
      envNameHint(name),
    );
    return undefined;
  }
  return name;
}

function readFormat(
  reader: ConfigReader,
  entry: Entry | undefined,
  place: TargetPlace,
): NotifyFormat | undefined {
  const expected = NOTIFY_FORMATS.join(', ');
  if (!entry) {
    return missing(
      reader,
      place,
      'format',
      `the notify target has no format; expected format: one of ${expected}`,
    );
  }
  const text = reader.readText(entry, `a format (${expected})`);
  if (text === undefined) return undefined;
  if ((NOTIFY_FORMATS as readonly string[]).includes(text)) return text as NotifyFormat;
  reader.error(
    reader.valueNode(entry),
    entry.path,
    `unknown format "${text}"; expected one of ${expected}`,
    suggest(text, NOTIFY_FORMATS),
  );
  return undefined;
}

/** `on:` as one event or a list of them; absent: every event. */
function readEvents(reader: ConfigReader, entry: Entry | undefined): NotifyEvent[] | undefined {
  if (!entry) return [...NOTIFY_EVENTS];
  const expected = NOTIFY_EVENTS.join(', ');
  const what = `an event (${expected})`;
  const items = oneOrList(reader, entry, (value) => value !== null, `${what} or a list of them`);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `expected at least one event (${expected}); leave on: out to be told of every event`,
    );
    return undefined;
  }
  const events: NotifyEvent[] = [];
  let failed = false;
  for (const item of items) {
    const text = reader.textOf(item.node, item.path, what);
    if (text === undefined) {
      failed = true;
      continue;
    }
    if (!(NOTIFY_EVENTS as readonly string[]).includes(text)) {
      reader.error(
        item.node,
        item.path,
        `unknown event "${text}"; expected ${expected}`,
        suggest(text, NOTIFY_EVENTS),
      );
      failed = true;
      continue;
    }
    if (!events.includes(text as NotifyEvent)) events.push(text as NotifyEvent);
  }
  return failed ? undefined : events;
}

function readTarget(
  reader: ConfigReader,
  node: Node | null,
  path: string,
  names: Map<string, number>,
): NotifyTarget | undefined {
  const before = reader.errors.length;
  const entries = reader.readMap(
    node,
    path,
    NOTIFY_TARGET_KEYS,
    'a notify target (name, url-env, format, on)',
  );
  const pointed = keysPointedAt(reader, before, path);
  if (!entries) return undefined;
  const place: TargetPlace = { node: reader.resolve(node, path), path, pointed };
  const name = readName(reader, entries.get('name'), place, names);
  const urlEnv = readUrlEnv(reader, entries.get('url-env'), place);
  const format = readFormat(reader, entries.get('format'), place);
  const on = readEvents(reader, entries.get('on'));
  if (name === undefined || urlEnv === undefined || format === undefined || on === undefined) {
    return undefined;
  }
  return { name, urlEnv, format, on };
}

/** The `notify:` list; [] when absent; undefined after errors. */
export function readNotify(
  reader: ConfigReader,
  entry: Entry | undefined,
): NotifyTarget[] | undefined {
  if (!entry) return [];
  const items = reader.readList(
    entry,
    'a list of notify targets (each starting with "- name: ...")',
  );
  if (!items) return undefined;
  if (items.length > MAX_NOTIFY_TARGETS) {
    reader.error(
      entry.key,
      entry.path,
      `${items.length} notify targets; expected at most ${MAX_NOTIFY_TARGETS} in one config`,
    );
    return undefined;
  }
  const names = new Map<string, number>();
  const targets: NotifyTarget[] = [];
  for (const item of items) {
    const target = readTarget(reader, item.node, item.path, names);
    if (target) targets.push(target);
  }
  return targets.length === items.length ? targets : undefined;
}
