// `gate --output FILE`: besides the decision, what a caller acts on without reading the log
// (the Jenkins step): `outcome`, `waitSeconds` and `summary`; and `--defer-wait` / `--waited`,
// which leave the waiting to the caller. In-process; nothing sleeps.
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import type { CliIo } from '../../src/cli/io.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
message: "Exceptions: ask in #release"
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const SATURDAY = '2026-11-21T15:00:00Z';
const MONDAY_EARLY = '2026-11-23T08:00:00Z';
const MONDAY_OPEN = '2026-11-23T09:00:00.000Z';

async function gate(argv: string[], config = CONFIG) {
  const root = mkdtempSync(join(tmpdir(), 'dw-gate-output-'));
  writeFileSync(join(root, 'deploy-windows.yml'), config);
  const io: CliIo = {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: root,
    // A gate that slept for real would not come back before the test's time-out.
    now: () => Date.parse(SATURDAY),
  };
  const code = await runGateCommand(
    ['--platform=jenkins', '--output=result.json', '--environment=production', ...argv],
    io,
  );
  return { code, result: JSON.parse(readFileSync(join(root, 'result.json'), 'utf8')) };
}

describe('gate --output: what the caller acts on', () => {
  it('allowed: outcome allowed, nothing to say', async () => {
    const { code, result } = await gate(['--at=2026-11-23T09:30:00Z']);
    expect(code).toBe(0);
    expect(result).toMatchObject({
      allowed: true,
      exitCode: 0,
      outcome: 'allowed',
      waitSeconds: null,
      summary: null,
    });
  });

  it("blocked: the verdict with the next opening and the config's message", async () => {
    const { code, result } = await gate([`--at=${SATURDAY}`]);
    expect(code).toBe(1);
    expect(result.outcome).toBe('blocked');
    expect(result.summary).toBe(
      `Deployment is blocked for production: outside every allow window (outside-allow-window); next open: Mon 23 Nov 2026 10:00 CET (Europe/Berlin) = ${MONDAY_OPEN}. Exceptions: ask in #release`,
    );
  });

  it('warn: outcome warn, exit 0', async () => {
    const { code, result } = await gate([`--at=${SATURDAY}`, '--mode=warn']);
    expect(code).toBe(0);
    expect(result).toMatchObject({ allowed: false, outcome: 'warn' });
    expect(result.summary).toContain('Mode warn: the job continues.');
  });

  // The Jenkins step hands `summary` to error(), unstable() and echo: the console shows it as it
  // is, and an escape sequence (ESC[8m hides text, ESC[2J clears) would act there.
  it('shows control characters from the config as text in the summary, keeping its lines', async () => {
    const config = CONFIG.replace(
      'message: "Exceptions: ask in #release"',
      'message: "Ask \\e[8mhidden\\e[0m \\e[2J in #release\\u202e"',
    ).replace('name: business-hours', 'name: "business\\e[31m-hours"');
    const blocked = await gate([`--at=${SATURDAY}`, '--mode=warn'], config);
    expect(blocked.result.summary).toContain('Ask \\u001b[8mhidden\\u001b[0m \\u001b[2J');
    expect(blocked.result.summary).toContain('\\u202e');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(blocked.result.summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);

    const invalid = await gate(
      [`--at=${SATURDAY}`],
      `${config}  - name: "x\\e]8;;https://evil\\u0007"\n    time: "25:00-26:00"\n`,
    );
    expect(invalid.result.outcome).toBe('invalid');
    expect(invalid.result.summary.split('\n').length).toBeGreaterThan(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(invalid.result.summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  // A message of several lines must not print lines that pass for the console's own (Jenkins
  // shows `summary` in error(), unstable() and echo as it is).
  it("indents every line of the summary after the first, so none passes for the console's own", async () => {
    const config = CONFIG.replace(
      'message: "Exceptions: ask in #release"',
      'message: "Ask in #release.\\nERROR: forged: credentials check failed\\nFinished: SUCCESS"',
    );
    for (const mode of ['fail', 'warn']) {
      const blocked = await gate([`--at=${SATURDAY}`, `--mode=${mode}`], config);
      const [first, ...rest] = blocked.result.summary.split('\n');
      expect(first).toMatch(/^Deployment is blocked for production: .* Ask in #release\.$/);
      expect(rest).toEqual(['  ERROR: forged: credentials check failed', '  Finished: SUCCESS']);
    }
    const invalid = await gate([`--at=${SATURDAY}`], `${config}  - name: x\n    time: "25:00"\n`);
    const [head, ...errors] = invalid.result.summary.split('\n');
    expect(head).toMatch(/^The window config is invalid/);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(/^ {2}\S/);
  });

  it('replaces a symlink at the --output path instead of writing through it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dw-gate-output-'));
    writeFileSync(join(root, 'deploy-windows.yml'), CONFIG);
    const victim = join(mkdtempSync(join(tmpdir(), 'dw-victim-')), 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(root, 'result.json'));
    const io: CliIo = { stdout: () => {}, stderr: () => {}, env: {}, cwd: root, now: () => 0 };
    const code = await runGateCommand(
      ['--platform=local', '--output=result.json', '--environment=production', `--at=${SATURDAY}`],
      io,
    );
    expect(code).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(root, 'result.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'result.json'), 'utf8')).outcome).toBe('blocked');
  });

  it('refuses a folder on the --output path that the checkout holds as a symlink (exit 2)', async () => {
    // `out -> /elsewhere` wrote the decision outside the checkout; `reports -> /proc/self`
    // made creating the folders loop for ever, past SIGTERM.
    for (const [link, target] of [
      ['out', mkdtempSync(join(tmpdir(), 'dw-elsewhere-'))],
      ['reports', '/proc/self'],
    ] as const) {
      const root = mkdtempSync(join(tmpdir(), 'dw-gate-output-'));
      writeFileSync(join(root, 'deploy-windows.yml'), CONFIG);
      symlinkSync(target, join(root, link));
      let stderr = '';
      const io: CliIo = {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        env: {},
        cwd: root,
        now: () => 0,
      };
      const code = await runGateCommand(
        [
          '--platform=local',
          `--output=${link}/gate/result.json`,
          '--environment=production',
          `--at=${SATURDAY}`,
        ],
        io,
      );
      expect(code, link).toBe(2);
      expect(stderr).toContain(`${link} is a symbolic link in the checkout`);
      expect(stderr).not.toContain('internal error');
      if (link === 'out') expect(readdirSync(target)).toEqual([]);
    }
  });

  it('invalid config: outcome invalid, every problem in the summary', async () => {
    const { code, result } = await gate(
      [`--at=${SATURDAY}`],
      'version: 1\ntimezone: Mars/Base\nwindows: []\n',
    );
    expect(code).toBe(2);
    expect(result).toMatchObject({ allowed: false, reason: 'invalid-config', outcome: 'invalid' });
    expect(result.summary).toMatch(
      /^The window config is invalid \(1 problem\); the gate stays closed in every mode:\n {2}deploy-windows\.yml:2:\d+: timezone: /,
    );
  });
});

describe('gate --defer-wait: the caller waits', () => {
  it('decides once and says how long to wait before asking again', async () => {
    const { code, result } = await gate([`--at=${MONDAY_EARLY}`, '--mode=wait', '--defer-wait']);
    expect(code).toBe(1);
    expect(result).toMatchObject({ allowed: false, outcome: 'wait', waitSeconds: 3600 });
    expect(result.summary).toBe(
      `Blocked until ${MONDAY_OPEN}: waiting 3600 s, then deciding again.`,
    );
  });

  it('--waited moves a fixed --at on: the next call decides at the opening', async () => {
    const { code, result } = await gate([
      `--at=${MONDAY_EARLY}`,
      '--mode=wait',
      '--defer-wait',
      '--waited=3600',
    ]);
    expect(code).toBe(0);
    expect(result).toMatchObject({ allowed: true, at: MONDAY_OPEN, outcome: 'allowed' });
  });

  it('counts the time waited against --max-wait', async () => {
    const argv = [`--at=${SATURDAY}`, '--mode=wait', '--defer-wait', '--max-wait=1d'];
    // Monday 09:00Z is 18h away once 24h have passed: within a day, but the day is spent.
    const fresh = await gate([...argv, '--waited=0']);
    expect(fresh.result.summary).toContain('1d 18h away, beyond max-wait (1d)');
    const spent = await gate([...argv, '--waited=86400']);
    expect(spent.code).toBe(1);
    expect(spent.result.outcome).toBe('blocked');
    expect(spent.result.summary).toContain('18h away, beyond max-wait (1d, 0s of it left)');
  });
});
