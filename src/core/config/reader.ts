// Walking the YAML tree with positions: every value read from the config comes through here,
// so every problem can name its file, line, column and key path.
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type YAMLMap,
} from 'yaml';
import type { ConfigIssue } from '../types.js';
import { suggestKey } from './did-you-mean.js';

/** A key of a map with its value node (null when the YAML gives no value node at all). */
export interface Entry {
  key: Node;
  value: Node | null;
  /** Key path of the value, e.g. `windows[2].timezone`. */
  path: string;
}

export type Entries = Map<string, Entry>;

/**
 * How many maps YAML merge keys (`<<`) may pull in across one config. Each map counts once per
 * map read, however often it is named, so a merge-key bomb (`<<: [*a, *a, ...]` nested) stops
 * here instead of expanding 10^8 times.
 */
export const MAX_MERGED_MAPS = 10_000;
/** How deeply merge keys may nest: a map merging a map that merges a map ... */
export const MAX_MERGE_DEPTH = 8;

export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** How a value reads in an error message: `a string`, `a list`, ... */
export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'number') return `the number ${node.source ?? String(value)}`;
    if (typeof value === 'boolean') return `the boolean ${node.source ?? String(value)}`;
    if (typeof value === 'string') return `the string "${value}"`;
  }
  return 'an unsupported value';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Keeps a message on one readable line: control characters escaped, long quoted values cut. */
export function cleanMessage(message: string): string {
  return message
    .replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/"([^"]{80,})"/g, (_, value: string) => `"${value.slice(0, 77)}..."`);
}

/**
 * Every alias with the node it stands for: the last node before it (in document order) with
 * its anchor, as YAML defines it. One walk with an explicit stack, however deep the nesting.
 */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const targets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isPair(item)) {
      stack.push(item.value, item.key);
      continue;
    }
    if (isAlias(item)) {
      const target = anchors.get(item.source);
      if (target) targets.set(item, target);
      continue;
    }
    if (isScalar(item) || isMap(item) || isSeq(item)) {
      if (item.anchor) anchors.set(item.anchor, item);
      if (!isScalar(item))
        for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
    }
  }
  return targets;
}

/**
 * The same text as one flat string. Strings the YAML library builds piece by piece (block
 * scalars line by line; double-quoted values it reads itself, a character at a time: see
 * yaml-document.ts) are chains of pieces in V8, about 32 bytes a piece, until something reads
 * them whole. Slicing a fresh concatenation makes V8 copy the characters once, so a kept
 * message costs its length.
 */
export function flat(text: string): string {
  return text.length < 16 ? text : ` ${text}`.slice(1);
}

