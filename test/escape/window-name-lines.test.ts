// docs/github-action.md, "What reaches the log": "Jenkins and a terminal: a multi-line warning
// or error continues on indented lines, so a message cannot print a line that looks like the
// step's own `ERROR:`". The gate logs the decision's text line by line
// (src/gate/run-gate.ts: renderText(...).split('\n') -> log.info(line)); renderText puts window
// names into the `Why:` line unindented, so a name with a line break starts a line of its own.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/core/render/text.js';
import { createJenkinsLogger } from '../../src/jenkins/logger.js';
import { workspace } from '../cli/run-cli.js';
import { runMain } from '../support/cli-in-process.js';
import { decisionFixture } from '../support/decision-fixture.js';

const NAME = 'freeze"\nERROR: deploy-window crashed (PWNED); deploy by hand';

describe('the Jenkins console', () => {
  it('a window name cannot print a line that looks like the step’s own ERROR:', () => {
    const decision = decisionFixture({
      reason: 'inside-deny-window',
      activeWindows: [NAME],
      blockingWindows: [NAME],
    });
    const out: string[] = [];
    const log = createJenkinsLogger({
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    // As run-gate.ts logs the decision.
    for (const line of renderText(decision).trimEnd().split('\n')) log.info(line);
    expect(out.join('\n')).toContain('PWNED');
    expect(out.filter((line) => line.startsWith('ERROR:'))).toEqual([]);
  });
});

describe('the CLI in a terminal (check, windows)', () => {
  it('a window name cannot print a line that looks like the CLI’s own error:', async () => {
    const cwd = workspace({
      'deploy-windows.yml': `version: 1
timezone: UTC
windows:
  - name: "freeze\\nerror: the config could not be read (PWNED); the gate is off"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
`,
    });
    const fakes: string[] = [];
    for (const command of ['check', 'windows']) {
      const run = await runMain([command, '--config', 'deploy-windows.yml'], {
        cwd,
        env: {},
        now: Date.parse('2026-11-23T10:00:00Z'),
      });
      const out = `${run.stdout}${run.stderr}`;
      expect(out).toContain('PWNED');
      fakes.push(...out.split('\n').filter((line) => line.startsWith('error:')));
    }
    // Today one line from check (the `Why:` line) and one from windows (a deny occurrence).
    expect(fakes).toEqual([]);
  });
});

/** Lines of output that pass for a line the tool or the CI wrote itself. */
const forgedLines = (out: string) =>
  out.split('\n').filter((line) => /^(ERROR:|error:|Finished:|::)/.test(line));

describe('validate: lint warnings and the list of layers', () => {
  it('a window name cannot print an ERROR: or Finished: line', async () => {
    const cwd = workspace({
      'deploy-windows.yml': `version: 1
timezone: UTC
extends: ["./policy/org.yml"]
windows:
  - name: "old\\nFinished: SUCCESS (PWNED)"
    time: "09:00-17:00"
    until: 2020-01-01
  - name: "short\\nERROR: forged (PWNED)"
    time: "09:00-09:01"
  - name: "covered\\nerror: forged (PWNED)"
    time: "10:00-11:00"
  - name: everything
    kind: deny
    time: "00:00-24:00"
    environments: [nothing-else]
  - name: "deny-all"
    kind: deny
    time: "10:00-11:00"
`,
      'policy/org.yml': `version: 1
timezone: UTC
windows:
  - name: "org\\nERROR: from-org-layer (PWNED)\\nFinished: SUCCESS"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
`,
    });
    const run = await runMain(['validate', '--config', 'deploy-windows.yml'], {
      cwd,
      env: {},
      now: Date.parse('2026-11-23T10:00:00Z'),
    });
    const out = `${run.stdout}${run.stderr}`;
    // Each name is still shown: the expired one, the short one, the covered one, the org's.
    expect(out.match(/PWNED/g)?.length).toBeGreaterThanOrEqual(4);
    expect(forgedLines(out)).toEqual([]);
  });
});

describe('the CLI’s one-line messages on a GitHub runner', () => {
  const runner = { GITHUB_ACTIONS: 'true' };
  const cwd = workspace({
    'deploy-windows.yml': 'version: 1\ntimezone: UTC\nwindows: []\n',
    'x\n::error::file PWNED.yml': 'version: 1\ntimezone: UTC\nwindows: []\n',
  });
  const at = Date.parse('2026-11-23T10:00:00Z');

  it('a flag value cannot print a workflow command (usage errors)', async () => {
    for (const argv of [
      ['check', '--at', '2026-11-23T10:00\n::error::AT PWNED'],
      ['check', '--at', '2026-11-23T10:00\r::error::AT PWNED'],
      ['check', '--min-duration', '1\n::error::MIN PWNED'],
      ['check', 'unexpected\r::error::POS PWNED'],
      ['windows', '--format', 'x\n::error::FORMAT PWNED'],
      ['gate', '--platform', 'local', '--output', '/proc/x\n::error::OUT PWNED/y.json'],
    ]) {
      const run = await runMain(argv, { cwd, env: runner, now: at });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toContain('PWNED');
      // One line, the break written out.
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\r|(^|\n)\s*::/);
    }
  });

  it('a config file name cannot print a workflow command (validate)', async () => {
    const run = await runMain(['validate', '--config', 'x\n::error::file PWNED.yml'], {
      cwd,
      env: runner,
      now: at,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PWNED');
    expect(forgedLines(run.stdout)).toEqual([]);
  });
});
