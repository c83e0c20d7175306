import { weekdayOfDayNumber } from '../time/local-date.js';
import { localDayNumber } from '../time/resolve.js';
import type { Interval, Schedule } from '../types.js';
import { WEEKDAYS } from '../types.js';
import { dayResolver, finish, type OccurrenceFn } from './occurrences.js';

type WeeklySchedule = Extract<Schedule, { form: 'weekly' }>;

/** `weekly: {from: "FR 18:00", to: "MO 06:00"}`: to the next such weekday and time (same = a week). */
export function compileWeekly(schedule: WeeklySchedule, zone: string): OccurrenceFn {
  const { from: open, to: close } = schedule;
  let spanDays = (WEEKDAYS.indexOf(close.weekday) - WEEKDAYS.indexOf(open.weekday) + 7) % 7;
  const openMinute = open.hour * 60 + open.minute;
  const closeMinute = close.hour * 60 + close.minute;
  if (spanDays === 0 && closeMinute <= openMinute) spanDays = 7;
  return (from, to) => {
    const out: Interval[] = [];
    const last = localDayNumber(to, zone);
    for (let day = localDayNumber(from, zone) - 9; day <= last; day++) {
      if (weekdayOfDayNumber(day) !== open.weekday) continue;
      out.push({
        start: dayResolver(day, zone)(open.hour, open.minute),
        end: dayResolver(day + spanDays, zone)(close.hour, close.minute),
      });
    }
    return finish(out, from, to);
  };
}
