import { dayNumber } from '../time/local-date.js';
import { localDayNumber } from '../time/resolve.js';
import type { Interval, LocalDate, Schedule } from '../types.js';
import { dayResolver, finish, type OccurrenceFn } from './occurrences.js';

type DatesSchedule = Extract<Schedule, { form: 'dates' }>;

/** A whole local day: 00:00 to the next day's 00:00. */
export function wholeDay(day: number, zone: string): Interval {
  return { start: dayResolver(day, zone)(0, 0), end: dayResolver(day + 1, zone)(0, 0) };
}

/** Whole local days of the given dates overlapping [from, to). */
export function wholeDays(dates: readonly LocalDate[], zone: string, from: number, to: number) {
  const first = localDayNumber(from, zone) - 1;
  const last = localDayNumber(to, zone);
  const out: Interval[] = [];
  for (const date of dates) {
    const day = dayNumber(date);
    if (day >= first && day <= last) out.push(wholeDay(day, zone));
  }
  return finish(out, from, to);
}

/** `dates: [2026-12-25, ...]`. */
export function compileDates(schedule: DatesSchedule, zone: string): OccurrenceFn {
  return (from, to) => wholeDays(schedule.dates, zone, from, to);
}
