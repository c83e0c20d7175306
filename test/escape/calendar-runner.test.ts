// Attack: the calendar page and its SVG are "safe to print in a log too" (docs/security.md §7,
// docs/github-action.md "What reaches the log"): a GitHub runner runs `##[` anywhere in a line.
import { describe, expect, it } from 'vitest';
import { workspace } from '../cli/run-cli.js';
import { runMain } from '../support/cli-in-process.js';

const CONFIG = `version: 1
timezone: UTC
windows:
  - name: "x##[error]PWNED"
    kind: deny
    start: 2026-11-24T00:00
    end: 2026-11-25T00:00
`;

const commands = (text: string) =>
  text.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));

describe('calendar page printed on a GitHub runner', () => {
  for (const format of ['html', 'svg']) {
    it(`calendar --format ${format}: a window name holds no runner command`, async () => {
      const run = await runMain(
        ['calendar', '--config', 'deploy-windows.yml', '--format', format],
        {
          cwd: workspace({ 'deploy-windows.yml': CONFIG }),
          env: { GITHUB_ACTIONS: 'true' },
          now: Date.parse('2026-11-23T10:00:00Z'),
        },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('PWNED');
      expect(commands(run.stdout)).toEqual([]);
    });
  }
});
