// An `ics:` path may name a file that is no calendar (a `.env`, `.git/config`): an error about it
// names the file, the line and what was expected, and never quotes the file's text, which may
// then reach a pull request comment (docs/security.md, "6. Files and sizes").
import { describe, expect, it } from 'vitest';
import { checkCalendar } from '../../src/core/schedules/ics.js';
import { runCli, workspace } from '../cli/run-cli.js';

const SECRET = 'S3cretT0ken';

/** Lines around `lines` that make a calendar up to them. */
const inCalendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const inEvent = (...lines: string[]) =>
  inCalendar('BEGIN:VEVENT', 'UID:1@test', ...lines, 'END:VEVENT');

const CASES: [string, string][] = [
  ['a first line that is no content line', `[core] ${SECRET}`],
  ['a first line whose name has no colon after it', `${SECRET} = value`],
  ['a name with a broken parameter', `${SECRET};=x:value`],
  ['a first component other than VCALENDAR', `BEGIN:${SECRET}\r\nEND:${SECRET}`],
  ['an END without a BEGIN', `END:${SECRET}`],
  ['a property before BEGIN:VCALENDAR', `TOKEN:${SECRET}`],
  ['an END that closes another component', inCalendar('BEGIN:VEVENT', `END:${SECRET}`)],
  ['a component never closed', ['BEGIN:VCALENDAR', `BEGIN:${SECRET}`, ''].join('\r\n')],
  ['a property without a colon', inCalendar(`${SECRET}`)],
  ['a DTSTART that is no date', inEvent(`DTSTART:${SECRET}`)],
  ['an all-day DTSTART that is no date', inEvent(`DTSTART;VALUE=DATE:2026${SECRET}`)],
  ['a DURATION that is no duration', inEvent('DTSTART:20260101T100000Z', `DURATION:P${SECRET}`)],
  ['an RDATE that is no date', inEvent('DTSTART:20260101T100000Z', `RDATE:${SECRET}`)],
  ['an EXDATE that is no date', inEvent('DTSTART:20260101T100000Z', `EXDATE:${SECRET}`)],
  ['an RRULE without FREQ', inEvent('DTSTART:20260101T100000Z', `RRULE:${SECRET}`)],
  ['an RRULE with an unknown FREQ', inEvent('DTSTART:20260101T100000Z', `RRULE:FREQ=${SECRET}`)],
  [
    'an RRULE with an unknown part',
    inEvent('DTSTART:20260101T100000Z', `RRULE:FREQ=DAILY;${SECRET}=1`),
  ],
  [
    'an RRULE with a bad value',
    inEvent('DTSTART:20260101T100000Z', `RRULE:FREQ=DAILY;BYDAY=${SECRET}`),
  ],
  [
    'an RRULE with seconds',
    inEvent('DTSTART:20260101T100000Z', `RRULE:FREQ=DAILY;BYSECOND=${SECRET}`),
  ],
  ['an unknown TZID', inEvent(`DTSTART;TZID=${SECRET}:20260101T100000`)],
  ['a VTIMEZONE without parts', inCalendar('BEGIN:VTIMEZONE', `TZID:${SECRET}`, 'END:VTIMEZONE')],
];

describe('an .ics error never quotes the file', () => {
  it.each(CASES)('%s: the line and what was expected, not the text', (_what, text) => {
    const check = checkCalendar(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.line).toBeGreaterThan(0);
    expect(check.message.toLowerCase()).not.toContain(SECRET.toLowerCase());
  });

  it('the shipped CLI names the key, the file and the line of a secrets file, and blocks', async () => {
    const dir = workspace({
      '.github/deploy-windows.yml':
        'version: 1\nwindows:\n  - name: freeze\n    kind: deny\n    ics: .env\n',
      '.env': `GITHUB_TOKEN=ghp_${SECRET}\nOTHER=1\n`,
    });
    const run = await runCli(['check', '--at', '2026-11-27T09:00:00Z'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.env:1');
    expect(run.stderr).toContain('windows[0].ics');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/S3cret|ghp_|GITHUB_TOKEN/i);
  });
});
