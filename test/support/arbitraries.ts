// fast-check building blocks shared by the engine's property tests (one config, and layers):
// clock times weighted towards the hours when clocks change; the schedule forms whose shape
// does not depend on the test (with the day ranges each picks), generated relative to the
// query's day and made into real dates; the query's instant, its windows made real, and the
// span the windows listing covers.
import fc from 'fast-check';
import type { Schedule, Weekday, WindowConfig } from '../../src/core/types.js';
import { WEEKDAYS } from '../../src/core/types.js';
import { cronFields, window } from '../core/engine-builders.js';

const MINUTE = 60_000;

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

/** One to seven weekdays. */
export const someDays = fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 });

/** `time:` on some days, ending at a clock time or at 24:00. */
export const timeSchedule: fc.Arbitrary<Schedule> = fc
  .record({
    start: clockTime,
    end: fc.oneof(clockTime, fc.constant({ hour: 24, minute: 0 })),
    days: someDays,
  })
  .map(({ start, end, days }): Schedule => ({ form: 'time', start, end, days }));

/** `weekly:` from a weekday and time to another. */
export const weeklySchedule: fc.Arbitrary<Schedule> = fc
  .record({
    from: fc.record({ weekday, hour, minute }),
    to: fc.record({ weekday, hour, minute }),
  })
  .map(({ from, to }): Schedule => ({ form: 'weekly', from, to }));

/**
 * `cron:` at one or two minutes of one to three hours, lasting 1 to 600 minutes, on the days
 * `days` names as `<day of month> <month> <day of week>` (by default every day).
 */
export function cronSchedule(days: fc.Arbitrary<string> = fc.constant('* * *')) {
  return fc
    .record({
      minutes: fc.uniqueArray(minute, { minLength: 1, maxLength: 2 }),
      hours: fc.uniqueArray(hour, { minLength: 1, maxLength: 3 }),
      days,
      // Up to 10 hours, or days: starts still running from long before the instant asked.
      duration: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 600 }), weight: 4 },
        { arbitrary: fc.integer({ min: 1441, max: 20 * 1440 }), weight: 1 },
      ),
    })
    .map(
      ({ minutes, hours, days, duration }): Schedule => ({
        form: 'cron',
        cron: cronFields(`${minutes.join(',')} ${hours.join(',')} ${days}`),
        duration,
      }),
    );
}

/** `dates:` on 1 to `most` days, `first` to `last` days from the query's day (materialize). */
export function datesSchedule(first: number, last: number, most: number): fc.Arbitrary<Schedule> {
  return fc.array(fc.integer({ min: first, max: last }), { minLength: 1, maxLength: most }).map(
    (days): Schedule => ({
      form: 'dates',
      dates: days.map((day) => ({ year: 0, month: 0, day })),
    }),
  );
}

/**
 * `start:`/`end:` once, starting `first` to `last` days from the query's day and lasting a
 * minute to three days (the minutes are made real by materialize).
 */
export function onceSchedule(first: number, last: number): fc.Arbitrary<Schedule> {
  return fc
    .record({
      start: fc.integer({ min: first * 1440, max: last * 1440 }),
      length: fc.integer({ min: 1, max: 3 * 1440 }),
    })
    .map(
      ({ start, length }): Schedule => ({
        form: 'once',
        start: { kind: 'local', local: { year: 0, month: 0, day: 0, hour: 0, minute: start } },
        end: {
          kind: 'local',
          local: { year: 0, month: 0, day: 0, hour: 0, minute: start + length },
        },
      }),
    );
}

/** A generated window: its schedule, allow or deny, zone, environments and validity in days. */
export interface WindowSpec {
  schedule: Schedule;
  deny: boolean;
  /** null: the zone whose clocks change near the query. */
  zone: string | null;
  environments?: string[] | null;
  /** Days from the query's day (null: no `from:` / `until:`). */
  from: number | null;
  until: number | null;
}

/** The query's instant (its anchor moved by `shift` minutes, on a whole minute) and UTC day. */
export function queryInstant(anchor: number, shift: number): { at: number; base: number } {
  const at = Math.floor((anchor + shift * MINUTE) / MINUTE) * MINUTE;
  return { at, base: Math.floor(at / 86_400_000) * 86_400_000 };
}

/** The window `spec` describes, named `name`, made real near `base` (the query's UTC day). */
export function windowNear(
  name: string,
  spec: WindowSpec,
  base: number,
  anchorZone: string,
): WindowConfig {
  return window(name, materialize(spec.schedule, base), {
    kind: spec.deny ? 'deny' : 'allow',
    timezone: spec.zone ?? anchorZone,
    environments: spec.environments ?? null,
    from: spec.from === null ? null : dateNear(base, spec.from),
    until: spec.until === null ? null : dateNear(base, spec.until),
  });
}

/** The decision query for production at `at`, with the query's runway and horizon (in days). */
export function decisionQuery(at: number, q: { minDuration: number; horizonDays: number }) {
  return {
    environment: 'production',
    at,
    minDuration: q.minDuration,
    horizon: q.horizonDays * 1440,
  };
}

/** The next `minutes` from `at` for production: what the windows listing covers. */
export function nextMinutes(at: number, minutes: number) {
  return { environment: 'production', from: at, to: at + minutes * MINUTE };
}
