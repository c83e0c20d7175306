// The common paths create no Intl object: the first one a process makes costs 25-40 ms (ICU
// builds its list of locales), more than the rest of a decision. docs/performance.md.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionBundle, runAction } from '../e2e/action-harness.js';
import { runCli, workspace } from './run-cli.js';

const PRELOAD = resolve(import.meta.dirname, '../support/intl-log.cjs');
const EXAMPLE = readFileSync(
  resolve(import.meta.dirname, '../../examples/deploy-windows.yml'),
  'utf8',
);

/** Where the preload writes the Intl objects a run creates, and the environment that asks it. */
function intlLog(): { file: string; env: Record<string, string> } {
  const file = join(mkdtempSync(join(tmpdir(), 'dw-intl-')), 'intl.log');
  writeFileSync(file, '');
  return { file, env: { NODE_OPTIONS: `--require ${PRELOAD}`, INTL_LOG: file } };
}

const AT = ['--at', '2026-12-01T09:00:00Z'];

describe('start-up without Intl', () => {
  it('check and windows print local times and zone names without one', async () => {
    const repo = workspace({ '.github/deploy-windows.yml': EXAMPLE });
    const log = intlLog();
    const check = await runCli(['check', '--environment', 'production', ...AT], {
      cwd: repo,
      env: log.env,
    });
    expect(check.stdout).toContain('Tue 1 Dec 2026 10:00 CET');
    const windows = await runCli(['windows', '--from', '2026-12-01T09:00:00Z'], {
      cwd: repo,
      env: log.env,
    });
    expect(windows.code).toBe(0);
    expect(windows.stdout).toContain('CET');
    expect(readFileSync(log.file, 'utf8')).toBe('');
  });

  it('the action decides and writes its summary without one', async () => {
    const log = intlLog();
    const run = await runAction({
      bundle: actionBundle(),
      node: process.execPath,
      apiUrl: 'http://127.0.0.1:9',
      inputs: {
        environment: 'production',
        at: '2026-12-01T09:00:00Z',
        mode: 'warn',
        'policy-ref': 'workspace',
        'github-token': '',
        comment: 'false',
        reschedule: 'false',
      },
      env: log.env,
      files: { '.github/deploy-windows.yml': EXAMPLE },
      policy: null,
    });
    expect(run.outputs.allowed).toBe('true');
    expect(run.summary).toContain('CET');
    expect(readFileSync(log.file, 'utf8')).toBe('');
  });

  it('a zone written by another name (an alias) still asks Intl, and is read right', async () => {
    const repo = workspace({
      '.github/deploy-windows.yml': EXAMPLE.replace(
        'timezone: Europe/Berlin',
        'timezone: US/Eastern',
      ),
    });
    const log = intlLog();
    const check = await runCli(['check', '--environment', 'production', ...AT], {
      cwd: repo,
      env: log.env,
    });
    expect(check.stdout).toContain('Tue 1 Dec 2026 04:00 EST');
    expect(readFileSync(log.file, 'utf8')).toContain('DateTimeFormat');
  });
});
