// The holiday rules (holiday-rules.cjs) and data (holidays.jsonl) live beside the CLI's
// bundles, loaded only for `holidays:` configs. Both places the bundles ship from must find
// them: dist/cli/ and the Jenkins library resource, which holds the dispatcher and the gate's
// bundle only (the deployWindow step writes it into the workspace file by file, as files.txt
// lists, and runs `deploy-window gate`).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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

describe('the holiday rules beside the bundles', () => {
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

  it('load beside the Jenkins resource copied file by file, for the gate', async () => {
    const resources = resolve(import.meta.dirname, '../../jenkins/resources/deploy-window');
    const agent = mkdtempSync(join(tmpdir(), 'deploy-window-jenkins-'));
    const beside = readFileSync(join(resources, 'files.txt'), 'utf8').split('\n').filter(Boolean);
    for (const file of ['deploy-window.cjs', ...beside]) {
      copyFileSync(join(resources, file), join(agent, file));
    }
    const repo = workspace({ 'deploy-windows.yml': HOLIDAYS });
    const { execFile } = await import('node:child_process');
    const run = (args: string[]) =>
      new Promise<{ code: number; stderr: string }>((done) => {
        execFile(
          process.execPath,
          [join(agent, 'deploy-window.cjs'), ...args],
          { cwd: repo },
          (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }),
        );
      });
    const gate = await run([
      'gate',
      '--platform',
      'local',
      ...ARGS.slice(1, 5),
      '--output',
      'd.json',
    ]);
    expect(gate.code).toBe(1);
    const decision = JSON.parse(readFileSync(join(repo, 'd.json'), 'utf8'));
    expect(decision.blockingWindows).toEqual(['bavarian-holidays']);
    // Any other command says that this copy lacks it, and fails.
    expect(await run(ARGS)).toEqual({
      code: 2,
      stderr:
        'deploy-window: internal error: this copy of deploy-window has no check command (check.js)\n',
    });
  });

  it('are read only when needed: a config without holidays runs without them and Octokit', async () => {
    const dist = resolve(import.meta.dirname, '../../dist/cli');
    const copy = mkdtempSync(join(tmpdir(), 'deploy-window-partial-'));
    for (const file of readdirSync(dist)) {
      if (file !== 'holiday-rules.cjs' && file !== 'octokit.cjs') {
        copyFileSync(join(dist, file), join(copy, file));
      }
    }
    const plain = workspace({
      'deploy-windows.yml':
        'version: 1\ntimezone: UTC\nwindows:\n  - name: all\n    kind: deny\n    time: "00:00-00:00"\n',
    });
    const run = await runCli(ARGS, { cwd: plain, cli: join(copy, 'index.js') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const holidays = await runCli(ARGS, {
      cwd: workspace({ 'deploy-windows.yml': HOLIDAYS }),
      cli: join(copy, 'index.js'),
    });
    expect(holidays.code).toBe(2);
    expect(holidays.stderr).toBe(
      'deploy-window: internal error: holiday-rules.cjs is missing; reading the holidays of this config needs it, and it ships beside the deploy-window bundle\n',
    );
  });
});
