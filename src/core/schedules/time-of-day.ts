import { weekdayOfDayNumber } from '../time/local-date.js';
import { localDayNumber } from '../time/resolve.js';
import type { Interval, Schedule } from '../types.js';
import { dayResolver, finish, type OccurrenceFn } from './occurrences.js';

type TimeSchedule = Extract<Schedule, { form: 'time' }>;

/** `time: "22:00-06:00"` on the days it starts; an end at or before the start is the next day. */
export function compileTimeOfDay(schedule: TimeSchedule, zone: string): OccurrenceFn {
  const days = new Set(schedule.days);
  const startMinute = schedule.start.hour * 60 + schedule.start.minute;
  const endMinute = schedule.end.hour * 60 + schedule.end.minute;
  const crossesMidnight = endMinute <= startMinute;
  return (from, to) => {
    const out: Interval[] = [];
    const last = localDayNumber(to, zone);
    for (let day = localDayNumber(from, zone) - 2; day <= last; day++) {
      if (!days.has(weekdayOfDayNumber(day))) continue;
      const start = dayResolver(day, zone)(schedule.start.hour, schedule.start.minute);
      const end = crossesMidnight
        ? dayResolver(day + 1, zone)(schedule.end.hour, schedule.end.minute)
        : dayResolver(day, zone)(schedule.end.hour, schedule.end.minute);
      out.push({ start, end });
    }
    return finish(out, from, to);
  };
}
