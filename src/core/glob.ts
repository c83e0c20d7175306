// One glob matcher for environments and CODEOWNERS, linear in the input: patterns compile to a
// token list simulated as a set of states (no regular expression built from user text, so no
// catastrophic backtracking, whatever the pattern). docs/security.md, "Files and sizes".

export interface GlobOptions {
  /** `*`, `?` and classes stop at `/` (paths); else they match any character (names). */
  segments: boolean;
  /** Letters compare without case (environment names). */
  ignoreCase: boolean;
  /** `[abc]` is a class (else `[` is itself). Default true. */
  classes?: boolean;
  /** `{a,b}` alternatives (GitLab's CODEOWNERS). Default false. */
  braces?: boolean;
  /**
   * `**` that is not `**` + `/` at the start of a segment: `all` crosses `/` (GitHub), `star`
   * stays in the segment (GitLab's fnmatch). Default `all`.
   */
  doubleStar?: 'all' | 'star';
  /** `**` + `/` counts as "any directories" only at the start of a segment. Default false. */
  dirsAtSegmentStart?: boolean;
}

/** A compiled glob: `matches(text)`; with `subpaths`, also anything under a match (`dir/...`). */
export interface Glob {
  matches(text: string, options?: { subpaths?: boolean }): boolean;
}

/** Patterns longer than this are refused: a pattern is a line of a file, not a program. */
export const MAX_GLOB_LENGTH = 4096;
/** `{a,b}` alternatives expand to at most this many patterns. */
const MAX_ALTERNATIVES = 64;

type Token =
  | { kind: 'char'; char: string }
  /** `?`: one character (not `/` with segments). */
  | { kind: 'one' }
  /** `[abc]`, `[a-z]`, `[!x]`: one character in (or not in) the set. */
  | { kind: 'class'; ranges: [string, string][]; negated: boolean }
  /** `*`: any run of characters (not `/` with segments). */
  | { kind: 'star' }
  /** `**` not followed by `/`: any run of characters, `/` included. */
  | { kind: 'all' }
  /** `**` + `/`: nothing, or any run of characters that ends with `/` (zero or more directories). */
  | { kind: 'dirs' };

// Tokens carry no position, so one object serves every use: a 4,096-character pattern with 64
// brace alternatives would otherwise allocate a quarter of a million of them.
const ONE: Token = { kind: 'one' };
const STAR: Token = { kind: 'star' };
const ALL: Token = { kind: 'all' };
const DIRS: Token = { kind: 'dirs' };
const charTokens = new Map<string, Token>();
/** Bounds the shared character tokens (the text decides which characters appear). */
const MAX_SHARED_CHARS = 4096;

// Classes by their text (`[a-z]`), bounded the same way.
const classTokens = new Map<string, { token: Token; length: number }>();

function charToken(char: string): Token {
  let token = charTokens.get(char);
  if (token === undefined) {
    token = { kind: 'char', char };
    if (charTokens.size < MAX_SHARED_CHARS) charTokens.set(char, token);
  }
  return token;
}

export class GlobError extends Error {
  override name = 'GlobError';
}

function parseClass(glob: string, open: number): { token: Token; end: number } | null {
  let index = open + 1;
  let negated = false;
  if (glob[index] === '!' || glob[index] === '^') {
    negated = true;
    index++;
  }
  const ranges: [string, string][] = [];
  let first = true;
  while (index < glob.length && (glob[index] !== ']' || first)) {
    first = false;
    let low = glob[index] as string;
    if (low === '\\' && index + 1 < glob.length) low = glob[++index] as string;
    let high = low;
    if (glob[index + 1] === '-' && index + 2 < glob.length && glob[index + 2] !== ']') {
      high = glob[index + 2] as string;
      if (high === '\\' && index + 3 < glob.length) {
        high = glob[index + 3] as string;
        index++;
      }
      index += 2;
      if (high < low) throw new GlobError(`the range ${low}-${high} in [...] runs backwards`);
    }
    ranges.push([low, high]);
    index++;
  }
  if (index >= glob.length) return null;
  return { token: { kind: 'class', ranges, negated }, end: index };
}

