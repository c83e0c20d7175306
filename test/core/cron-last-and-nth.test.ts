// `L` (the month's last day) and `weekday#n` (its nth, or from its end nth-last, such weekday) in
// cron expressions, as GitLab's freeze periods write them (docs/config.md): the days they fire
// on through 2026, worked out from a calendar, and a config that uses them.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { parseCronExpression } from '../../src/core/schedules/cron-expression.js';
import { cronMatcher } from '../../src/core/schedules/cron-match.js';
import { dateFromDayNumber, dayNumber } from '../../src/core/time/local-date.js';

/** The days of 2026 the expression fires on, as `MM-DD`. */
function daysIn2026(expression: string): string[] {
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  const matcher = cronMatcher(parsed.fields);
  const days: string[] = [];
  const first = dayNumber({ year: 2026, month: 1, day: 1 });
  for (let day = first; day < first + 365; day++) {
    if (!matcher.matchesDay(day)) continue;
    const date = dateFromDayNumber(day);
    days.push(`${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`);
  }
  return days;
}

describe('cron L and weekday#n', () => {
  it('L is the last day of each month, 28 February in 2026', () => {
    expect(daysIn2026('0 0 L * *')).toEqual([
      '01-31',
      '02-28',
      '03-31',
      '04-30',
      '05-31',
      '06-30',
      '07-31',
      '08-31',
      '09-30',
      '10-31',
      '11-30',
      '12-31',
    ]);
    expect(daysIn2026('0 0 L 2 *')).toEqual(['02-28']);
  });

  it('FRI#-1 is the last Friday, MON#1 the first Monday, SUN#5 a fifth Sunday where there is one', () => {
    expect(daysIn2026('0 18 * * FRI#-1')).toEqual([
      '01-30',
      '02-27',
      '03-27',
      '04-24',
      '05-29',
      '06-26',
      '07-31',
      '08-28',
      '09-25',
      '10-30',
      '11-27',
      '12-25',
    ]);
    expect(daysIn2026('0 9 * 1-6 1#1')).toEqual([
      '01-05',
      '02-02',
      '03-02',
      '04-06',
      '05-04',
      '06-01',
    ]);
    expect(daysIn2026('0 9 * * 7#5')).toEqual(['03-29', '05-31', '08-30', '11-29']);
    expect(daysIn2026('0 9 * 12 thu#-5')).toEqual(['12-03']);
  });

  it('with both day fields restricted, a day matches either (as Vixie cron)', () => {
    expect(daysIn2026('0 0 L 3 MON#1')).toEqual(['03-02', '03-31']);
  });

  it('a GitLab-style freeze from the last Friday 18:00 to Monday 08:00 blocks that weekend', () => {
    const text = `version: 1
timezone: Europe/Berlin
windows:
  - name: month-end-freeze
    kind: deny
    cron: { start: "0 18 * * FRI#-1", end: "0 8 * * MON" }
`;
    const loaded = loadConfig(text, { file: 'deploy-windows.yml' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const at = (iso: string) => decide(loaded.config, { environment: null, at: Date.parse(iso) });
    // Saturday 28 November 2026, after the last Friday of November.
    expect(at('2026-11-28T12:00:00Z')).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      nextOpen: Date.parse('2026-11-30T07:00:00Z'),
    });
    // Saturday 21 November: the Friday before was not the last.
    expect(at('2026-11-21T12:00:00Z').allowed).toBe(true);
  });
});
