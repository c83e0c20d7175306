import type { WindowConfig } from '../types.js';
import { compileCron, compileCronRange } from './cron.js';
import { compileDates } from './dates.js';
import { compileHolidays } from './holidays.js';
import { compileIcs } from './ics-form.js';
import { compileMonthly } from './monthly.js';
import type { OccurrenceFn } from './occurrences.js';
import { compileOnce } from './once.js';
import { compileRrule } from './rrule.js';
import { compileTimeOfDay } from './time-of-day.js';
import { compileWeekly } from './weekly.js';

export type { OccurrenceFn } from './occurrences.js';

/** The occurrence function of a window's schedule (validity not applied yet). */
export function compileSchedule(window: WindowConfig): OccurrenceFn {
  const { schedule, timezone: zone } = window;
  switch (schedule.form) {
    case 'rrule':
      return compileRrule(schedule, zone, window.from);
    case 'cron':
      return compileCron(schedule, zone);
    case 'cron-range':
      return compileCronRange(schedule, zone);
    case 'once':
      return compileOnce(schedule, zone);
    case 'time':
      return compileTimeOfDay(schedule, zone);
    case 'weekly':
      return compileWeekly(schedule, zone);
    case 'monthly':
      return compileMonthly(schedule, zone);
    case 'dates':
      return compileDates(schedule, zone);
    case 'holidays':
      return compileHolidays(schedule, zone);
    case 'ics':
      return compileIcs(schedule, zone);
  }
}
