// The committed bundles must be what the sources build to: users run dist/ (the action, the
// CLI, the Jenkins resource) straight from the repository, never a build of their own.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const fresh = mkdtempSync(join(tmpdir(), 'deploy-window-dist-'));

/** Every file a build writes under a directory (bundles, chunks, licenses, package.json). */
function builtFiles(base: string, dir: string): string[] {
  const path = join(base, dir);
  if (!existsSync(path)) return []; // then expectSameFiles fails: the build wrote nothing
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${dir}/${entry.name}`)
    .sort();
}

function expectSameFiles(dir: string): void {
  const built = builtFiles(fresh, dir);
  expect(built.length, `the build wrote nothing to ${dir}`).toBeGreaterThan(0);
  for (const file of built) {
    const committed = join(root, file);
    expect(existsSync(committed), `${file} is missing: run npm run build`).toBe(true);
    const same = readFileSync(committed).equals(readFileSync(join(fresh, file)));
    expect(same, `${file} is stale: run npm run build and commit dist/`).toBe(true);
  }
  // A bundle or chunk left over from an older build would be shipped for nothing (or loaded by
  // mistake: the CLI loads a command's bundle by its name).
  const stale = builtFiles(root, dir).filter(
    (file) => /\.c?js$/.test(file) && !built.includes(file),
  );
  expect(stale, `leftover bundle files in ${dir}`).toEqual([]);
}

describe('committed bundles', () => {
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', fresh, '--quiet'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 240_000);
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('dist/ (the action and its chunks) matches a fresh build', () => {
    expect(builtFiles(fresh, 'dist')).toContain('dist/index.js');
    expectSameFiles('dist');
  });

  it('dist/cli/ (the CLI, a bundle per command, their chunks) matches a fresh build', () => {
    expect(builtFiles(fresh, 'dist/cli')).toContain('dist/cli/index.js');
    expect(builtFiles(fresh, 'dist/cli')).toContain('dist/cli/check.js');
    expectSameFiles('dist/cli');
  });

  it('the Jenkins library resource is the CLI bundle, byte for byte, with its chunks', () => {
    expectSameFiles('jenkins/resources/deploy-window');
    const cli = readFileSync(join(root, 'dist/cli/index.js'));
    const resource = readFileSync(join(root, 'jenkins/resources/deploy-window/deploy-window.cjs'));
    expect(resource.equals(cli)).toBe(true);
    const listed = readFileSync(join(root, 'jenkins/resources/deploy-window/files.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    for (const file of listed) {
      expect(existsSync(join(root, 'jenkins/resources/deploy-window', file)), file).toBe(true);
    }
  });

  it('the CLI bundle is executable, starts with a shebang and stays under 1 MB', () => {
    const cli = readFileSync(join(root, 'dist/cli/index.js'));
    expect(cli.subarray(0, 20).toString()).toBe('#!/usr/bin/env node\n');
    expect(cli.length).toBeLessThan(1024 * 1024);
    const { mode } = statSync(join(root, 'dist/cli/index.js'));
    expect(mode & 0o111).not.toBe(0);
  });
});
