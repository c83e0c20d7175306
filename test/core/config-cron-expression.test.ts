import { describe, expect, it } from 'vitest';
import { parseCronExpression } from '../../src/core/schedules/cron-expression.js';
import type { CronFields } from '../../src/core/types.js';

function fields(text: string): CronFields {
  const parsed = parseCronExpression(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.fields;
}

function failure(text: string): string {
  const parsed = parseCronExpression(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be rejected`);
  return parsed.message;
}

const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, index) => from + index * step);

describe('parseCronExpression', () => {
  it('reads stars as every value and keeps the source', () => {
    expect(fields('* * * * *')).toEqual({
      source: '* * * * *',
      minutes: range(0, 59),
      hours: range(0, 23),
      daysOfMonth: range(1, 31),
      months: range(1, 12),
      daysOfWeek: range(0, 6),
      dayOfMonthRestricted: false,
      dayOfWeekRestricted: false,
      daysFromMonthEnd: [],
      nthDaysOfWeek: [],
      bothDaysMustMatch: false,
    });
  });

  it('reads L (the last day of the month) and weekday#n', () => {
    expect(fields('0 0 L * *')).toMatchObject({
      daysOfMonth: [],
      daysFromMonthEnd: [1],
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: false,
    });
    expect(fields('0 0 1,l,L * *')).toMatchObject({ daysOfMonth: [1], daysFromMonthEnd: [1] });
    expect(fields('0 23 * * fri#-1,MON#1,7#2,3')).toMatchObject({
      daysOfWeek: [3],
      nthDaysOfWeek: [
        { weekday: 5, nth: -1 },
        { weekday: 1, nth: 1 },
        { weekday: 0, nth: 2 },
      ],
      dayOfWeekRestricted: true,
    });
    expect(failure('0 0 * * FRI#6')).toBe(
      'day-of-week field "FRI#6": the n of weekday#n is a week of the month: 1 to 5, or -1 to -5 counted from its end',
    );
    expect(failure('0 0 * * FRI#0')).toContain('1 to 5, or -1 to -5');
    expect(failure('0 0 * * FRI#05')).toContain('1 to 5, or -1 to -5');
    expect(fields('0 0 * * fri#L,MON#last').nthDaysOfWeek).toEqual([
      { weekday: 5, nth: -1 },
      { weekday: 1, nth: -1 },
    ]);
    expect(failure('0 0 * * FRI#lastly')).toContain('1 to 5, or -1 to -5');
    expect(failure('0 0 * * FRI#')).toContain('1 to 5, or -1 to -5');
    expect(failure('0 0 * * FUN#1')).toContain('"FUN" is not a number or a name');
    expect(failure('0 0 * * L')).toContain('day-of-week field "L"');
    expect(failure('0 0 * L *')).toContain('month field "L"');
    expect(failure('0 0 1#2 * *')).toContain('day-of-month field "1#2"');
  });

  it('reads values, lists, ranges and steps', () => {
    expect(fields('*/15 9-17 1,15 * *')).toMatchObject({
      minutes: [0, 15, 30, 45],
      hours: range(9, 17),
      daysOfMonth: [1, 15],
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: false,
    });
    expect(fields('1-30/5 0 * * *').minutes).toEqual([1, 6, 11, 16, 21, 26]);
    expect(fields('5/20 0 * * *').minutes).toEqual([5, 25, 45]);
    expect(fields('0,30,15,30 0 * * *').minutes).toEqual([0, 15, 30]);
  });

  it('reads month and weekday names in any case', () => {
    expect(fields('0 0 * jan-Mar,DEC mon-FRI')).toMatchObject({
      months: [1, 2, 3, 12],
      daysOfWeek: [1, 2, 3, 4, 5],
    });
  });

  it('treats 0 and 7 both as Sunday', () => {
    expect(fields('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(fields('0 0 * * 0,7').daysOfWeek).toEqual([0]);
    expect(fields('0 0 * * 5-7').daysOfWeek).toEqual([0, 5, 6]);
    expect(fields('0 0 * * SUN').daysOfWeek).toEqual([0]);
  });

  it('marks day fields restricted as Vixie cron does (a field starting with * is not)', () => {
    expect(fields('0 0 1 * MON')).toMatchObject({
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: true,
    });
    expect(fields('0 0 */2 * MON')).toMatchObject({
      daysOfMonth: range(1, 31, 2),
      dayOfMonthRestricted: false,
      dayOfWeekRestricted: true,
    });
  });

  it('refuses a cron that never fires: a day no month named has, weekday left free', () => {
    expect(failure('0 0 30 2 *')).toBe(
      'day-of-month field "30": no month in the month field has that day, so the cron never fires',
    );
    expect(failure('0 0 31 4,6,9,11 *')).toContain('never fires');
    // Leap years have 29 February; a weekday field restricts, so Fridays fire too; L is a day.
    expect(fields('0 0 29 2 *').daysOfMonth).toEqual([29]);
    expect(fields('0 0 30 2 FRI').daysOfWeek).toEqual([5]);
    expect(fields('0 0 30,L 2 *').daysFromMonthEnd).toEqual([1]);
  });

  it('expands the usual macros', () => {
    expect(fields('@daily')).toMatchObject({ source: '@daily', minutes: [0], hours: [0] });
    expect(fields('@weekly').daysOfWeek).toEqual([0]);
  });

  it('names the bad field and its expected range', () => {
    expect(failure('60 * * * *')).toBe('minute field "60": 60 is out of range; expected 0-59');
    expect(failure('0 24 * * *')).toBe('hour field "24": 24 is out of range; expected 0-23');
    expect(failure('0 0 0 * *')).toBe('day-of-month field "0": 0 is out of range; expected 1-31');
    expect(failure('0 0 * 13 *')).toBe(
      'month field "13": 13 is out of range; expected 1-12 or JAN-DEC',
    );
    expect(failure('0 0 * * 8')).toBe(
      'day-of-week field "8": 8 is out of range; expected 0-7 or SUN-SAT',
    );
    expect(failure('0 0 * * FUN')).toContain(
      'day-of-week field "FUN": "FUN" is not a number or a name',
    );
    expect(failure('*/0 * * * *')).toContain('minute field "*/0": the step after / must be');
    expect(failure('0 0 * * FRI-MON')).toContain('the range runs backwards');
    expect(failure('0 0 1,,2 * *')).toContain('day-of-month field ""');
  });

  it('wants exactly 5 fields', () => {
    expect(failure('* * *')).toBe(
      'expected 5 fields (minute hour day-of-month month day-of-week), got 3',
    );
    expect(failure('0 0 0 * * *')).toContain('got 6');
    expect(failure('')).toContain('got 0');
  });
});
