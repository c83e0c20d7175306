// The config's YAML reader reads double-quoted values itself (in linear memory); it must read
// every document exactly as the YAML library does: values, errors, positions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { loadConfig } from '../../src/core/config/load.js';
import { doubleQuotedValue, parseYamlDocument } from '../../src/core/config/yaml-document.js';

/** What a reader of the document sees: values, every scalar's range and style, errors. */
function observed(doc: Document.Parsed | Document) {
  const scalars: unknown[] = [];
  visit(doc, {
    Scalar(_, node) {
      scalars.push([node.range, node.type, node.value, node.source]);
    },
  });
  return {
    // Maps as Maps: a key that is itself a collection stays one (and Node prints no warning).
    value: doc.toJS({ maxAliasCount: -1, mapAsMap: true }),
    scalars,
    errors: doc.errors.map((error) => [error.code, error.pos]),
    warnings: doc.warnings.map((warning) => [warning.code, warning.pos]),
  };
}

function composed(text: string) {
  const { document } = parseYamlDocument(text, {
    lineCounter: new LineCounter(),
    uniqueKeys: true,
  });
  if (document === null) throw new Error('a map of more than 1,000 keys: not composed');
  return document;
}

function both(text: string) {
  const ours = composed(text);
  const library = parseDocument(text, {
    schema: 'core',
    prettyErrors: false,
    uniqueKeys: true,
  });
  return { ours: observed(ours), library: observed(library) };
}

/** Pieces that exercise every branch of double-quoted reading. */
const PIECE = fc.constantFrom(
  'a',
  'Zz',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\n  ',
  '\r\n',
  ' \r\n ',
  '\t\n',
  '\r',
  '\\n',
  '\\t',
  '\\\t',
  '\\ ',
  '\\"',
  '\\\\',
  '\\/',
  '\\0',
  '\\e',
  '\\N',
  '\\_',
  '\\L',
  '\\P',
  '\\x41',
  '\\x4',
  '\\u00e9',
  '\\uD83D',
  '\\U0001F600',
  '\\U00110000',
  '\\q',
  '\\\n   ',
  '\\\r\n ',
  "'",
  '#',
  ': ',
  'é',
  '😀',
);

const QUOTED = fc.array(PIECE, { maxLength: 12 }).map((pieces) => `"${pieces.join('')}"`);

describe('parseYamlDocument', () => {
  it('reads double-quoted values exactly as the YAML library does', () => {
    fc.assert(
      fc.property(
        fc.array(QUOTED, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(
          'block',
          'flow',
          'list',
          'tagged',
          'bang',
          'int',
          'directive',
          'anchored',
          'key',
          'map-key',
        ),
        (values, shape) => {
          const text = {
            block: values.map((value, i) => `k${i}: ${value}\n`).join(''),
            flow: `m: {${values.map((value, i) => `k${i}: ${value}`).join(', ')}}\n`,
            list: `l:\n${values.map((value) => `  - ${value}\n`).join('')}`,
            tagged: values.map((value, i) => `k${i}: !!str ${value}\n`).join(''),
            bang: values.map((value, i) => `k${i}: ! ${value}\n`).join(''),
            int: values.map((value, i) => `k${i}: !!int ${value}\n`).join(''),
            // `!!` renamed: `!!str` is no longer text's tag.
            directive: `%TAG !! tag:example.com,2000:\n---\n${values.map((value, i) => `k${i}: !!str ${value}\n`).join('')}`,
            anchored: `a: &x ${values[0]}\nb: *x\n`,
            key: values.map((value, i) => `${value}: ${i}\n`).join(''),
            'map-key': values.map((value, i) => `? {k: ${value}}\n: ${i}\n`).join(''),
          }[shape];
          const { ours, library } = both(text);
          expect(ours).toEqual(library);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('keeps the library errors: a bad escape, duplicate keys, several documents', () => {
    for (const text of [
      'message: "bad \\q escape"\n',
      'message: "unterminated\n',
      '"a": 1\n"a": 2\n',
      'a: "x"\n---\nb: "y"\n',
      'a: [b, "c\n',
    ]) {
      const { ours, library } = both(text);
      expect(ours).toEqual(library);
      expect(ours.errors.length).toBeGreaterThan(0);
    }
  });

  it('reads the escapes and line folding of a long message', () => {
    const message = `${'deploy \\"later\\",\\tplease '.repeat(200)}\n      \\u00e9t\\xe9\n\n      done`;
    const result = loadConfig(
      `version: 1\nwindows:\n  - name: w\n    time: "09:00-10:00"\n    message: "${message}"\n`,
      { file: 'w.yml' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.windows[0]?.message).toBe(
      `${'deploy "later",\tplease '.repeat(200).trimEnd()} été\ndone`,
    );
  });

  it('leaves a scalar with a bad escape to the library', () => {
    expect(doubleQuotedValue('"a\\qb"')).toBeNull();
    expect(doubleQuotedValue('"\\x4"')).toBeNull();
    expect(doubleQuotedValue('"\\U00110000"')).toBeNull();
    expect(doubleQuotedValue('"open')).toBeNull();
    expect(doubleQuotedValue('"a\\tb"')).toBe('a\tb');
  });

  it('gives every scalar its own range, so positions in errors stay exact', () => {
    const text =
      'version: 1\nwindows:\n  - name: "w"\n    message: "a\\tb"\n    time: "09:00-25:00"\n';
    const result = loadConfig(text, { file: 'w.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 5, column: 11, path: 'windows[0].time' });
    const doc = composed(text);
    const message = doc.getIn(['windows', 0, 'message'], true);
    const start = text.indexOf('"a');
    expect(isScalar(message) && message.range).toEqual([start, start + 6, start + 7]);
  });
});
