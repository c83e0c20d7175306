// Hostile YAML: merge-key bombs, alias fan-out, values by the hundred thousand, deep nesting.
// Each is a clean error that names its limit (with a position), or a config that loads.
import { describe, expect, it } from 'vitest';
import { AT, errors, expectPlaced, loadAndDecide, loaded } from './support.js';

const NESTING_LIMIT =
  'lists and maps nest more than 64 levels deep here; expected at most 64 (a config needs a few)';

/** `<<: [*a, *a, ...]` ten to a level: 10^levels merges when expanded naively. */
function mergeBomb(levels: number): string {
  const lines = ['version: 1', 'windows:', '  - &a0 {name: w, time: "09:00-10:00"}'];
  for (let level = 1; level <= levels; level++) {
    const sources = Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ');
    lines.push(`  - &a${level} {name: w${level}, <<: [${sources}]}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('merge keys', () => {
  it('a 6-level merge-key bomb loads at once: each map is merged once', () => {
    const config = loaded(mergeBomb(6));
    expect(config.windows.map((w) => w.name)).toEqual(['w', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
    expect(config.windows[6]?.schedule).toMatchObject({ form: 'time' });
  });

  it('the same bomb 9 levels deep: an error at the `<<` key that names the depth limit', () => {
    const text = mergeBomb(9);
    const found = errors(text);
    expectPlaced(text, found);
    expect(found).toContainEqual(
      expect.objectContaining({
        path: 'windows[9].<<',
        message: expect.stringContaining('nest more than 8 levels deep'),
      }),
    );
  });

  it('a chain of windows each merging the one before: the error is at the too-deep window, and only there', () => {
    // windows[9] merges windows[8], which merges windows[7], ... down to windows[0]: nine
    // merge keys deep from windows[9]'s own `<<` (line 29), ten from windows[10]'s (line 32).
    const lines = ['version: 1', 'windows:', '  - &a0 {name: w0, time: "10:00-11:00"}'];
    for (let i = 1; i <= 10; i++) lines.push(`  - &a${i}`, `    <<: *a${i - 1}`, `    name: w${i}`);
    // A misspelt key after the refused merge is still reported: all errors at once.
    lines.push('  - <<: *a10', '    nmae: w11');
    const text = `${lines.join('\n')}\n`;
    const found = errors(text);
    expectPlaced(text, found);
    const limit =
      'merge keys (<<) nest more than 8 levels deep; expected at most 8 (merge the maps directly)';
    // Where the path points, not at windows[1]'s `<<` (line 5) where the chain ran out; and no
    // "the window has no schedule" for what the refused merge would have brought.
    expect(
      found.map(({ line, column, path, message }) => ({ line, column, path, message })),
    ).toEqual([
      { line: 29, column: 5, path: 'windows[9].<<', message: limit },
      { line: 32, column: 5, path: 'windows[10].<<', message: limit },
      { line: 34, column: 5, path: 'windows[11].<<', message: limit },
      {
        line: 35,
        column: 5,
        path: 'windows[11].nmae',
        message: expect.stringMatching(/^unknown key "nmae" in windows\[11\]; expected one of /),
      },
    ]);
  });

  it('more than 10,000 merged maps in one file: an error that names the limit', () => {
    // 10,001 distinct maps merged into one window.
    const anchors = Array.from(
      { length: 10_001 },
      (_, i) => `  - &m${i} {name: m${i}, time: "09:00-10:00"}`,
    );
    const sources = Array.from({ length: 10_001 }, (_, i) => `*m${i}`).join(', ');
    const text = `version: 1\nx:\n${anchors.join('\n')}\nwindows:\n  - {name: w, <<: [${sources}]}\n`;
    const found = errors(text);
    expectPlaced(text, found);
    expect(found).toContainEqual(
      expect.objectContaining({
        path: 'windows[0].<<',
        line: 10_005,
        column: 15,
        message: expect.stringContaining('pull in more than 10,000 maps'),
      }),
    );
  });

  it('keys written first win over merged ones, and the first merged map over later ones', () => {
    const config = loaded(`version: 1
windows:
  - &base {name: base, kind: deny, time: "01:00-02:00"}
  - &second {name: second, kind: allow, time: "03:00-04:00", message: from-second}
  - {name: mixed, <<: [*base, *second], time: "05:00-06:00"}
`);
    expect(config.windows[2]).toMatchObject({
      name: 'mixed',
      kind: 'deny',
      message: 'from-second',
      schedule: { form: 'time', start: { hour: 5, minute: 0 } },
    });
  });

  it('a map that merges itself is read once', () => {
    const outcome = loadAndDecide(
      'version: 1\nwindows:\n  - &w {name: w, time: "09:00-10:00", <<: *w}\n',
    );
    expect(outcome).toHaveProperty('decision');
  });
});

describe('aliases and sheer size', () => {
  it('50,000 aliases to one environment load quickly (each looked up once)', () => {
    const aliases = Array.from({ length: 50_000 }, () => '*e').join(', ');
    const config = loaded(
      `version: 1\nwindows:\n  - name: w\n    time: "09:00-10:00"\n    environments: [&e production, ${aliases}]\n`,
    );
    expect(config.windows[0]?.environments).toHaveLength(50_001);
  });

  it('a list of 250,000 values (1 MiB) is refused before it is parsed', () => {
    const text = `version: 1\nwindows:\n  - name: w\n    time: "09:00-10:00"\n    environments: [${Array(250_000).fill('ab').join(',')}]\n`;
    const found = errors(text);
    expectPlaced(text, found);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 5, path: '' });
    expect(found[0]?.message).toBe(
      'the config has more than 100,000 YAML values (keys, list items, aliases); expected at most 100,000',
    );
  });

  it('a map of 49,000 keys is refused at once, not checked key against key', () => {
    // The YAML library compares each key with every earlier key of its map: 15 s for this.
    const keys = Array.from({ length: 49_000 }, (_, i) => `k${i}: 1`);
    // At the map: the `{` of a flow map, the first key of a block map.
    for (const [text, line] of [
      // 1,001 keys are enough to show where a flow map is refused.
      [`version: 1\nwindows: []\nx: {${keys.slice(0, 1001).join(', ')}}\n`, 3],
      [`version: 1\nwindows: []\nx:\n${keys.map((key) => `  ${key}`).join('\n')}\n`, 4],
    ] as const) {
      const found = errors(text);
      expectPlaced(text, found);
      expect(found).toEqual([
        expect.objectContaining({
          line,
          path: '',
          message: 'a map in the config has more than 1,000 keys; expected at most 1,000',
        }),
      ]);
    }
    // A map used as a key is counted too (1,001 keys are enough to show it).
    const asKey = `version: 1\nwindows: []\nx:\n  ? {${keys.slice(0, 1001).join(', ')}}\n  : 1\n`;
    expect(errors(asKey).map((error) => error.message)).toEqual([
      'a map in the config has more than 1,000 keys; expected at most 1,000',
    ]);
    // 1,000 keys are read (and still checked for duplicates).
    const thousand = `version: 1\nwindows: []\nx: {${keys.slice(0, 999).join(', ')}, k0: 2}\n`;
    expect(errors(thousand).map((error) => error.message)).toContain(
      'duplicate key; expected each key once in a map',
    );
  });

  it('16,000 maps with a duplicate key each: every duplicate named by its key path, in one pass', () => {
    // Each duplicate's path was once found by walking the whole document: 16,000 walks of
    // 96,000 values took most of a minute.
    const text = `version: 1\nwindows: []\nx:\n${'  - {a: 1, a: 2}\n'.repeat(16_000)}`;
    const found = errors(text).filter((error) => error.path !== 'x');
    expect(found).toHaveLength(16_000);
    expect(found[0]).toMatchObject({ line: 4, column: 12, path: 'x[0].a' });
    expect(found.at(-1)).toMatchObject({ line: 16_003, column: 12, path: 'x[15999].a' });
    expect(new Set(found.map((error) => error.message))).toEqual(
      new Set(['duplicate key; expected each key once in a map']),
    );
  }, 10_000);

  it('more values than characters (`{|` opens a map and a block scalar) is refused too', () => {
    // 70,000 characters that lex to 105,000 values: the count cannot be skipped for a text
    // merely shorter than the limit.
    const text = `version: 1\nwindows: ${'{|'.repeat(35_000)}\n`;
    expect(text.length).toBeLessThan(100_000);
    const found = errors(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toBe(
      'the config has more than 100,000 YAML values (keys, list items, aliases); expected at most 100,000',
    );
  });

  it('lists nested 50,000 deep: an error, not a crash', () => {
    const text = `version: 1\nwindows: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const found = errors(text);
    expectPlaced(text, found);
    expect(found[0]?.message).toBe(NESTING_LIMIT);
  });

  // The YAML library composes a document recursively: thousands of levels deep it runs out of
  // stack, and V8 aborts the whole process (a native stack trace, no exit code of ours) when
  // that happens while it compiles a regular expression.
  it('flow lists nested 65 deep: refused at the 65th, before composing', () => {
    const text = `${'['.repeat(65)}${']'.repeat(65)}\n`;
    expect(errors(text)).toEqual([
      expect.objectContaining({ line: 1, column: 65, path: '', message: NESTING_LIMIT }),
    ]);
  });

  it('block maps nested 64 deep with a list at the bottom: refused at the list', () => {
    // The top map is level 1; `k2`'s map, the value of `windows`, is level 2.
    const lines = ['version: 1', 'windows:'];
    for (let level = 2; level <= 64; level++) lines.push(`${'  '.repeat(level - 2)}  k${level}:`);
    lines[lines.length - 1] += ' [x]';
    const text = `${lines.join('\n')}\n`;
    const last = lines[lines.length - 1] as string;
    expect(errors(text)).toEqual([
      expect.objectContaining({
        line: lines.length,
        column: last.indexOf('[') + 1,
        message: NESTING_LIMIT,
      }),
    ]);
  });

  it('64 levels are read: the limit is not the error', () => {
    const text = `version: 1\nwindows: ${'['.repeat(63)}${']'.repeat(63)}\n`;
    const found = errors(text);
    expect(found.length).toBeGreaterThan(0);
    for (const issue of found) expect(issue.message).not.toBe(NESTING_LIMIT);
  });

  it('a 1 MiB config of 1,000 windows with long date lists loads and decides', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => {
      const dates = Array.from({ length: 60 }, (_, d) => {
        const day = ((i + d) % 28) + 1;
        const month = (d % 12) + 1;
        return `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      });
      return [
        `  - name: window-${i}`,
        '    kind: deny',
        `    environments: [${Array.from({ length: 8 }, (_, e) => `prod-${e}-*`).join(', ')}, production]`,
        `    message: "${'freeze for the release, ask the release team; '.repeat(3)}"`,
        `    dates: [${[...new Set(dates)].join(', ')}]`,
      ].join('\n');
    });
    const text = `version: 1\ntimezone: Europe/Berlin\nwindows:\n${windows.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(900_000);
    const outcome = loadAndDecide(text, AT);
    expect(outcome).toHaveProperty('decision');
  });
});
