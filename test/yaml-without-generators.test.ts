// The bundles' YAML lexer and parser, rewritten without generators at build time
// (scripts/yaml-without-generators.mjs), give the same tokens as the library's own.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutGenerators, yamlLibraryFiles } from '../scripts/yaml-without-generators.mjs';

const root = resolve(import.meta.dirname, '..');
const library = join(root, 'node_modules/yaml/browser/dist');

interface Yaml {
  Lexer: new () => { lex(source: string, incomplete?: boolean): IterableIterator<string> };
  Parser: new (
    onNewLine?: (offset: number) => void,
  ) => { parse(source: string, incomplete?: boolean): IterableIterator<unknown> };
}

let original: Yaml;
let rewritten: Yaml;

beforeAll(async () => {
  // The copy the build bundles, written out as it is.
  const copy = mkdtempSync(join(tmpdir(), 'yaml-rewritten-'));
  for (const [file, text] of Object.entries(yamlLibraryFiles('yaml'))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), text);
  }
  original = await import(pathToFileURL(join(library, 'index.js')).href);
  rewritten = await import(pathToFileURL(join(copy, 'yaml/index.js')).href);
});

/** Lexemes, tokens and the line starts the parser reports, by one library. */
function read(yaml: Yaml, text: string) {
  const lines: number[] = [];
  // The same text again in two pieces, the first marked incomplete (the streaming use).
  const half = Math.floor(text.length / 2);
  const streamed = new yaml.Parser();
  return {
    lexemes: [...new yaml.Lexer().lex(text)],
    tokens: [...new yaml.Parser((offset) => lines.push(offset)).parse(text)],
    lines,
    inPieces: [...streamed.parse(text.slice(0, half), true), ...streamed.parse(text.slice(half))],
  };
}

/**
 * What read() compares, as one string built without recursion: these texts nest deeper than
 * a recursive comparison can follow.
 */
function flatRead(yaml: Yaml, text: string): string {
  const lines: number[] = [];
  const tokens = [...new yaml.Parser((offset) => lines.push(offset)).parse(text)];
  const out: string[] = [[...new yaml.Lexer().lex(text)].join('\u0000'), lines.join(',')];
  const stack: unknown[] = [...tokens].reverse();
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') {
      out.push(String(item));
      continue;
    }
    const entries = Object.entries(item);
    out.push(Array.isArray(item) ? '[' : '{');
    for (const [key, value] of entries.reverse()) stack.push(value, key);
  }
  return out.join('|');
}

function expectSame(text: string) {
  expect(read(rewritten, text), JSON.stringify(text)).toEqual(read(original, text));
}

/** Every YAML file of the repository outside node_modules, and the YAML blocks of its docs. */
function repositoryYaml(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', 'dist'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) found.push(readFileSync(path, 'utf8'));
      else if (entry.name.endsWith('.md')) {
        const blocks = readFileSync(path, 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm);
        for (const [, block] of blocks) found.push(block as string);
      }
    }
  };
  walk(root);
  return found;
}

const corpus = repositoryYaml();

