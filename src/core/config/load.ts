// Config YAML text -> validated Config, or every problem of the file at once, each with its
// file, line, column, key path and what was expected.
import { CST, isMap, isScalar, isSeq, Lexer, LineCounter, type Node } from 'yaml';
import { errorMessage } from '../errors.js';
import type {
  Config,
  ConfigIssue,
  ExemptConfig,
  LoadOptions,
  LoadResult,
  WindowConfig,
} from '../types.js';
import { EXTENDS_KEY, readExtends } from './extends.js';
import { checkWindowLimits } from './limits.js';
import { NOTIFY_KEY, readNotify } from './notify.js';
import {
  ConfigReader,
  childPath,
  cleanMessage,
  describeNode,
  type Entries,
  type Entry,
  indexPath,
} from './reader.js';
import { REQUIRE_REASON_KEY, readRequireReason } from './require-reason.js';
import { readWindow, readZone } from './window.js';
import { MAX_MAP_KEYS, MAX_YAML_DEPTH, parseYamlDocument } from './yaml-document.js';

export const TOP_LEVEL_KEYS = [
  'version',
  'timezone',
  'message',
  'exempt',
  'windows',
  NOTIFY_KEY,
  EXTENDS_KEY,
] as const;
/** At most this many windows in one config (docs/config.md, Limits). */
export const MAX_WINDOWS = 1000;
/**
 * At most this many YAML values (keys, scalars, aliases, lists and maps) in one config: the
 * YAML library spends time and memory per value, so a 1 MiB file of `[a,a,a,...]` is refused
 * before it is parsed. A full 1,000-window config stays well under it.
 */
export const MAX_YAML_VALUES = 100_000;
const EXEMPT_KEYS = ['users', 'teams', 'codeowners', REQUIRE_REASON_KEY] as const;

/** What to do about the YAML errors people meet most. */
const SYNTAX_ADVICE: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces',
  BLOCK_AS_IMPLICIT_KEY: 'put a value that contains ": " in quotes, or check the indentation',
  MULTILINE_IMPLICIT_KEY: 'put a value that contains ": " in quotes, or check the indentation',
  BAD_INDENT: 'check the indentation and the closing bracket',
  BAD_SCALAR_START: 'put the value in quotes',
};

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.column - b.column;
}

/** The token types that start a YAML value. */
const VALUE_TOKENS = new Set([
  'scalar',
  'alias',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'flow-seq-start',
  'flow-map-start',
  'seq-item-ind',
  'explicit-key-ind',
]);

/** The offset at which the text passes MAX_YAML_VALUES values, or null when it stays under. */
function tooManyValuesAt(text: string): number | null {
  // A value token takes at least one character, and at most one zero-length scalar marker
  // follows it (`{|` lexes to three values in two characters): a text of at most half the
  // limit cannot pass it, and lexing it twice would only cost start-up time.
  if (text.length * 2 <= MAX_YAML_VALUES) return null;
  let values = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type !== null && VALUE_TOKENS.has(type) && ++values > MAX_YAML_VALUES) return offset;
    // Type markers (scalar, document) take no room in the text.
    if (type !== 'scalar' && type !== 'doc-mode' && type !== 'flow-error-end')
      offset += token.length;
  }
  return null;
}