export class ConfigReader {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  /** Maps pulled in by merge keys so far (see MAX_MERGED_MAPS); past the limit, no more. */
  private mergedMaps = 0;
  /** What each alias stands for, found in one walk (the library's own look-up walks the whole document per alias). */
  private aliasTargets: Map<Alias, Node> | null = null;

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
  ) {}

  positionOf(node: Node | null | undefined): { line: number; column: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    return this.positionAtOffset(offset);
  }

  positionAtOffset(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(Math.max(0, offset));
    return { line: Math.max(1, line), column: Math.max(1, col) };
  }

  issue(node: Node | null | undefined, path: string, message: string, hint?: string): ConfigIssue {
    const issue: ConfigIssue = {
      file: this.file,
      ...this.positionOf(node),
      path: cleanMessage(path),
      message: cleanMessage(message),
    };
    if (hint !== undefined) issue.hint = cleanMessage(hint);
    return issue;
  }

  error(node: Node | null | undefined, path: string, message: string, hint?: string): void {
    this.errors.push(this.issue(node, path, message, hint));
  }

  warn(node: Node | null | undefined, path: string, message: string, hint?: string): void {
    this.warnings.push(this.issue(node, path, message, hint));
  }

  /** The node an alias stands for; the node itself otherwise. null (after an error) for an unknown anchor. */
  resolve(node: Node | null, path: string): Node | null {
    if (node === null || !isAlias(node)) return node;
    this.aliasTargets ??= aliasTargets(this.doc);
    const target = this.aliasTargets.get(node);
    if (target === undefined) {
      this.error(node, path, `unknown alias *${node.source}; expected an anchor defined above it`);
      return null;
    }
    return target;
  }

  /**
   * Reads a map whose keys must be among `known`; unknown keys are errors at the key, with a
   * did-you-mean. YAML merge keys (`<<: *defaults`) are applied; keys written in the map win.
   */
  readMap(
    node: Node | null,
    path: string,
    known: readonly string[],
    what: string,
    at: Node | null = node,
  ): Entries | undefined {
    const target = this.resolve(node, path);
    if (target === null && node !== null) return undefined;
    if (target === null || !isMap(target)) {
      this.error(at, path, `expected ${what} (a map), got ${describeNode(target)}`);
      return undefined;
    }
    const entries: Entries = new Map();
    // A refused merge leaves the map incomplete: one error, not others about what it lacks.
    if (!this.collectEntries(target, path, known, entries, null, new Set([target]))) {
      return undefined;
    }
    return entries;
  }

  /**
   * The entries of a map and of the maps its merge keys name, depth first; keys found first
   * win. A map already collected for this read is skipped: every key it could add is already
   * there (or it merges itself), so skipping changes nothing but the cost. `via`: the merge
   * chain so far, the map's own `<<` key first (null for the map itself). False, after one
   * error at that first key (where the error's path points), when a merge is refused.
   */
  private collectEntries(
    map: YAMLMap,
    path: string,
    known: readonly string[],
    entries: Entries,
    via: { first: Node; depth: number } | null,
    seen: Set<YAMLMap>,
  ): boolean {
    const depth = via?.depth ?? 0;
    const merged: { key: Node; maps: YAMLMap[] }[] = [];
    let refused = false;
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const value = (pair.value as Node | null) ?? null;
      if (key === null || !isScalar(key) || key.value === null || typeof key.value === 'object') {
        this.error(key ?? map, path, 'expected a plain key (a name), got a complex key');
        continue;
      }
      const name = typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
      if (name === '<<') {
        if (depth >= MAX_MERGE_DEPTH) {
          this.error(
            via?.first ?? key,
            childPath(path, '<<'),
            `merge keys (<<) nest more than ${MAX_MERGE_DEPTH} levels deep; expected at most ${MAX_MERGE_DEPTH} (merge the maps directly)`,
          );
          refused = true;
          continue;
        }
        merged.push({ key, maps: this.mergeTargets(value, childPath(path, '<<')) });
        continue;
      }
      if (!known.includes(name)) {
        const where = path === '' ? 'at the top level' : `in ${path}`;
        this.error(
          key,
          childPath(path, name),
          `unknown key "${name}" ${where}; expected one of ${known.join(', ')}`,
          suggestKey(name, known),
        );
        continue;
      }
      // A duplicate key is already a YAML error; the first one counts.
      if (!entries.has(name)) entries.set(name, { key, value, path: childPath(path, name) });
    }
    if (refused) return false;
    for (const { key, maps } of merged) {
      for (const source of maps) {
        if (seen.has(source)) continue;
        seen.add(source);
        if (!this.countMergedMap(key, childPath(path, '<<'))) return false;
        const inherited: Entries = new Map();
        const next = { first: via?.first ?? key, depth: depth + 1 };
        if (!this.collectEntries(source, path, known, inherited, next, seen)) return false;
        for (const [name, entry] of inherited) if (!entries.has(name)) entries.set(name, entry);
      }
    }
    return true;
  }

  /** Counts one more merged map; false (after one error) once past MAX_MERGED_MAPS. */
  private countMergedMap(key: Node, path: string): boolean {
    this.mergedMaps++;
    if (this.mergedMaps <= MAX_MERGED_MAPS) return true;
    if (this.mergedMaps === MAX_MERGED_MAPS + 1) {
      const limit = MAX_MERGED_MAPS.toLocaleString('en-US');
      this.error(
        key,
        path,
        `merge keys (<<) pull in more than ${limit} maps; expected at most ${limit} in one config (a limit against merge-key bombs)`,
      );
    }
    return false;
  }

  private mergeTargets(value: Node | null, path: string): YAMLMap[] {
    const target = this.resolve(value, path);
    if (target !== null && isMap(target)) return [target];
    if (target !== null && isSeq(target)) {
      const maps = target.items.map((item) => this.resolve(item as Node, path));
      if (maps.every((item) => item !== null && isMap(item))) return maps as YAMLMap[];
    }
    this.error(value, path, 'a merge key (<<) expects a map or a list of maps (usually *anchor)');
    return [];
  }

  /** A scalar as text (numbers as written; true/false are refused); undefined after an error. */
  readText(entry: Entry, what: string): string | undefined {
    return this.textOf(entry.value ?? null, entry.path, what, entry.key);
  }

  textOf(node: Node | null, path: string, what: string, fallback?: Node): string | undefined {
    const target = this.resolve(node, path);
    if (target === null && node !== null) return undefined;
    if (
      target !== null &&
      isScalar(target) &&
      target.value !== null &&
      target.value !== undefined
    ) {
      const value = target.value;
      if (typeof value === 'string') return flat(value);
      if (typeof value === 'number' || value instanceof Date) {
        // Read as written, so `2026-12-25` never turns into a JS Date and `0800` keeps its zero.
        return target.source ?? String(value);
      }
    }
    const quote =
      target !== null && isScalar(target) && typeof target.value === 'boolean'
        ? ' (quote it if you mean the text)'
        : '';
    this.error(node ?? fallback, path, `expected ${what}, got ${describeNode(target)}${quote}`);
    return undefined;
  }

  /** A list of scalars as text; a single scalar counts as a one-item list when `single`. */
  readTextList(entry: Entry, what: string, single: boolean): string[] | undefined {
    const target = this.resolve(entry.value, entry.path);
    if (target === null && entry.value !== null) return undefined;
    if (single && target !== null && isScalar(target) && target.value !== null) {
      const text = this.textOf(target, entry.path, what);
      return text === undefined ? undefined : [text];
    }
    if (target === null || !isSeq(target)) {
      const form = single ? `${what} or a list of them` : `a list of ${what}`;
      this.error(
        entry.value ?? entry.key,
        entry.path,
        `expected ${form}, got ${describeNode(target)}`,
      );
      return undefined;
    }
    const texts: string[] = [];
    let failed = false;
    for (const [index, item] of target.items.entries()) {
      const text = this.textOf(item as Node, indexPath(entry.path, index), what);
      if (text === undefined) failed = true;
      else texts.push(text);
    }
    return failed ? undefined : texts;
  }

  /** The items of a list with their paths (an alias resolved), or undefined after an error. */
  readList(entry: Entry, what: string): { node: Node | null; path: string }[] | undefined {
    const target = this.resolve(entry.value, entry.path);
    if (target === null && entry.value !== null) return undefined;
    if (target === null || !isSeq(target)) {
      this.error(
        entry.value ?? entry.key,
        entry.path,
        `expected ${what}, got ${describeNode(target)}`,
      );
      return undefined;
    }
    return target.items.map((item, index) => ({
      node: (item as Node | null) ?? null,
      path: indexPath(entry.path, index),
    }));
  }

  /** The value node of an entry, for positions (the key when the value is missing). */
  valueNode(entry: Entry): Node {
    return entry.value ?? entry.key;
  }
}