/** parseClass, with the token of a class already seen (the same text) shared. */
function sharedClass(glob: string, open: number): { token: Token; end: number } | null {
  // A class ends at the first `]` past its first character (escapes aside): try the text up to
  // there as a key; on a miss (or escapes) parse it.
  const close = glob.indexOf(']', open + 2);
  const key = close === -1 ? null : glob.slice(open, close + 1);
  const known = key === null ? undefined : classTokens.get(key);
  if (known !== undefined) return { token: known.token, end: open + known.length - 1 };
  const parsed = parseClass(glob, open);
  if (
    parsed !== null &&
    key !== null &&
    parsed.end === close &&
    classTokens.size < MAX_SHARED_CHARS
  ) {
    classTokens.set(key, { token: parsed.token, length: close - open + 1 });
  }
  return parsed;
}

function tokenize(glob: string, options: GlobOptions): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '\\' && index + 1 < glob.length) {
      tokens.push(charToken(glob[++index] as string));
    } else if (char === '*') {
      const segmentStart = index === 0 || glob[index - 1] === '/';
      const pair = glob[index + 1] === '*';
      if (pair && glob[index + 2] === '/' && (segmentStart || !options.dirsAtSegmentStart)) {
        tokens.push(DIRS);
        index += 2;
      } else if (pair && (options.doubleStar ?? 'all') === 'all') {
        // Stars pair up from the left: `***` is `**` then `*`.
        tokens.push(ALL);
        index += 1;
      } else {
        // One star, or (fnmatch) any run of stars that is not `**` + `/`: one segment wildcard.
        while (glob[index + 1] === '*') index++;
        tokens.push(STAR);
      }
    } else if (char === '?') {
      tokens.push(ONE);
    } else if (char === '[' && options.classes !== false) {
      const parsed = sharedClass(glob, index);
      if (parsed === null) tokens.push(charToken(char));
      else {
        tokens.push(parsed.token);
        index = parsed.end;
      }
    } else {
      tokens.push(charToken(char));
    }
  }
  return simplify(tokens);
}

/**
 * Runs of tokens that may match nothing, written shorter with the same meaning: `*` `*` is `*`,
 * `**` + `/` twice is once, and a run holding a `**` that crosses `/` is that one `**`. Fewer
 * states to step, and with `minLength` (compileOne) a pattern that needs more characters than
 * the text has is refused before any is read.
 */
function simplify(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.some((token) => token.kind === 'all')) out.push(ALL);
    else
      for (const token of run)
        if (out.at(-1)?.kind !== token.kind || !nullable(token)) out.push(token);
    run = [];
  };
  for (const token of tokens) {
    if (nullable(token)) {
      run.push(token);
    } else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

/** `{a,b}c` -> `ac`, `bc` (GitLab's CODEOWNERS extglob braces), at most MAX_ALTERNATIVES. */
export function expandBraces(glob: string): string[] {
  let open = -1;
  for (let index = 0; index < glob.length; index++) {
    if (glob[index] === '\\') index++;
    else if (glob[index] === '{') {
      open = index;
      break;
    }
  }
  if (open === -1) return [glob];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let index = open; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === ',' && depth === 1) commas.push(index);
    else if (char === '}' && --depth === 0) {
      close = index;
      break;
    }
  }
  if (close === -1) return [glob];
  const bounds = [open, ...commas, close];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const out: string[] = [];
  for (let part = 0; part + 1 < bounds.length; part++) {
    const middle = glob.slice((bounds[part] as number) + 1, bounds[part + 1]);
    for (const expanded of expandBraces(`${head}${middle}${tail}`)) {
      out.push(expanded);
      if (out.length > MAX_ALTERNATIVES) {
        throw new GlobError(`more than ${MAX_ALTERNATIVES} alternatives in {...}`);
      }
    }
  }
  return out;
}

function fold(char: string, ignoreCase: boolean): string {
  return ignoreCase ? char.toLowerCase() : char;
}

