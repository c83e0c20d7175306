// fast-check building blocks shared by the engine's property tests (one config, and layers):
// clock times weighted towards the hours when clocks change, and schedules generated relative
// to the query's day made into real dates.
import fc from 'fast-check';
import type { Schedule, Weekday } from '../../src/core/types.js';
import { WEEKDAYS } from '../../src/core/types.js';

// Hours 0-3 and 23 are where the clocks change in the zones tested: weigh them heavily.
export const hour = fc.oneof(
  fc.integer({ min: 0, max: 23 }),
  fc.integer({ min: 0, max: 3 }),
  fc.constant(23),
);
export const minute = fc.constantFrom(0, 15, 30, 45);
export const weekday = fc.constantFrom<Weekday>(...WEEKDAYS);
export const clockTime = fc.record({ hour, minute });

/** Dates relative to the query's UTC day become real dates. */
export function dateNear(base: number, offsetDays: number) {
  const d = new Date(base + offsetDays * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * A generated schedule made real near `base`: `dates` and `once` carry day (and minute)
 * offsets, an `rrule`'s DTSTART a day offset.
 */
export function materialize(schedule: Schedule, base: number): Schedule {
  switch (schedule.form) {
    case 'dates':
      return { ...schedule, dates: schedule.dates.map((d) => dateNear(base, d.day)) };
    case 'once': {
      const at = (minutes: number) => {
        const date = dateNear(base, Math.floor(minutes / 1440));
        const rest = ((minutes % 1440) + 1440) % 1440;
        return {
          kind: 'local' as const,
          local: { ...date, hour: Math.floor(rest / 60), minute: rest % 60 },
        };
      };
      const start = schedule.start.kind === 'local' ? schedule.start.local.minute : 0;
      const end = schedule.end.kind === 'local' ? schedule.end.local.minute : 0;
      return { ...schedule, start: at(start), end: at(end) };
    }
    case 'rrule':
      return {
        ...schedule,
        dtstart: { ...dateNear(base, schedule.dtstart?.day ?? 0), hour: 0, minute: 0 },
      };
    default:
      return schedule;
  }
}
