// The holiday rules engine (date-holidays-parser, ~400 KB) must stay out of the bundles' main
// file: ncc puts the dynamic import in chunks beside it that only configs with `holidays:` load.
// The data itself is holidays.jsonl (scripts/build.mjs writes it beside every bundle), read one
// country at a time.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const out = mkdtempSync(join(tmpdir(), 'deploy-window-bundle-'));
let chunks: string[] = [];

beforeAll(async () => {
  const ncc = require('@vercel/ncc') as (
    entry: string,
    options: Record<string, unknown>,
  ) => Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;
  const { code, assets } = await ncc(
    join(process.cwd(), 'test/calendar/fixtures/bundle-entry.ts'),
    {
      minify: true,
      quiet: true,
      cache: false,
      transpileOnly: true,
      target: 'es2022',
    },
  );
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.js'), code);
  for (const [name, asset] of Object.entries(assets)) writeFileSync(join(out, name), asset.source);
  copyFileSync(join(process.cwd(), 'dist/holidays.jsonl'), join(out, 'holidays.jsonl'));
  chunks = Object.keys(assets).filter((name) => /^\d+\.index\.js$/.test(name));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (...args: string[]) =>
  execFileSync(process.execPath, [join(out, 'index.js'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('bundling the holiday provider', () => {
  it('keeps the holiday engine in chunks and the data in holidays.jsonl', () => {
    const main = readFileSync(join(out, 'index.js'), 'utf8');
    expect(main).not.toContain('equinox');
    expect(Buffer.byteLength(main)).toBeLessThan(100_000);
    const chunkText = chunks.map((chunk) => readFileSync(join(out, chunk), 'utf8')).join('');
    expect(chunkText).toContain('equinox');
    expect(chunkText).not.toContain('Fronleichnam');
    expect(readFileSync(join(out, 'holidays.jsonl'), 'utf8')).toContain('Fronleichnam');
  });

  it('reads the data only when holidays are needed, and says so when it is missing', () => {
    expect(run('holidays')).toContain('2026-6-4'); // Fronleichnam in Bavaria
    rmSync(join(out, 'holidays.jsonl'));
    expect(run()).toBe('no holidays needed\n');
    expect(() => run('holidays')).toThrow(/holidays\.jsonl is missing/);
  });
});