/** Parses the YAML with positions; only its syntax errors when it does not parse. */
function parseYaml(
  file: string,
  text: string,
): { reader: ConfigReader; root: Node | null } | ConfigIssue[] {
  const lines = new LineCounter();
  const refusal = (offset: number, message: string): ConfigIssue[] => {
    const { line, col } = lines.linePos(offset);
    return [{ file, line: Math.max(1, line), column: Math.max(1, col), path: '', message }];
  };
  const crowded = tooManyValuesAt(text);
  if (crowded !== null) {
    lines.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1 && at < crowded; at = text.indexOf('\n', at + 1)) {
      lines.addNewLine(at + 1);
    }
    const limit = MAX_YAML_VALUES.toLocaleString('en-US');
    return refusal(
      crowded,
      `the config has more than ${limit} YAML values (keys, list items, aliases); expected at most ${limit}`,
    );
  }
  // The core schema keeps dates and times as strings, even under a `%YAML 1.1` directive.
  const { document: doc, refused } = parseYamlDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
  });
  if (doc === null) {
    if (refused.limit === 'depth') {
      return refusal(
        refused.offset,
        `lists and maps nest more than ${MAX_YAML_DEPTH} levels deep here; expected at most ${MAX_YAML_DEPTH} (a config needs a few)`,
      );
    }
    const limit = MAX_MAP_KEYS.toLocaleString('en-US');
    return refusal(
      refused.offset,
      `a map in the config has more than ${limit} keys; expected at most ${limit}`,
    );
  }
  const reader = new ConfigReader(file, lines, doc);
  const problems: ConfigIssue[] = [];
  let fatal = false;
  const duplicatePaths = pathsOfKeysAt(
    (doc.contents as Node | null) ?? null,
    new Set(doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0])),
  );
  for (const error of doc.errors) {
    const position = reader.positionAtOffset(error.pos[0]);
    const firstLine = error.message.split('\n')[0] ?? '';
    const message = /call stack/i.test(firstLine)
      ? 'the document nests too deeply to read; expected lists and maps nested a few levels'
      : cleanMessage(firstLine.replace(/ at line \d+, column \d+:?$/, ''));
    if (error.code === 'DUPLICATE_KEY') {
      problems.push({
        file,
        ...position,
        path: duplicatePaths.get(error.pos[0]) ?? '',
        message: 'duplicate key; expected each key once in a map',
      });
    } else {
      fatal = true;
      const advice = SYNTAX_ADVICE[error.code];
      const text = advice ? `invalid YAML: ${message}; ${advice}` : `invalid YAML: ${message}`;
      problems.push({ file, ...position, path: '', message: text });
    }
  }
  if (fatal) return problems;
  reader.errors.push(...problems);
  return { reader, root: (doc.contents as Node | null) ?? null };
}

/**
 * The key paths (`windows[1].time`) of the keys written at `offsets`: the YAML library reports
 * a duplicate key by its offset alone. One pass over the document for all of them (a config may
 * hold thousands), no recursion (documents may nest deeply).
 */
function pathsOfKeysAt(root: Node | null, offsets: ReadonlySet<number>): Map<number, string> {
  const paths = new Map<number, string>();
  if (offsets.size === 0) return paths;
  const nodes: [unknown, string][] = [[root, '']];
  for (let next = nodes.pop(); next !== undefined; next = nodes.pop()) {
    const [node, path] = next;
    if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) nodes.push([item, indexPath(path, index)]);
    } else if (isMap(node)) {
      for (const { key, value } of node.items) {
        if (!isScalar(key)) continue;
        // As the reader names keys (./reader.ts, collectEntries).
        const name = typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
        const keyPath = childPath(path, name);
        const at = key.range?.[0];
        if (at !== undefined && offsets.has(at)) paths.set(at, keyPath);
        nodes.push([value, keyPath]);
      }
    }
  }
  return paths;
}

function readVersion(reader: ConfigReader, entry: Entry | undefined, root: Node | null): void {
  if (!entry) {
    reader.error(root, 'version', 'missing version; expected version: 1 at the top of the file');
    return;
  }
  const node = reader.resolve(entry.value, entry.path);
  const scalar = node !== null && isScalar(node) ? node : null;
  if (scalar?.value === 1) return;
  const message =
    typeof scalar?.value === 'number'
      ? `unsupported version ${scalar.source ?? scalar.value}; expected 1 (the only version of this format)`
      : `expected version: 1 (the number), got ${describeNode(node)}`;
  reader.error(reader.valueNode(entry), entry.path, message);
}

function readExempt(reader: ConfigReader, entry: Entry | undefined): ExemptConfig | undefined {
  const exempt: ExemptConfig = { users: [], teams: [], codeowners: null, requireReason: false };
  if (!entry) return exempt;
  const entries = reader.readMap(
    entry.value,
    entry.path,
    EXEMPT_KEYS,
    'who may deploy anyway: users, teams, codeowners, require-reason',
    reader.valueNode(entry),
  );
  if (!entries) return undefined;
  let ok = true;
  for (const key of ['users', 'teams'] as const) {
    const list = entries.get(key);
    if (!list) continue;
    const what = key === 'users' ? 'a user login' : 'a team (org/team-slug or group path)';
    const values = reader.readTextList(list, what, true);
    if (values === undefined) ok = false;
    else exempt[key] = values.map((value) => value.trim()).filter((value) => value !== '');
  }
  const codeowners = entries.get('codeowners');
  if (codeowners) {
    const path = reader.readText(
      codeowners,
      'a repository path whose CODEOWNERS owners are exempt',
    );
    if (path === undefined) ok = false;
    else exempt.codeowners = path;
  }
  const requireReason = entries.get(REQUIRE_REASON_KEY);
  if (requireReason) {
    const value = readRequireReason(reader, requireReason);
    if (value === undefined) ok = false;
    else exempt.requireReason = value;
  }
  return ok ? exempt : undefined;
}

