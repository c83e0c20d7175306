// The holiday data (~2.4 MB with its parser) must stay out of the bundles' main file: ncc puts
// the dynamic import in a chunk beside it that only configs with `holidays:` load.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  chunks = Object.keys(assets).filter((name) => /^\d+\.index\.js$/.test(name));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (...args: string[]) =>
  execFileSync(process.execPath, [join(out, 'index.js'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('bundling the holiday provider', () => {
  it('keeps the holiday data in a separate chunk', () => {
    const main = readFileSync(join(out, 'index.js'), 'utf8');
    expect(main).not.toContain('Fronleichnam');
    expect(Buffer.byteLength(main)).toBeLessThan(100_000);
    expect(chunks).toHaveLength(1);
    expect(readFileSync(join(out, chunks[0] ?? ''), 'utf8')).toContain('Fronleichnam');
  });

  it('loads the chunk only when holidays are needed', () => {
    expect(run('holidays')).toContain('2026-6-4'); // Fronleichnam in Bavaria
    rmSync(join(out, chunks[0] ?? ''));
    expect(run()).toBe('no holidays needed\n');
    expect(() => run('holidays')).toThrow();
  });
});
