import { describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-in-process.js';
import { WORKED_CONFIG, workspace } from './run-cli.js';

/** `deploy-window <args>` in `cwd`, in process, on 30 November 2026. */
const cli = (args: string[], cwd: string) =>
  runMain(args, { cwd, env: {}, now: Date.parse('2026-11-30T12:00:00Z') });

describe('deploy-window validate', () => {
  it('accepts a valid config (exit 0) found at a default path', async () => {
    const repo = workspace({ 'deploy-windows.yml': WORKED_CONFIG });
    const run = await cli(['validate'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^deploy-windows\.yml: valid \(4 windows, zone Europe\/Berlin/);
  });

  it('finds a hidden .deploy-windows.yml only after the three default paths', async () => {
    const hidden = workspace({ '.deploy-windows.yml': WORKED_CONFIG });
    const run = await cli(['validate'], hidden);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\.deploy-windows\.yml: valid \(4 windows/);
    const both = workspace({
      '.deploy-windows.yaml': 'version: 1\nwindows: []\n',
      'deploy-windows.yaml': WORKED_CONFIG,
    });
    expect((await cli(['validate'], both)).stdout).toMatch(/^deploy-windows\.yaml: valid/);
  });

  it('reports every error with file:line:col and key path, no stack trace (exit 2)', async () => {
    const broken = WORKED_CONFIG.replace(
      'timezone: Europe/Berlin',
      'timezone: Europe/Berln',
    ).replace('    duration: 6h', '    duration: soon');
    const repo = workspace({ 'windows.yml': broken });
    const run = await cli(['validate', '--config', 'windows.yml'], repo);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/windows\.yml:2:11: timezone: .*Europe\/Berlin/);
    expect(run.stderr).toMatch(/windows\.yml:\d+:\d+: windows\[0\]\.duration: /);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js/);
  });

  it('exits 2 for a missing file and when no default config exists', async () => {
    const empty = workspace({});
    const missing = await cli(['validate', '--config', 'nope.yml'], empty);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml');
    const none = await cli(['validate'], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('.github/deploy-windows.yml');
  });

  it('prints lint warnings with their window line and still exits 0', async () => {
    const repo = workspace({
      'deploy-windows.yml':
        'version: 1\nwindows:\n  - name: old\n    time: 09:00-17:00\n    until: 2020-01-01\n',
    });
    const run = await cli(['validate'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid \(1 window, zone UTC, 1 warning\)/);
    expect(run.stderr).toMatch(/^warning: deploy-windows\.yml:3:5: windows\[0\]\.until: .*expired/);
  });

  it('check exits 2 on an invalid config too', async () => {
    const repo = workspace({ 'deploy-windows.yml': 'version: 2\nwindows: []\n' });
    const run = await cli(['check', '--environment', 'production'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deploy-windows\.yml:1:\d+: version: /);
  });
});