function inClass(token: Extract<Token, { kind: 'class' }>, char: string, options: GlobOptions) {
  if (options.segments && char === '/') return false;
  const candidates = options.ignoreCase ? [char.toLowerCase(), char.toUpperCase()] : [char];
  const hit = token.ranges.some(([low, high]) => candidates.some((c) => c >= low && c <= high));
  return token.negated ? !hit : hit;
}

/** Tokens that may match nothing: their state also stands for the next one. */
function nullable(token: Token): boolean {
  return token.kind === 'star' || token.kind === 'all' || token.kind === 'dirs';
}

function compileOne(glob: string, options: GlobOptions): Glob {
  const tokens = tokenize(glob, options);
  const size = tokens.length;
  /** The fewest characters a match takes: a shorter text cannot match, nor have a match under it. */
  const minLength = tokens.filter((token) => !nullable(token)).length;
  // State i: before token i. State size + 1 + i: inside the `**` + `/` token i, past at least
  // one character, so it can only be left through a `/`.
  const inside = size + 1;
  return {
    matches(text, { subpaths = false } = {}) {
      if (text.length < minLength) return false;
      // The live states as a list (work per character is the number alive, not the pattern's
      // length), and which list each state was last added to.
      const addedTo = new Int32Array(2 * size + 1).fill(-1);
      let generation = 0;
      let current: number[] = [];
      let next: number[] = [];
      /** Adds a state and, past tokens that may match nothing, the states after it. */
      const add = (list: number[], first: number) => {
        for (let state = first; addedTo[state] !== generation; state++) {
          addedTo[state] = generation;
          list.push(state);
          if (state >= size || !nullable(tokens[state] as Token)) return;
        }
      };
      add(current, 0);
      for (let position = 0; position < text.length; position++) {
        // A match of the whole pattern followed by `/`: the rest lies under it.
        if (subpaths && addedTo[size] === generation && text[position] === '/') return true;
        const char = text[position] as string;
        const folded = fold(char, options.ignoreCase);
        generation++;
        next.length = 0;
        for (const state of current) {
          if (state > size) {
            add(next, state);
            if (char === '/') add(next, state - inside + 1);
            continue;
          }
          if (state === size) continue;
          const token = tokens[state] as Token;
          switch (token.kind) {
            case 'char':
              if (fold(token.char, options.ignoreCase) === folded) add(next, state + 1);
              break;
            case 'one':
              if (!(options.segments && char === '/')) add(next, state + 1);
              break;
            case 'class':
              if (inClass(token, char, options)) add(next, state + 1);
              break;
            case 'star':
              if (!(options.segments && char === '/')) add(next, state);
              break;
            case 'all':
              add(next, state);
              break;
            case 'dirs':
              add(next, inside + state);
              if (char === '/') add(next, state + 1);
              break;
          }
        }
        if (next.length === 0) return false;
        [current, next] = [next, current];
      }
      return addedTo[size] === generation;
    },
  };
}

/**
 * What the patterns of one look-up may cost, in characters once braces are expanded: a file of
 * patterns is compiled a line at a time, and braces make a line up to MAX_ALTERNATIVES times
 * as long. Shared by the look-up's patterns; running out is a GlobError.
 */
export interface GlobBudget {
  characters: number;
}

/**
 * Compiles a glob (braces expanded); throws GlobError for a pattern it will not match with, or
 * when `budget` cannot pay for its expanded alternatives.
 */
export function compileGlob(glob: string, options: GlobOptions, budget?: GlobBudget): Glob {
  if (glob.length > MAX_GLOB_LENGTH) {
    throw new GlobError(`the pattern is longer than ${MAX_GLOB_LENGTH} characters`);
  }
  const patterns = options.braces ? expandBraces(glob) : [glob];
  if (budget) {
    budget.characters -= patterns.reduce((sum, one) => sum + one.length, 0);
    if (budget.characters < 0) {
      throw new GlobError(
        'the patterns, braces expanded, are too long to match in one look-up (docs/security.md, "Files and sizes")',
      );
    }
  }
  const alternatives = patterns.map((one) => compileOne(one, options));
  return {
    matches: (text, matchOptions) => alternatives.some((one) => one.matches(text, matchOptions)),
  };
}
