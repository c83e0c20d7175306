// Attacks on the CLI's own reports (check, windows, config errors): the same console escaping
// as the gate's log, so `deploy-window check` in a CI job prints no command and no escape.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { runWindows } from '../../src/cli/commands/windows.js';
import type { CliIo } from '../../src/cli/io.js';

const HOSTILE_CONFIG = `version: 1
timezone: UTC
windows:
  - name: "freeze\\n::error::name \\u001b[2Kgone"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
    message: "Frozen.\\n::add-mask::Frozen\\n##[error]legacy \\u001b[31mred"
`;

function io(env: Record<string, string>, files: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'dw-escape-cli-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(cwd, path), text);
  const captured: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (text) => {
      captured.out += text;
    },
    stderr: (text) => {
      captured.err += text;
    },
    env,
    cwd,
    now: () => Date.parse('2026-11-23T10:00:00Z'),
  };
  return captured;
}

function workflowCommands(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));
}

describe('CLI reports on a GitHub runner', () => {
  it('check prints the hostile name and message as text, never as commands', async () => {
    const run = io({ GITHUB_ACTIONS: 'true' }, { 'deploy-windows.yml': HOSTILE_CONFIG });
    expect(await runCheck(['--config', 'deploy-windows.yml'], run)).toBe(1);
    expect(run.out).toContain('legacy');
    expect(workflowCommands(run.out + run.err)).toEqual([]);
    expect(run.out).not.toContain('\u001b');
  });

  it('windows prints no command either', async () => {
    const run = io({ GITHUB_ACTIONS: 'true' }, { 'deploy-windows.yml': HOSTILE_CONFIG });
    expect(await runWindows(['--config', 'deploy-windows.yml', '--days', '2'], run)).toBe(0);
    expect(workflowCommands(run.out + run.err)).toEqual([]);
  });
});

describe('CLI reports in a terminal', () => {
  it('show ANSI escapes instead of obeying them', async () => {
    const run = io({}, { 'deploy-windows.yml': HOSTILE_CONFIG });
    await runCheck(['--config', 'deploy-windows.yml'], run);
    expect(run.out).not.toContain('\u001b');
    expect(run.out).toContain('\\u001b[31mred');
  });
});
