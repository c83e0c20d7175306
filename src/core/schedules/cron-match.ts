// When a parsed cron expression fires: the days it matches and its wall times on a day.
import { dateFromDayNumber, daysInMonth } from '../time/local-date.js';
import type { CronFields } from '../types.js';
import { dayResolver, steadyDayStart } from './occurrences.js';

const MINUTE_MS = 60_000;

export interface CronMatcher {
  /** Does the cron fire on this local day (day number)? */
  matchesDay(day: number): boolean;
  /** The wall times (minutes after 00:00) the cron fires at on a local day, ascending. */
  wallMinutesOn(day: number): readonly number[];
  /** The instants the cron fires on a local day, ascending. */
  firesOn(day: number, zone: string): number[];
}

export function cronMatcher(cron: CronFields): CronMatcher {
  const months = new Set(cron.months);
  const daysOfMonth = new Set(cron.daysOfMonth);
  const daysOfWeek = new Set(cron.daysOfWeek);
  const fromMonthEnd = new Set(cron.daysFromMonthEnd);
  // weekday * 16 + nth + 8 for each weekday#nth: one look-up per day and direction.
  const nth = new Set(cron.nthDaysOfWeek.map(({ weekday, nth: n }) => weekday * 16 + n + 8));
  // Vixie cron: when both day fields are restricted a day matches either (fugit's `&`: both);
  // otherwise both.
  const either = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted && !cron.bothDaysMustMatch;
  const matchesDay = (day: number): boolean => {
    const date = dateFromDayNumber(day);
    if (!months.has(date.month)) return false;
    const sunday0 = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    const monthDays =
      fromMonthEnd.size > 0 || nth.size > 0 ? daysInMonth(date.year, date.month) : 0;
    const dom = daysOfMonth.has(date.day) || fromMonthEnd.has(monthDays - date.day + 1);
    // The day is its weekday's ceil(day / 7)th of the month, and -ceil((days left + 1) / 7)th.
    const dow =
      daysOfWeek.has(sunday0) ||
      (nth.size > 0 &&
        (nth.has(sunday0 * 16 + Math.ceil(date.day / 7) + 8) ||
          nth.has(sunday0 * 16 - Math.ceil((monthDays - date.day + 1) / 7) + 8)));
    return either ? dom || dow : dom && dow;
  };
  const minutesOfDay = cron.hours
    .flatMap((hour) => cron.minutes.map((minute) => hour * 60 + minute))
    .sort((a, b) => a - b);
  return {
    matchesDay,
    wallMinutesOn(day) {
      return matchesDay(day) ? minutesOfDay : [];
    },
    firesOn(day, zone) {
      if (!matchesDay(day)) return [];
      const start = steadyDayStart(day, zone);
      // One offset all day: the instants are in the order of the wall times.
      if (!Number.isNaN(start)) return minutesOfDay.map((minute) => start + minute * MINUTE_MS);
      const resolve = dayResolver(day, zone);
      const out = minutesOfDay.map((minute) => resolve(Math.floor(minute / 60), minute % 60));
      // A skipped (spring-forward) time resolves past later wall times; keep instants ordered.
      return out.sort((a, b) => a - b);
    },
  };
}
