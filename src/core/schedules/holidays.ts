import { localDateOf } from '../time/resolve.js';
import type { LocalDate, Schedule } from '../types.js';
import { wholeDays } from './dates.js';
import type { OccurrenceFn } from './occurrences.js';

type HolidaysSchedule = Extract<Schedule, { form: 'holidays' }>;

const YEARS_KEPT = 8;

/** Public holidays of a place as whole local days; each year's list is fetched once. */
export function compileHolidays(schedule: HolidaysSchedule, zone: string): OccurrenceFn {
  // A few recent years, cleared when full: searches move forward, so this stays small.
  const years = new Map<number, LocalDate[]>();
  const datesOf = (year: number): LocalDate[] => {
    let dates = years.get(year);
    if (!dates) {
      if (years.size >= YEARS_KEPT) years.clear();
      dates = schedule.datesInYear(year);
      years.set(year, dates);
    }
    return dates;
  };
  return (from, to) => {
    const dates: LocalDate[] = [];
    const start = localDateOf(from, zone);
    const last = localDateOf(to, zone).year;
    // wholeDays also looks at the day before `from` (a fold at midnight): that day is in the
    // year before only on 1 January. A year of a lunar calendar costs milliseconds to compute.
    const first = start.month === 1 && start.day === 1 ? start.year - 1 : start.year;
    for (let year = first; year <= last; year++) {
      dates.push(...datesOf(year));
    }
    return wholeDays(dates, zone, from, to);
  };
}
