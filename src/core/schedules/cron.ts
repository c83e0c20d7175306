import { localDayNumber } from '../time/resolve.js';
import type { Interval, Schedule } from '../types.js';
import { cronMatcher } from './cron-match.js';
import { finish, type OccurrenceFn } from './occurrences.js';

type CronSchedule = Extract<Schedule, { form: 'cron' }>;
type CronRangeSchedule = Extract<Schedule, { form: 'cron-range' }>;

const MINUTE_MS = 60_000;
/** How far to look for a cron-range's end: crons repeat yearly, Feb 29 every 4-8 years. */
const RANGE_SEARCH_DAYS = 8 * 366;

/** Each cron match, in local wall time, starts a window lasting `duration` elapsed minutes. */
export function compileCron(schedule: CronSchedule, zone: string): OccurrenceFn {
  const matcher = cronMatcher(schedule.cron);
  const length = schedule.duration * MINUTE_MS;
  const lookbackDays = Math.ceil(schedule.duration / 1440) + 2;
  return (from, to) => {
    const out: Interval[] = [];
    const last = localDayNumber(to, zone);
    for (let day = localDayNumber(from, zone) - lookbackDays; day <= last; day++) {
      for (const start of matcher.firesOn(day, zone)) {
        if (start < to && start + length > from) out.push({ start, end: start + length });
      }
    }
    return finish(out, from, to);
  };
}

/** `cron: {start, end}`: each start runs to the first end after it (GitLab deploy freezes). */
export function compileCronRange(schedule: CronRangeSchedule, zone: string): OccurrenceFn {
  const starts = cronMatcher(schedule.start);
  const ends = cronMatcher(schedule.end);

  /** The last end at or before `at`, searching back a bounded span. */
  const lastEndAtOrBefore = (at: number): number | null => {
    const today = localDayNumber(at, zone);
    for (let day = today; day >= today - RANGE_SEARCH_DAYS; day--) {
      const fired = ends.firesOn(day, zone).filter((end) => end <= at);
      if (fired.length > 0) return fired[fired.length - 1] as number;
    }
    return null;
  };

  return (from, to) => {
    const out: Interval[] = [];
    const fromDay = localDayNumber(from, zone);
    const lastEnd = lastEndAtOrBefore(from);
    const firstDay = lastEnd === null ? fromDay - RANGE_SEARCH_DAYS : localDayNumber(lastEnd, zone);
    const lastDay = localDayNumber(to, zone);
    // Ends are found lazily, in order, as the starts move forward.
    const pending: number[] = [];
    let endDay = firstDay;
    const firstEndAfter = (start: number): number => {
      for (;;) {
        while (pending.length > 0 && (pending[0] as number) <= start) pending.shift();
        if (pending.length > 0) return pending[0] as number;
        if (endDay > lastDay + RANGE_SEARCH_DAYS) return Number.POSITIVE_INFINITY;
        pending.push(...ends.firesOn(endDay, zone));
        endDay++;
      }
    };
    for (let day = firstDay; day <= lastDay; day++) {
      for (const start of starts.firesOn(day, zone)) {
        if (start >= to || (lastEnd !== null && start < lastEnd)) continue;
        const end = firstEndAfter(start);
        if (end > from) out.push({ start, end });
      }
    }
    return finish(out, from, to);
  };
}
