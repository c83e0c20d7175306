// The two cron forms: `cron` + `duration`, and GitLab-style `cron: {start, end}` freezes.
import { localDayNumber } from '../time/resolve.js';
import type { Interval, Schedule } from '../types.js';
import { cronMatcher } from './cron-match.js';
import {
  ascending,
  dayResolver,
  finish,
  type OccurrenceFn,
  occurrencesOfLength,
  steadyDayStart,
} from './occurrences.js';

type CronSchedule = Extract<Schedule, { form: 'cron' }>;
type CronRangeSchedule = Extract<Schedule, { form: 'cron-range' }>;

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
/** How far to look for a cron-range's end: crons repeat yearly, Feb 29 every 4-8 years. */
const RANGE_SEARCH_DAYS = 8 * 366;
/**
 * Wall times this many local days before an instant's day resolve to instants before it,
 * whatever the zone does in between (a DST gap or fold moves a wall time by at most a day).
 */
const SETTLED_DAYS = 3;

/** Each cron match, in local wall time, starts a window lasting `duration` elapsed minutes. */
export function compileCron(schedule: CronSchedule, zone: string): OccurrenceFn {
  const matcher = cronMatcher(schedule.cron);
  const length = schedule.duration * MINUTE_MS;
  // A day's fires resolve to instants within a day of its local midnight (a DST gap or fold
  // moves a wall time by at most that), so one day either side covers [low, high).
  const startsIn = (low: number, high: number): number[] => {
    const out: number[] = [];
    const last = localDayNumber(high, zone) + 1;
    for (let day = localDayNumber(low, zone) - 1; day <= last; day++) {
      for (const start of matcher.firesOn(day, zone)) {
        if (start >= low && start < high) out.push(start);
      }
    }
    return ascending(out);
  };
  return (from, to) => occurrencesOfLength(startsIn, length, from, to);
}

/** The instant of a wall time given as minutes since 1970-01-01 00:00 local. */
function wallInstant(wall: number, zone: string): number {
  const day = Math.floor(wall / DAY_MINUTES);
  const minute = wall - day * DAY_MINUTES;
  return dayResolver(day, zone)(Math.floor(minute / 60), minute % 60);
}

/**
 * `cron: {start, end}` (GitLab deploy freezes): each start runs to the first end after it in
 * local wall time, then both become instants (docs/engine.md). So on a spring-forward night a
 * start in the gap and an end just after it give reversed instants: that occurrence is empty,
 * as for `time` with the same wall times.
 */
export function compileCronRange(schedule: CronRangeSchedule, zone: string): OccurrenceFn {
  const starts = cronMatcher(schedule.start);
  const ends = cronMatcher(schedule.end);

  /** The last end wall time on or before a local day, searching back a bounded span. */
  const lastEndOnOrBefore = (lastDay: number): number | null => {
    for (let day = lastDay; day >= lastDay - RANGE_SEARCH_DAYS; day--) {
      const fired = ends.wallMinutesOn(day);
      if (fired.length > 0) return day * DAY_MINUTES + (fired[fired.length - 1] as number);
    }
    return null;
  };

  return (from, to) => {
    const out: Interval[] = [];
    // Every start before this end (in wall time) also ended by it, well before `from`.
    const settledDay = localDayNumber(from, zone) - SETTLED_DAYS;
    const lastEnd = lastEndOnOrBefore(settledDay);
    const firstDay =
      lastEnd === null ? settledDay - RANGE_SEARCH_DAYS : Math.floor(lastEnd / DAY_MINUTES);
    const lastDay = localDayNumber(to, zone);
    // End wall times are found lazily, in order, as the starts move forward.
    const pending: number[] = [];
    let next = 0;
    let endDay = firstDay;
    const firstEndAfter = (start: number): number | null => {
      for (;;) {
        while (next < pending.length && (pending[next] as number) <= start) next++;
        if (next < pending.length) return pending[next] as number;
        if (endDay > lastDay + RANGE_SEARCH_DAYS) return null;
        pending.splice(0, next);
        next = 0;
        for (const minute of ends.wallMinutesOn(endDay))
          pending.push(endDay * DAY_MINUTES + minute);
        endDay++;
      }
    };
    // The starts after one start and before its end run to that same end, inside its
    // occurrence: they are skipped, and the search goes on from the end. So a start every
    // minute costs one look-up per end, not one per start (four million over 8 years).
    let skipBefore = lastEnd ?? Number.NEGATIVE_INFINITY;
    // The earliest start (an instant) of the occurrences ending at skipBefore, and that end.
    let chainStart = Number.NEGATIVE_INFINITY;
    let chainEnd = Number.NEGATIVE_INFINITY;
    /** Were the last day's starts on a steady day (see below)? */
    let lastSteady = true;
    for (let day = firstDay; day <= lastDay; day++) {
      // Days wholly inside the current occurrence are skipped, but not the day after an
      // unsteady one: a start there may come before a start in the night's gap.
      if (lastSteady) day = Math.max(day, Math.floor(skipBefore / DAY_MINUTES));
      if (day > lastDay) break;
      const fired = starts.wallMinutesOn(day);
      lastSteady = true;
      if (fired.length === 0) continue;
      const resolve = dayResolver(day, zone);
      // A later wall time is a later instant, except across a spring-forward gap: a start in
      // the gap reads with the offset from before it, so the starts just past the gap come
      // earlier than it (Lord Howe's 02:15 is 15:45Z, its 02:30 15:30Z). Such starts lie within
      // hours of a change, on days that are not steady.
      const steady = !Number.isNaN(steadyDayStart(day, zone));
      lastSteady = steady;
      for (const minute of fired) {
        const startWall = day * DAY_MINUTES + minute;
        if (startWall < skipBefore) {
          if (steady) continue;
          const start = resolve(Math.floor(minute / 60), minute % 60);
          if (start >= chainStart) continue;
          chainStart = start;
          if (start < to && chainEnd > from) out.push({ start, end: chainEnd });
          continue;
        }
        const start = resolve(Math.floor(minute / 60), minute % 60);
        if (start >= to) continue;
        const endWall = firstEndAfter(startWall);
        const end = endWall === null ? Number.POSITIVE_INFINITY : wallInstant(endWall, zone);
        if (end > from) out.push({ start, end });
        if (endWall === null) return finish(out, from, to);
        skipBefore = endWall;
        chainStart = start;
        chainEnd = end;
      }
    }
    return finish(out, from, to);
  };
}
