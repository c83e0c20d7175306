// parseDocument from the YAML library, except that double-quoted values are read here in
// linear time and memory: the library builds them a character at a time, which V8 keeps as one
// 32-byte piece per character while the document lives (docs/config.md, Limits).
import {
  Composer,
  type CST,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  Parser,
  Scalar,
  YAMLParseError,
} from 'yaml';

export interface YamlOptions {
  lineCounter: LineCounter;
  uniqueKeys: boolean;
}

/**
 * At most this many keys in one map (docs/config.md, Limits). The library finds duplicate keys
 * by comparing each key with every earlier one of its map: one map of 50,000 keys took 15 s.
 * No config needs more than a few dozen.
 */
export const MAX_MAP_KEYS = 1000;

/**
 * At most this many lists and maps nested in one another, the document's own included
 * (docs/config.md, Limits). The YAML library composes recursively: thousands of levels deep it
 * runs out of stack, and when that happens while V8 compiles a regular expression, V8 aborts
 * the process. A config needs four or five.
 */
export const MAX_YAML_DEPTH = 64;

/** Why a text is refused before it is composed, and the offset of the collection concerned. */
export type YamlRefusal = { limit: 'map-keys' | 'depth'; offset: number };

/**
 * The composed document, or only a refusal: a map with more than MAX_MAP_KEYS keys (composing
 * 49,000 keys took most of a second), or lists and maps nested more than MAX_YAML_DEPTH deep.
 */
export type YamlDocument =
  | { document: Document<Node, true>; refused: null }
  | { document: null; refused: YamlRefusal };

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

const HEX = /^[0-9a-fA-F]+$/;

/**
 * The value of a double-quoted scalar's source (quotes included) exactly as the YAML library
 * reads it (its doubleQuotedValue: escapes, line folding, trailing blanks before a line
 * break), built from slices of the source; null where the library reports an error (a bad
 * escape, a missing closing quote), which is then left to the library.
 */
export function doubleQuotedValue(source: string): string | null {
  if (source.length < 2 || source[source.length - 1] !== '"') return null;
  const parts: string[] = [];
  /** Where the characters taken as they are began. */
  let run = 1;
  const cut = (end: number, next: number) => {
    if (end > run) parts.push(source.slice(run, end));
    run = next;
  };
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') {
      cut(i, i + 1);
    } else if (ch === '\n') {
      cut(i, i);
      // One line break folds to a space; more keep all but one, blanks between them dropped.
      let fold = '';
      let next = source[i + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[i + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        i += 1;
        next = source[i + 1];
      }
      parts.push(fold || ' ');
      run = i + 1;
    } else if (ch === '\\') {
      cut(i, i);
      let next = source[++i] as string;
      const escaped = ESCAPES[next];
      if (escaped !== undefined) parts.push(escaped);
      else if (next === '\n' || (next === '\r' && source[i + 1] === '\n')) {
        // An escaped line break joins the lines; the next line's indentation is dropped.
        if (next === '\r') i += 1;
        next = source[i + 1] as string;
        while (next === ' ' || next === '\t') next = source[++i + 1] as string;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const digits = source.substr(i + 1, length);
        const code = digits.length === length && HEX.test(digits) ? parseInt(digits, 16) : -1;
        if (code < 0 || code > 0x10ffff) return null;
        parts.push(String.fromCodePoint(code));
        i += length;
      } else return null;
      run = i + 1;
    } else if (ch === ' ' || ch === '\t') {
      // Blanks stay unless a line break follows them.
      const blanksFrom = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next === '\n' || (next === '\r' && source[i + 2] === '\n')) cut(blanksFrom, i + 1);
    }
  }
  cut(source.length - 1, source.length);
  return parts.join('');
}

/** A value token of a collection item or document, and the tokens written before it. */
interface ValueSlot {
  value?: CST.Token;
  start?: readonly CST.SourceToken[];
  sep?: readonly CST.SourceToken[];
  /** How many collections hold the value: 0 for a document's. */
  depth: number;
}

