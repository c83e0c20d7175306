// How many occurrences a window's schedule can start on one day: an upper bound, for the
// config's limits (docs/config.md, "Limits") and to size the engine's work on dense rules.
import type { WindowConfig } from '../types.js';
import { calendarStartsPerDay } from './ics.js';
import { rruleSpecOf } from './rrule.js';
import { startsPerDay } from './rrule-expand.js';

export function scheduleStartsPerDay(window: WindowConfig): number {
  const { schedule } = window;
  switch (schedule.form) {
    case 'rrule':
      return startsPerDay(rruleSpecOf(schedule, window.from));
    case 'cron':
      return schedule.cron.hours.length * schedule.cron.minutes.length;
    case 'cron-range':
      return schedule.start.hours.length * schedule.start.minutes.length;
    case 'ics':
      return calendarStartsPerDay(schedule.calendar);
    case 'holidays':
      // Two holidays can fall on one day.
      return 2;
    default:
      // once, time, weekly, monthly, dates: at most one start a day.
      return 1;
  }
}
