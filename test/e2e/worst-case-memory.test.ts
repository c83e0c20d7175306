// The worst accepted ~1 MiB config through the shipped bundles, on each Node the suite has
// (this one and Node 24, the Actions runtime): the process's peak memory stays under the
// 256 MB that docs/config.md promises ("Limits"), with room to spare. On Node 24 that needs
// the young generation held (src/node/young-generation.ts): `validate` peaked at 200-245 MiB.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileInput } from '../../bench/hostile.js';
import { CLI, workspace } from '../cli/run-cli.js';
import { actionBundle, nodeBinaries, runAction } from './action-harness.js';

const PRELOAD = resolve(import.meta.dirname, '../support/max-rss.cjs');
const KIB_PER_MIB = 1024;
/** Peak resident memory allowed, in MiB: under 256 MB (244 MiB) with a margin. */
const LIMIT_MIB = 200;

/** 1,000 windows over 500 environments, every one padded to ~1 KiB (bench/hostile.ts). */
const WORST = hostileInput('lint-1000').config;

function rssFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'deploy-window-rss-')), 'max-rss');
}

const peakMiB = (file: string) => Number(readFileSync(file, 'utf8')) / KIB_PER_MIB;

function runCli(node: string, args: string[], cwd: string, file: string) {
  return new Promise<{ code: number; stderr: string }>((done) => {
    execFile(
      node,
      [CLI, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${PRELOAD}`, MAX_RSS_FILE: file },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

describe.each(nodeBinaries())('the worst accepted config, $label', ({ path: node }) => {
  it('`validate` (decided and linted) peaks well under 256 MB', async () => {
    const repo = workspace({ '.github/deploy-windows.yml': WORST });
    const file = rssFile();
    const run = await runCli(node, ['validate'], repo, file);
    expect(run.code, run.stderr).toBe(0);
    expect(peakMiB(file)).toBeLessThan(LIMIT_MIB);
  });

  it('the action decides it and peaks well under 256 MB', async () => {
    const file = rssFile();
    const run = await runAction({
      bundle: actionBundle(),
      node,
      // Nothing listens there: the run reads the policy from the checkout and calls no API.
      apiUrl: 'http://127.0.0.1:9',
      inputs: {
        'policy-ref': 'workspace',
        mode: 'warn',
        comment: 'false',
        reschedule: 'false',
        environment: 'env-1',
        at: '2026-06-01T10:00:00Z',
      },
      env: { NODE_OPTIONS: `--require ${PRELOAD}`, MAX_RSS_FILE: file },
      files: { '.github/deploy-windows.yml': WORST },
      policy: null,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.allowed).toMatch(/^(true|false)$/);
    expect(peakMiB(file)).toBeLessThan(LIMIT_MIB);
  });
});