/**
 * Does a tag written before a value make it something other than text? `!!str` and the
 * non-specific `!` keep a quoted value text, unless a %TAG directive renames `!!`.
 */
const changesText = (tokens: readonly CST.SourceToken[] | undefined, strIsStr: boolean) =>
  tokens?.some(
    (token) =>
      token.type === 'tag' && !(strIsStr && (token.source === '!!str' || token.source === '!')),
  ) ?? false;

/**
 * One pass over the parsed tokens before they are composed (no recursion: documents may nest
 * deeply). Puts a placeholder of the same length (a single-quoted run of blanks) in place of
 * every double-quoted value that is text (untagged, `!!str` or `!`) and reads without errors,
 * and returns those texts by offset; scalar keys stay as they are, so duplicate keys are
 * still found. Also finds the first collection that passes a limit: a map, a map used as a key
 * included, with more than MAX_MAP_KEYS keys, or one nested more than MAX_YAML_DEPTH deep.
 */
function prepareTokens(tokens: readonly CST.Token[]): {
  taken: Map<number, string>;
  refused: YamlRefusal | null;
} {
  const taken = new Map<number, string>();
  let refused: YamlRefusal | null = null;
  const refuse = (limit: YamlRefusal['limit'], offset: number) => {
    if (refused === null || offset < refused.offset) refused = { limit, offset };
  };
  const slots: ValueSlot[] = [];
  for (const token of tokens) if (token.type === 'document') slots.push({ ...token, depth: 0 });
  const strIsStr = !tokens.some(
    (token) => token.type === 'directive' && token.source.startsWith('%TAG'),
  );
  for (let slot = slots.pop(); slot !== undefined; slot = slots.pop()) {
    const value = slot.value;
    if (value === undefined) continue;
    if (value.type === 'double-quoted-scalar') {
      if (changesText(slot.start, strIsStr) || changesText(slot.sep, strIsStr)) continue;
      const text = doubleQuotedValue(value.source);
      if (text === null) continue;
      taken.set(value.offset, text);
      value.type = 'single-quoted-scalar';
      value.source = `'${' '.repeat(value.source.length - 2)}'`;
    } else if ('items' in value) {
      const depth = slot.depth + 1;
      if (depth > MAX_YAML_DEPTH) {
        refuse('depth', value.offset);
        continue;
      }
      const isMap =
        value.type === 'block-map' ||
        (value.type === 'flow-collection' && value.start.source === '{');
      if (isMap && value.items.length > MAX_MAP_KEYS) refuse('map-keys', value.offset);
      for (const item of value.items) {
        slots.push({ ...item, depth });
        if (item.key && 'items' in item.key) slots.push({ value: item.key, depth });
      }
    }
  }
  return { taken, refused };
}

/** Gives the scalars that got placeholders their texts back, as double-quoted scalars. */
function restore(doc: Document, taken: ReadonlyMap<number, string>): void {
  if (taken.size === 0) return;
  const nodes: unknown[] = [doc.contents];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    if (isScalar(node)) {
      const text = node.range ? taken.get(node.range[0]) : undefined;
      if (text !== undefined && node.type === Scalar.QUOTE_SINGLE) {
        node.value = text;
        node.source = text;
        node.type = Scalar.QUOTE_DOUBLE;
      }
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) nodes.push(item);
    } else if (isPair(node)) {
      nodes.push(node.key, node.value);
    }
  }
}

/** One YAML document with the core schema (dates and times stay text) and no pretty errors. */
export function parseYamlDocument(text: string, options: YamlOptions): YamlDocument {
  const tokens = Array.from(new Parser(options.lineCounter.addNewLine).parse(text));
  const { taken, refused } = prepareTokens(tokens);
  if (refused !== null) return { document: null, refused };
  const composer = new Composer({
    lineCounter: options.lineCounter,
    schema: 'core',
    prettyErrors: false,
    uniqueKeys: options.uniqueKeys,
  });
  let doc: Document<Node, true> | null = null;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next as Document<Node, true>;
    else {
      doc.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  // compose(..., true) always ends with a document.
  const document = doc as Document<Node, true>;
  restore(document, taken);
  return { document, refused: null };
}
