// Attacks on the CLI's own reports (check, windows, config errors): the same console escaping
// as the gate's log, so `deploy-window check` in a CI job prints no command and no escape.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCalendar } from '../../src/cli/commands/calendar.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { runDiff } from '../../src/cli/commands/diff.js';
import { runWindows } from '../../src/cli/commands/windows.js';
import type { CliIo } from '../../src/cli/io.js';
import { escapeIcsText, foldLine } from '../../src/core/render/ics.js';

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

  it('an --environment with a line break (a dispatch input) cannot print a verdict line of its own', async () => {
    const run = io({}, { 'deploy-windows.yml': HOSTILE_CONFIG });
    const environment = 'production\nALLOWED: deploy to production';
    for (const runCommand of [runCheck, runWindows]) {
      run.out = '';
      await runCommand(['--config', 'deploy-windows.yml', '--environment', environment], run);
      expect(run.out.split('\n').filter((line) => line.startsWith('ALLOWED'))).toEqual([]);
      expect(run.out).toContain('production\\u000aALLOWED: deploy to production');
    }
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

describe('names cannot start a line of their own', () => {
  // A window name or an environment with a line break printed a line that looks like the
  // CLI's own `error:` (docs/security.md, section 7).
  const FORGED = 'error: the config could not be read (PWNED); the gate is off';
  const forgedLines = (text: string) =>
    text.split('\n').filter((line) => line.startsWith('error:') || line.startsWith('warning:'));

  it('check --actor: the override line quotes window names on one line', async () => {
    const config = `version: 1\ntimezone: UTC\nexempt:\n  users: [alice]\nwindows:\n  - name: "freeze\\n${FORGED}"\n    kind: deny\n    start: 2026-11-23T00:00\n    end: 2026-11-24T00:00\n`;
    const run = io({}, { 'deploy-windows.yml': config });
    expect(await runCheck(['--config', 'deploy-windows.yml', '--actor', 'alice'], run)).toBe(0);
    expect(run.out + run.err).toContain('PWNED');
    expect(run.out).toContain('OVERRIDE:');
    expect(forgedLines(run.out + run.err)).toEqual([]);
  });

  it('diff: an environment named in the configs stays on its line', async () => {
    const base = `version: 1\ntimezone: UTC\nwindows:\n  - name: hours\n    environments: ["prod\\n${FORGED}"]\n    days: [MO, TU, WE, TH, FR]\n    time: "09:00-17:00"\n`;
    const run = io(
      {},
      { 'old.yml': base, 'deploy-windows.yml': base.replace('09:00-17:00', '09:00-18:00') },
    );
    const args = [
      '--base',
      'old.yml',
      '--config',
      'deploy-windows.yml',
      '--from',
      '2026-11-23T00:00:00Z',
    ];
    expect(await runDiff(args, run)).toBe(1);
    expect(run.out + run.err).toContain('PWNED');
    expect(forgedLines(run.out + run.err)).toEqual([]);
  });
});

// JSON is for programs, but on a GitHub runner it is read by the runner too: `##[` would be a
// command there, and C1 controls and bidi overrides act on the terminal that shows it.
describe('JSON reports', () => {
  const JSON_CONFIG = `version: 1
timezone: UTC
windows:
  - name: "freeze ##[warning title=x]all clear \\u009b31m \\u202eevil \\u2028"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
`;
  const NAME = 'freeze ##[warning title=x]all clear \u009b31m \u202eevil \u2028';

  it('check and windows --format json carry the name exactly, with no command and no raw control', async () => {
    for (const command of [
      (run: CliIo) => runCheck(['--config', 'deploy-windows.yml', '--format', 'json'], run),
      (run: CliIo) =>
        runWindows(['--config', 'deploy-windows.yml', '--days', '2', '--format', 'json'], run),
    ]) {
      const run = io({ GITHUB_ACTIONS: 'true' }, { 'deploy-windows.yml': JSON_CONFIG });
      await command(run);
      expect(workflowCommands(run.out)).toEqual([]);
      expect(run.out).not.toMatch(/[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(JSON.stringify(JSON.parse(run.out))).toContain(JSON.stringify(NAME).slice(1, -1));
    }
  });
});

// A feed or a picture printed in a CI log: the same attacks, in formats that cannot use `\`.
describe('iCalendar and SVG reports', () => {
  const FEED_CONFIG = `version: 1
timezone: UTC
windows:
  - name: "${'A'.repeat(44)} :::add-mask::production"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
  - name: "freeze ##[warning title=x]all clear \\u001b[2J\\u0001"
    kind: deny
    start: 2026-11-24T00:00
    end: 2026-11-25T00:00
`;

  it('windows --format ics prints no command line and no raw control character', async () => {
    for (let pad = 0; pad < 12; pad++) {
      const config = FEED_CONFIG.replace('name: "A', `name: "${'B'.repeat(pad)}A`);
      const run = io({ GITHUB_ACTIONS: 'true' }, { 'deploy-windows.yml': config });
      const args = ['--config', 'deploy-windows.yml', '--days', '3', '--format', 'ics'];
      expect(await runWindows(args, run)).toBe(0);
      expect(workflowCommands(run.out), `pad ${pad}`).toEqual([]);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the test
      expect(run.out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      // Unfolded, the feed still names the window (a zero-width space between the colons).
      expect(run.out.replace(/\r\n /g, '').replaceAll('\u200b', '')).toContain(
        '::add-mask::production',
      );
    }
  });

  it('calendar --format svg holds no character XML forbids', async () => {
    const run = io({}, { 'deploy-windows.yml': FEED_CONFIG });
    expect(await runCalendar(['--config', 'deploy-windows.yml', '--format', 'svg'], run)).toBe(0);
    expect(run.out).toContain('<svg');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the test
    expect(run.out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

// Any fold of any text: no physical line of a feed is a command to a GitHub runner.
describe('iCalendar folding', () => {
  it('never starts a line with :: or leaves ##[ on one, and unfolds to the text', () => {
    const piece = fc.constantFrom(':', ' ', '#', '[', 'a', 'é', '😀', ';', '\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 300 }), fc.nat(70), (pieces, pad) => {
        const text = pieces.join('');
        const line = `SUMMARY:${'x'.repeat(pad)}${escapeIcsText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) {
          expect(new TextEncoder().encode(physical).length).toBeLessThanOrEqual(75);
          expect(physical.trimStart().startsWith('::')).toBe(false);
          expect(physical).not.toContain('##[');
        }
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
      { numRuns: 2000 },
    );
    const carried = foldLine(`SUMMARY:${'x'.repeat(66)}${escapeIcsText(':::warning::pwned')}`);
    expect(carried.split('\r\n').map((physical) => physical.trimStart().slice(0, 2))).not.toContain(
      '::',
    );
  });
});