function readWindows(
  reader: ConfigReader,
  entry: Entry | undefined,
  zone: string,
  options: LoadOptions,
): WindowConfig[] | undefined {
  if (!entry) return [];
  const items = reader.readList(entry, 'a list of windows (each starting with "- name: ...")');
  if (!items) return undefined;
  if (items.length > MAX_WINDOWS) {
    const limit = MAX_WINDOWS.toLocaleString('en-US');
    reader.error(
      entry.key,
      entry.path,
      `${items.length.toLocaleString('en-US')} windows; expected at most ${limit} in one config`,
    );
    return undefined;
  }
  const names = new Map<string, number>();
  const windows: WindowConfig[] = [];
  for (const item of items) {
    const window = readWindow(reader, item.node, item.path, { zone, options, names });
    if (window) windows.push(window);
  }
  if (windows.length !== items.length) return undefined;
  const before = reader.errors.length;
  checkWindowLimits(reader, items, windows);
  return reader.errors.length === before ? windows : undefined;
}

function readConfig(
  reader: ConfigReader,
  root: Node | null,
  options: LoadOptions,
): Config | undefined {
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    reader.error(root, '', 'the config is empty; expected a map with version: 1 and windows');
    return undefined;
  }
  const entries: Entries | undefined = reader.readMap(
    root,
    '',
    TOP_LEVEL_KEYS,
    'a map with version: 1 and windows at the top level',
  );
  if (!entries) return undefined;
  readVersion(reader, entries.get('version'), reader.resolve(root, ''));
  const zoneEntry = entries.get('timezone');
  const zone = zoneEntry ? readZone(reader, zoneEntry, () => options.localZone ?? 'UTC') : 'UTC';
  const messageEntry = entries.get('message');
  const message = messageEntry ? reader.readText(messageEntry, 'a message (text)') : null;
  const exempt = readExempt(reader, entries.get('exempt'));
  const windows = readWindows(reader, entries.get('windows'), zone ?? 'UTC', options);
  const notify = readNotify(reader, entries.get(NOTIFY_KEY));
  const sources = readExtends(reader, entries.get(EXTENDS_KEY));
  if (zone === undefined || message === undefined || !exempt || !windows) return undefined;
  if (!notify || !sources) return undefined;
  return {
    version: 1,
    file: options.file,
    timezone: zone,
    message,
    exempt,
    windows,
    notify,
    extends: sources,
  };
}

function unexpectedFailure(file: string, error: unknown): ConfigIssue {
  const why = errorMessage(error);
  return { file, line: 1, column: 1, path: '', message: `the config could not be read: ${why}` };
}

/**
 * Validates config YAML text. Pure: referenced files come through options.readFile, holiday
 * data through options.holidays. Never throws: every problem becomes a ConfigIssue.
 */
export function loadConfig(text: string, options: LoadOptions): LoadResult {
  try {
    const parsed = parseYaml(options.file, String(text));
    if (Array.isArray(parsed)) return { ok: false, errors: parsed.sort(byPosition) };
    const { reader, root } = parsed;
    const config = readConfig(reader, root, options);
    const warnings = [...reader.warnings].sort(byPosition);
    if (reader.errors.length > 0 || !config) {
      const errors =
        reader.errors.length > 0
          ? reader.errors
          : [unexpectedFailure(options.file, 'invalid config')];
      return { ok: false, errors: [...errors].sort(byPosition) };
    }
    return { ok: true, config, warnings };
  } catch (error) {
    return { ok: false, errors: [unexpectedFailure(options.file, error)] };
  }
}
