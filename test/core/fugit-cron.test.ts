// GitLab freeze periods' crons read as GitLab's cron library (fugit) reads them: the days and
// times they fire on in 2026, worked out from a calendar and from fugit's rules
// (lib/fugit/cron.rb: #expand, #range, #determine_weekdays, #day_match?), and what is refused.
import { describe, expect, it } from 'vitest';
import { cronMatcher } from '../../src/core/schedules/cron-match.js';
import { parseFugitCron } from '../../src/core/schedules/fugit-cron.js';
import { dateFromDayNumber, dayNumber } from '../../src/core/time/local-date.js';
import type { CronFields } from '../../src/core/types.js';

function fields(text: string): CronFields {
  const parsed = parseFugitCron(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.fields;
}

function refusal(text: string): string {
  const parsed = parseFugitCron(text);
  if (parsed.ok) throw new Error(`"${text}" was read`);
  return parsed.message;
}

/** The days of 2026 (or of one month of it) the cron fires on, as `MM-DD`. */
function daysIn2026(text: string, month?: number): string[] {
  const matcher = cronMatcher(fields(text));
  const days: string[] = [];
  const first = dayNumber({ year: 2026, month: 1, day: 1 });
  for (let day = first; day < first + 365; day++) {
    const date = dateFromDayNumber(day);
    if (month !== undefined && date.month !== month) continue;
    if (!matcher.matchesDay(day)) continue;
    days.push(`${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`);
  }
  return days;
}

describe('freeze-period crons as fugit reads them', () => {
  it('counts negative days of the month and last from its end', () => {
    expect(daysIn2026('0 0 -2 2 *')).toEqual(['02-27']);
    expect(daysIn2026('0 0 -1,-2 11 *')).toEqual(['11-29', '11-30']);
    expect(daysIn2026('0 0 last 2 *')).toEqual(['02-28']);
    expect(daysIn2026('0 0 l,1 4 *')).toEqual(['04-01', '04-30']);
    expect(daysIn2026('0 0 -3--1 2 *')).toEqual(['02-26', '02-27', '02-28']);
    // A positive start with a negative end runs to the field's maximum (fugit's #expand).
    expect(daysIn2026('0 0 27--1 2 *')).toEqual(['02-27', '02-28']);
  });

  it('makes a day match both day fields with &, else either', () => {
    // Friday the 13th.
    expect(daysIn2026('0 0 13 * FRI&')).toEqual(['02-13', '03-13', '11-13']);
    expect(daysIn2026('0 0 13& * 5')).toEqual(['02-13', '03-13', '11-13']);
    expect(daysIn2026('0 0 13 * FRI', 11)).toEqual(['11-06', '11-13', '11-20', '11-27']);
    // The first Monday of each month: MON#1, whose days cron-last-and-nth.test.ts lists.
    expect(daysIn2026('0 0 1-7& * MON')).toEqual(daysIn2026('0 0 * * MON#1'));
    expect(daysIn2026('0 0 1-7& * MON')).toHaveLength(12);
  });

  it('lets a day field restrict as fugit does: * and the whole range are free, every weekday is not', () => {
    // 1-31 is the whole range, so only the weekday decides.
    expect(daysIn2026('0 0 1-31 * MON', 11)).toEqual(['11-02', '11-09', '11-16', '11-23', '11-30']);
    // */1 and 0-6 name every weekday: restricted, so with the 13th every day matches.
    expect(daysIn2026('0 0 13 * */1', 11)).toHaveLength(30);
    expect(daysIn2026('0 0 13 * 0-6', 11)).toHaveLength(30);
    // * beside a weekday adds nothing: the 13th or Fridays.
    expect(daysIn2026('0 0 13 * *,FRI', 11)).toEqual(['11-06', '11-13', '11-20', '11-27']);
    // */2 restricts the days of the month: odd days or Fridays.
    expect(daysIn2026('0 0 */2 * FRI', 11).slice(0, 5)).toEqual([
      '11-01',
      '11-03',
      '11-05',
      '11-06',
      '11-07',
    ]);
    expect(fields('0 0 1-31 1-12 *')).toMatchObject({
      dayOfMonthRestricted: false,
      dayOfWeekRestricted: false,
    });
  });

  it('wraps ranges past the end of a field', () => {
    expect(daysIn2026('0 0 * * FRI-MON', 11).slice(0, 6)).toEqual([
      '11-01',
      '11-02',
      '11-06',
      '11-07',
      '11-08',
      '11-09',
    ]);
    expect(fields('0 22-2 * * *').hours).toEqual([0, 1, 2, 22, 23]);
    expect(fields('0 0 * NOV-FEB *').months).toEqual([1, 2, 11, 12]);
    expect(fields('0 0 30-2 * *').daysOfMonth).toEqual([1, 2, 30, 31]);
    expect(fields('50-10/5 * * * *').minutes).toEqual([0, 5, 10, 50, 55]);
  });

  it('reads steps, hour 24 and repeated commas as fugit does', () => {
    expect(fields('5/20 * * * *').minutes).toEqual([5, 25, 45]);
    expect(fields('/15 * * * *').minutes).toEqual([0, 15, 30, 45]);
    expect(fields('0 24 * * *').hours).toEqual([0]);
    expect(fields('0 20-24 * * *').hours).toEqual([0, 20, 21, 22, 23]);
    expect(fields(',5,,6, * * * *').minutes).toEqual([5, 6]);
    // A weekday with a step but no range is that weekday alone; */2 every other from Sunday.
    expect(fields('0 0 * * MON/2').daysOfWeek).toEqual([1]);
    expect(fields('0 0 * * */2').daysOfWeek).toEqual([0, 2, 4, 6]);
    expect(fields('0 0 * * FRI-MON/2').daysOfWeek).toEqual([0, 5]);
    expect(fields('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(fields('0 0 * * SUN#L,fri#-1,1#2').nthDaysOfWeek).toEqual([
      { weekday: 0, nth: -1 },
      { weekday: 5, nth: -1 },
      { weekday: 1, nth: 2 },
    ]);
  });

  it('expands the macros fugit knows, spelt as fugit spells them', () => {
    expect(fields('@noon')).toMatchObject({ minutes: [0], hours: [12] });
    expect(fields(' @daily ')).toMatchObject({ minutes: [0], hours: [0] });
    expect(refusal('@Daily')).toBe(
      'expected 5 fields (minute hour day-of-month month day-of-week), got 1',
    );
  });

  it('refuses what it does not read, saying what', () => {
    expect(refusal('0 0 0 * * *')).toContain('expected 5 fields');
    expect(refusal('0 0 * * 1~5')).toContain('random values (~) are not read');
    expect(refusal('0 ~ * * *')).toContain('random values (~) are not read');
    expect(refusal('0 0 * * TUE%2')).toContain('weeks modulo (%) are not read');
    expect(refusal('0 0 -5-1 * *')).toContain('both ends negative');
    expect(refusal('0 0 * * FRI#6')).toContain('"FRI#6" is not a weekday');
    expect(refusal('0 0 30 2 *')).toBe('day-of-month field "30": no such day in those months');
    expect(refusal('*/0 * * * *')).toContain('a step must be at least 1');
    expect(refusal('60 * * * *')).toContain('minute field "60"');
    expect(refusal('0 0 0 * *')).toContain('day-of-month field "0"');
    expect(refusal('0 0 * 13 *')).toContain('month field "13"');
    expect(refusal('0 0 * * ,')).toContain('day-of-week field ","');
    expect(refusal(`0 0 * * ${'1,'.repeat(600)}1`)).toBe('longer than 1000 characters');
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(refusal(name)).toContain('got 1');
    }
  });
});
