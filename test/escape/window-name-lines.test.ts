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
