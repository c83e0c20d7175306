import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryName, writeOwnFile } from '../../src/node/write-file.js';

function checkout(): string {
  return mkdtempSync(join(tmpdir(), 'dw-write-'));
}

describe('writeOwnFile', () => {
  it('replaces a committed file and a committed symlink, never writing through the link', () => {
    const dir = checkout();
    writeFileSync(join(dir, 'victim'), 'keep me\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'report.env'));
    writeOwnFile(join(dir, 'report.env'), 'A=1\n');
    expect(readFileSync(join(dir, 'report.env'), 'utf8')).toBe('A=1\n');
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('keep me\n');
    expect(readdirSync(dir).sort()).toEqual(['report.env', 'victim']);
  });

  it('uses a temporary name nobody can commit in advance', () => {
    // 96 random bits each time: not derived from the pid or a counter, which repeat or run on.
    const names = new Set(Array.from({ length: 50 }, () => temporaryName()));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^\.deploy-window-[0-9a-f]{24}\.partial$/);
  });

  it('a failed write removes the committed file at the path, then throws', () => {
    // Whatever makes the write fail, the change's own report must not stay as the gate's.
    const dir = checkout();
    writeFileSync(join(dir, 'report.env'), 'ALLOWED=true\n');
    mkdirSync(join(dir, 'planted.partial'));
    writeFileSync(join(dir, 'planted.partial', 'keep'), 'x');
    expect(() =>
      writeOwnFile(join(dir, 'report.env'), 'ALLOWED=false\n', { partialName: 'planted.partial' }),
    ).toThrow();
    expect(readdirSync(dir)).toEqual(['planted.partial']);
  });

  it('a failed write leaves a directory at the path alone', () => {
    const dir = checkout();
    mkdirSync(join(dir, 'out', 'keep'), { recursive: true });
    expect(() => writeOwnFile(join(dir, 'out'), '{}\n')).toThrow();
    expect(readdirSync(join(dir, 'out'))).toEqual(['keep']);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('creates missing folders below the checkout, but never through a committed symlink', () => {
    const dir = checkout();
    const outside = checkout();
    writeFileSync(join(outside, 'decision.json'), 'ORIGINAL');
    symlinkSync(outside, join(dir, 'out'));
    symlinkSync('/proc/self', join(dir, 'reports'));
    expect(() => writeOwnFile(join(dir, 'out', 'decision.json'), '{}', { root: dir })).toThrow(
      /out is a symbolic link in the checkout/,
    );
    expect(readFileSync(join(outside, 'decision.json'), 'utf8')).toBe('ORIGINAL');
    expect(() =>
      writeOwnFile(join(dir, 'reports', 'gate', 'decision.json'), '{}', { root: dir }),
    ).toThrow(/reports is a symbolic link/);
    // A folder whose name starts with two dots is inside the checkout all the same.
    symlinkSync(outside, join(dir, '..out'));
    expect(() => writeOwnFile(join(dir, '..out', 'decision.json'), '{}', { root: dir })).toThrow(
      /\.\.out is a symbolic link/,
    );
    expect(readFileSync(join(outside, 'decision.json'), 'utf8')).toBe('ORIGINAL');
    writeOwnFile(join(dir, 'a', 'b', 'decision.json'), '{}', { root: dir });
    expect(readFileSync(join(dir, 'a', 'b', 'decision.json'), 'utf8')).toBe('{}');
    // Outside the checkout the pipeline chose the place.
    writeOwnFile(join(outside, 'x', 'y.json'), '{}', { root: dir });
    expect(readFileSync(join(outside, 'x', 'y.json'), 'utf8')).toBe('{}');
  });
});
