import { dateFromDayNumber } from '../time/local-date.js';
import type { CronFields } from '../types.js';
import { dayResolver } from './occurrences.js';

export interface CronMatcher {
  /** Does the cron fire on this local day (day number)? */
  matchesDay(day: number): boolean;
  /** The instants the cron fires on a local day, ascending. */
  firesOn(day: number, zone: string): number[];
}

export function cronMatcher(cron: CronFields): CronMatcher {
  const months = new Set(cron.months);
  const daysOfMonth = new Set(cron.daysOfMonth);
  const daysOfWeek = new Set(cron.daysOfWeek);
  // Vixie cron: when both day fields are restricted a day matches either; otherwise both.
  const either = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted;
  const matchesDay = (day: number): boolean => {
    const date = dateFromDayNumber(day);
    if (!months.has(date.month)) return false;
    const sunday0 = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    const dom = daysOfMonth.has(date.day);
    const dow = daysOfWeek.has(sunday0);
    return either ? dom || dow : dom && dow;
  };
  return {
    matchesDay,
    firesOn(day, zone) {
      if (!matchesDay(day)) return [];
      const resolve = dayResolver(day, zone);
      const out: number[] = [];
      for (const hour of cron.hours) {
        for (const minute of cron.minutes) out.push(resolve(hour, minute));
      }
      // A skipped (spring-forward) time resolves past later wall times; keep instants ordered.
      return out.sort((a, b) => a - b);
    },
  };
}
