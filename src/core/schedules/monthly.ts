import { dayNumber, daysInMonth, monthFromIndex, monthIndex } from '../time/local-date.js';
import { localDateOf } from '../time/resolve.js';
import type { Interval, MonthDayTime, Schedule } from '../types.js';
import { dayResolver, finish, type OccurrenceFn } from './occurrences.js';

type MonthlySchedule = Extract<Schedule, { form: 'monthly' }>;

/** The day number of spec's day in a month, or null when the month has no such day. */
function dayIn(spec: MonthDayTime, year: number, month: number): number | null {
  const length = daysInMonth(year, month);
  const day = spec.day === 'L' ? length : spec.day;
  return day <= length ? dayNumber({ year, month, day }) : null;
}

/**
 * `monthly: {from: "1 22:30", to: "2 06:30"}`: from a day and time to the next such `to` day
 * and time. A month without the start day has no window; an end day a month lacks is skipped.
 */
export function compileMonthly(schedule: MonthlySchedule, zone: string): OccurrenceFn {
  const { from: open, to: close } = schedule;
  const openMinute = open.hour * 60 + open.minute;
  const closeMinute = close.hour * 60 + close.minute;
  return (from, to) => {
    const out: Interval[] = [];
    const first = localDateOf(from, zone);
    const last = localDateOf(to, zone);
    const lastIndex = monthIndex(last.year, last.month);
    for (let index = monthIndex(first.year, first.month) - 3; index <= lastIndex; index++) {
      const { year, month } = monthFromIndex(index);
      const startDay = dayIn(open, year, month);
      if (startDay === null) continue;
      const startKey = startDay * 1440 + openMinute;
      // The first `to` day and time strictly after the start, within the next year.
      for (let ahead = 0; ahead <= 12; ahead++) {
        const target = monthFromIndex(index + ahead);
        const endDay = dayIn(close, target.year, target.month);
        if (endDay === null || endDay * 1440 + closeMinute <= startKey) continue;
        out.push({
          start: dayResolver(startDay, zone)(open.hour, open.minute),
          end: dayResolver(endDay, zone)(close.hour, close.minute),
        });
        break;
      }
    }
    return finish(out, from, to);
  };
}
