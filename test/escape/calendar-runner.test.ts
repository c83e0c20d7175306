// Attack: the calendar page and its SVG are "safe to print in a log too" (docs/security.md §7,
// docs/github-action.md "What reaches the log"): a GitHub runner runs `##[` anywhere in a line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCalendar } from '../../src/cli/commands/calendar.js';
import type { CliIo } from '../../src/cli/io.js';

const CONFIG = `version: 1
timezone: UTC
windows:
  - name: "x##[error]PWNED"
    kind: deny
    start: 2026-11-24T00:00
    end: 2026-11-25T00:00
`;

function io(): CliIo & { out: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'dw-audit-cal-'));
  writeFileSync(join(cwd, 'deploy-windows.yml'), CONFIG);
  const captured = {
    out: '',
    stdout: (text: string) => {
      captured.out += text;
    },
    stderr: () => {},
    env: { GITHUB_ACTIONS: 'true' },
    cwd,
    now: () => Date.parse('2026-11-23T10:00:00Z'),
  };
  return captured;
}

const commands = (text: string) =>
  text.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));

describe('calendar page printed on a GitHub runner', () => {
  for (const format of ['html', 'svg']) {
    it(`calendar --format ${format}: a window name holds no runner command`, async () => {
      const run = io();
      expect(await runCalendar(['--config', 'deploy-windows.yml', '--format', format], run)).toBe(
        0,
      );
      expect(run.out).toContain('PWNED');
      expect(commands(run.out)).toEqual([]);
    });
  }
});
