import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/core/config/load.js';
import type { ConfigIssue, HolidayProvider, LoadResult } from '../../src/core/types.js';

const holidays: HolidayProvider = {
  checkPlace: (country) =>
    country === 'US' ? { ok: true } : { ok: false, message: 'unknown country' },
  holidays: () => [],
};

function loadAny(text: string): LoadResult {
  return loadConfig(text, {
    file: 'fuzz.yml',
    localZone: 'Europe/Berlin',
    holidays,
    readFile: (path) => (path === 'cal.ics' ? 'BEGIN:VCALENDAR\nEND:VCALENDAR\n' : null),
  });
}

function expectWellFormed(text: string, result: LoadResult): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const issues: ConfigIssue[] = result.ok ? result.warnings : result.errors;
  if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(Number.isInteger(issue.line) && issue.line >= 1).toBe(true);
    expect(Number.isInteger(issue.column) && issue.column >= 1).toBe(true);
    expect(issue.line).toBeLessThanOrEqual(lineCount + 1);
    expect(issue.file).toBe('fuzz.yml');
    expect(typeof issue.path).toBe('string');
    expect(issue.message.trim().length).toBeGreaterThan(0);
    expect(issue.message).not.toMatch(/\n/);
    // The reader's catch-all: an exception inside it, a bug however well placed.
    expect(issue.message).not.toMatch(/^the config could not be read:/);
  }
}

/** A valid config using every schedule form, as plain data to mutate. */
const VALID = {
  version: 1,
  timezone: 'Europe/Berlin',
  message: 'Deploys Tue-Thu',
  exempt: { users: ['alice'], teams: ['acme/release'], codeowners: '.github/deploy-windows.yml' },
  windows: [
    {
      name: 'a',
      kind: 'allow',
      environments: ['production', 'prod-*'],
      rrule: 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=10',
      duration: '6h',
    },
    { name: 'b', cron: '0 9 * * MON-FRI', duration: 90, timezone: 'America/New_York' },
    { name: 'c', kind: 'deny', cron: { start: '0 23 * * FRI', end: '0 7 * * MON' } },
    { name: 'd', kind: 'blackout', start: '2026-12-24T18:00', end: '2026-12-27T08:00+01:00' },
    { name: 'e', time: '22:00-06:00', days: ['MO', 'FR'], from: '2026-01-01', until: '2026-12-31' },
    { name: 'f', weekly: { from: 'FR 18:00', to: 'MO 06:00' } },
    { name: 'g', monthly: { from: 'L 22:30', to: '1 06:30' } },
    { name: 'h', dates: ['2026-12-25', '2027-01-01'], message: 'Holiday' },
    { name: 'i', holidays: { country: 'US', state: 'CA', types: ['public'] } },
  ],
};

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString'];

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1e400', '-0', '2026-02-30', '24:00', 'MO', 'local', '*', '0x1F', '~'),
  // Names a plain object answers: config text used as a key must not find them.
  fc.constantFrom(...PROTOTYPE_NAMES),
);
const anyValue = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string(), scalar, { maxKeys: 3 }),
);

type Mutation = {
  path: number[];
  action: 'delete' | 'replace' | 'rename';
  value: unknown;
  key: string;
};

/** Applies a mutation at a position in the tree, chosen by the path of indexes into its keys. */
function mutate(data: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = copy;
  for (const [depth, step] of mutation.path.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length] as string;
    const child = (node as Record<string, unknown>)[key];
    const last = depth === mutation.path.length - 1 || child === null || typeof child !== 'object';
    if (last) {
      const target = node as Record<string, unknown>;
      if (mutation.action === 'delete') {
        if (Array.isArray(node)) node.splice(Number(key), 1);
        else delete target[key];
      } else if (mutation.action === 'replace') target[key] = mutation.value;
      else if (!Array.isArray(node)) {
        target[mutation.key] = target[key];
        delete target[key];
      }
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }),
  action: fc.constantFrom('delete', 'replace', 'rename'),
  value: anyValue,
  key: fc.oneof(
    fc.string(),
    fc.constantFrom('timezon', 'name', 'cron', 'days', 'duration', '<<', ...PROTOTYPE_NAMES),
  ),
});

describe('loadConfig under fuzzing never throws and places every issue', () => {
  it('the valid base config loads', () => {
    const result = loadAny(stringify(VALID));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  // What fc.string({ unit: 'binary' }) draws (any code point, lone surrogates included),
  // without the table of all 1.1 million code points it builds to shrink: 1.5 s, and memory
  // the suite's long-lived workers would keep (vitest.config.ts).
  const anyCodePoints = fc
    .array(fc.integer({ min: 0, max: 0x10ffff }))
    .map((points) => points.map((point) => String.fromCodePoint(point)).join(''));

  it('every value and key of a valid config replaced by a name a plain object answers', () => {
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node === null || typeof node !== 'object') return void paths.push(path);
      paths.push(path);
      for (const [key, child] of Object.entries(node)) {
        walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
      }
    };
    walk(VALID, []);
    let loads = 0;
    for (const path of paths.filter((p) => p.length > 0)) {
      // `toString` finds a function as `constructor` does: two names cover both kinds.
      for (const name of ['constructor', '__proto__']) {
        for (const asKey of [false, true]) {
          const data = structuredClone(VALID) as Record<string | number, unknown>;
          let parent = data;
          for (const step of path.slice(0, -1)) parent = parent[step] as typeof parent;
          const last = path[path.length - 1] as string | number;
          if (asKey && typeof last === 'string') {
            parent[name] = parent[last];
            delete parent[last];
          } else if (!asKey) parent[last] = name;
          else continue;
          const text = stringify(data);
          expectWellFormed(text, loadAny(text));
          loads++;
        }
      }
    }
    expect(loads).toBeGreaterThan(150);
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), anyCodePoints, fc.string({ unit: 'grapheme' })), (text) => {
        expectWellFormed(text, loadAny(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('random mutations, deletions and type swaps of a valid config', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const data = mutations.reduce<unknown>((current, next) => mutate(current, next), VALID);
        const text = stringify(data);
        expectWellFormed(text, loadAny(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('random edits of the config text (deleted, inserted and swapped characters)', () => {
    const base = stringify(VALID);
    const edit = fc.record({
      at: fc.nat(base.length),
      remove: fc.nat(12),
      insert: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom(':', '- ', '\n  ', '&a ', '*a', '[', '{', '"', '\t', '#'),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        const text = edits.reduce(
          (current, { at, remove, insert }) =>
            current.slice(0, Math.min(at, current.length)) + insert + current.slice(at + remove),
          base,
        );
        expectWellFormed(text, loadAny(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('hostile YAML: alias bombs, deep nesting, huge numbers, odd keys', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const texts = [
      `${bomb.join('\n')}\nversion: 1\nwindows: *i\n`,
      `version: 1\nwindows:\n${'  - '.repeat(1)}${'['.repeat(500)}${']'.repeat(500)}\n`,
      'version: 99999999999999999999999999999\nwindows: []\n',
      'version: 1\nwindows:\n  - name: x\n    duration: 1e400\n    rrule: FREQ=DAILY\n',
      '? [complex, key]\n: 1\nversion: 1\n',
      'version: 1\nwindows: &w [*w]\n',
      'version: 1\nexempt: &e {users: *e}\n',
      '\uFEFFversion: 1\r\nwindows: []\r\n',
      '%YAML 1.1\n---\nversion: 1\n...\n---\nversion: 1\n',
      'version: !!binary aGVsbG8=\n',
      '<<: {version: 1}\n',
    ];
    for (const text of texts) expectWellFormed(text, loadAny(text));
  });
});
