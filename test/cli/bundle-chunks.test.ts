// The holiday data lives in a chunk beside the CLI bundle, loaded only for `holidays:` configs.
// Both places the bundle ships from must find it: dist/cli/ and the Jenkins library resource
// (which the deployWindow step writes into the workspace file by file, as files.txt lists).
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from './run-cli.js';

const HOLIDAYS = `version: 1
timezone: Europe/Berlin
windows:
  - name: bavarian-holidays
    kind: deny
    holidays: { country: DE, state: BY }
`;
// Fronleichnam (Corpus Christi) 2026 is Thursday 4 June in Bavaria.
const ARGS = [
  'check',
  '--environment',
  'production',
  '--at',
  '2026-06-04T10:00:00Z',
  '--format',
  'json',
];

describe('the holiday chunk', () => {
  it('loads from dist/cli', async () => {
    const repo = workspace({ 'deploy-windows.yml': HOLIDAYS });
    const run = await runCli(ARGS, { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      reason: 'inside-deny-window',
      blockingWindows: ['bavarian-holidays'],
      nextOpen: '2026-06-04T22:00:00.000Z',
    });
  });

  it('loads beside the Jenkins resource copied file by file', async () => {
    const resources = resolve(import.meta.dirname, '../../jenkins/resources/deploy-window');
    const agent = mkdtempSync(join(tmpdir(), 'deploy-window-jenkins-'));
    const beside = readFileSync(join(resources, 'files.txt'), 'utf8').split('\n').filter(Boolean);
    for (const file of ['deploy-window.cjs', ...beside]) {
      copyFileSync(join(resources, file), join(agent, file));
    }
    const repo = workspace({ 'deploy-windows.yml': HOLIDAYS });
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(
        process.execPath,
        [join(agent, 'deploy-window.cjs'), ...ARGS],
        { cwd: repo },
        (error, stdout) => done({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).blockingWindows).toEqual(['bavarian-holidays']);
  });
});