/** Characters that steer YAML's lexer: indicators, quotes, blanks and line breaks. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'-?:,[]{}#&*!|>\'"%@`\\ \t\n\r.'.split('')),
      fc.constantFrom(
        '---',
        '...',
        '- ',
        ': ',
        '  ',
        '\n  ',
        '!!str ',
        '%YAML 1.2\n',
        '\\"',
        '\ufeff',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('the YAML lexer and parser without generators', () => {
  it(`tokenize the repository's ${corpus.length} YAML files as the library does`, () => {
    expect(corpus.length).toBeGreaterThan(40);
    for (const text of corpus) expectSame(text);
  });

  it('tokenize random YAML-like text as the library does, errors included', () => {
    fc.assert(
      fc.property(yamlish, (text) => expectSame(text)),
      { numRuns: 1500 },
    );
  });

  it('tokenize the repository files cut and spliced at random as the library does', () => {
    const edited = fc
      .tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), yamlish)
      .map(([text, a, b, insert]) => {
        const from = a % (text.length + 1);
        const to = from + (b % 40);
        return text.slice(0, from) + insert + text.slice(to);
      });
    fc.assert(
      fc.property(edited, (text) => expectSame(text)),
      { numRuns: 500 },
    );
  });

  it('read hostile shapes as the library does: deep nesting, long runs, many documents', () => {
    const shapes = {
      // Deeper than a parser that recursed once a level could go (Node's stack holds about
      // 10,000 small frames).
      'flow lists 12,000 deep': `${'['.repeat(12_000)}${']'.repeat(12_000)}`,
      'flow maps 12,000 deep': `${'{a: '.repeat(12_000)}${'}'.repeat(12_000)}`,
      'block lists 500 deep': Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}- `).join(
        '\n',
      ),
      'block maps 500 deep': Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
      '5,000 empty flow lists': '[] '.repeat(5000),
      '5,000 aliases': `&a [${'*a, '.repeat(5000)}]`,
      '5,000 documents': '---\n'.repeat(5000),
    };
    for (const [shape, text] of Object.entries(shapes)) {
      expect(flatRead(rewritten, text), shape).toBe(flatRead(original, text));
    }
  });

  it('keep lex and parse generators that hand out what the library hands out', () => {
    const text = 'a: [1, "two"]\n---\nb: 2\n';
    const next = (yaml: Yaml) => {
      const lexemes = new yaml.Lexer().lex(text);
      const tokens = new yaml.Parser().parse(text);
      return [lexemes.next(), lexemes.next(), tokens.next(), tokens.next(), tokens.next()];
    };
    expect(next(rewritten)).toEqual(next(original));
    expect(next(rewritten)[4]).toEqual({ value: undefined, done: true });
  });
});

/** Rewrites one file of classes and imports it. */
async function rewritten1(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'yaml-rewrite-')), 'a.mjs');
  writeFileSync(file, withoutGenerators({ 'a.mjs': text })['a.mjs'] ?? '');
  return import(pathToFileURL(file).href);
}

describe('the rewrite', () => {
  it('refuses a yield whose value the method reads', () => {
    const text = 'class A { *f() { const x = yield 1; return x; } }';
    expect(() => withoutGenerators({ 'a.js': text })).toThrow(
      /a\.js:1: a yield whose value is read/,
    );
  });

  it('refuses a yield* of anything but a generator method of the same class', () => {
    const text = 'class A { *f(list) { yield* list; } }';
    expect(() => withoutGenerators({ 'a.js': text })).toThrow(/a yield\* of something else/);
  });

  it('keeps what a generator method yields, its delegations and their results', async () => {
    const { A } = await rewritten1(
      'export class A { *f(n) { for (let i = 0; i < n; i++) yield i; const r = yield* this.g(); yield r; } *g() { yield "end"; return 7; } }',
    );
    expect([...new A().f(3)]).toEqual([0, 1, 2, 'end', 7]);
  });

  it('leaves a generator call nobody runs doing nothing', async () => {
    const { A } = await rewritten1(
      'export class A { *f() { this.g(); yield 1; } *g() { this.ran = true; yield 2; } }',
    );
    const a = new A();
    expect([...a.f()]).toEqual([1]);
    expect(a.ran).toBeUndefined();
  });

  it("streams one class's values into another's method, in order", async () => {
    const { B } = await rewritten1(
      'export class A { *items(n) { for (let i = 0; i < n; i++) { this.at = i; yield i; } } } ' +
        'export class B { constructor() { this.a = new A(); this.seen = []; } ' +
        '*all(n) { for (const x of this.a.items(n)) yield* this.one(x); yield "done"; } ' +
        '*one(x) { this.seen.push(this.a.at); yield x * 2; } }',
    );
    const b = new B();
    expect([...b.all(3)]).toEqual([0, 2, 4, 'done']);
    // Each value reached B while A stood at it, as through the generators.
    expect(b.seen).toEqual([0, 1, 2]);
  });
});
