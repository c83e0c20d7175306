import { dateFromDayNumber } from '../time/local-date.js';
import { localToInstant } from '../time/resolve.js';
import { offsetAt, steadyOffset } from '../time/zones.js';
import type { Interval } from '../types.js';

/** Every occurrence overlapping [from, to), sorted by start. */
export type OccurrenceFn = (from: number, to: number) => Interval[];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Keeps the intervals that are non-empty and overlap [from, to); sorted, exact duplicates dropped. */
export function finish(intervals: Interval[], from: number, to: number): Interval[] {
  const kept = intervals.filter((i) => i.end > i.start && i.start < to && i.end > from);
  if (!isSorted(kept)) kept.sort(byStartThenEnd);
  let repeats = false;
  for (let n = 1; n < kept.length && !repeats; n++) {
    repeats = byStartThenEnd(kept[n - 1] as Interval, kept[n] as Interval) === 0;
  }
  if (!repeats) return kept;
  return kept.filter((i, n) => {
    const previous = kept[n - 1];
    return !previous || previous.start !== i.start || previous.end !== i.end;
  });
}

const byStartThenEnd = (a: Interval, b: Interval) => a.start - b.start || a.end - b.end;

/** The numbers in ascending order, sorted in place only when they are not already. */
export function ascending(values: number[]): number[] {
  for (let i = 1; i < values.length; i++) {
    if ((values[i - 1] as number) > (values[i] as number)) return values.sort((a, b) => a - b);
  }
  return values;
}

/** The starts of a schedule in [low, high), ascending instants. */
type StartsFn = (low: number, high: number) => number[];

/**
 * Spans searched for a start double from a day up to this: wider, a rule dense only in some
 * months (every minute of January) would expand a whole span's starts to find one.
 */
const MAX_SEARCH_SPAN_MS = 16 * DAY_MS;

/** The first thing `pick` finds in [low, high), asked span by span from `low` on. */
export function firstFound<T>(
  low: number,
  high: number,
  pick: (low: number, high: number) => T | null,
): T | null {
  for (let span = DAY_MS; low < high; span = Math.min(span * 2, MAX_SEARCH_SPAN_MS)) {
    const end = Math.min(high, low + span);
    const found = pick(low, end);
    if (found !== null) return found;
    low = end;
  }
  return null;
}

/** The last thing `pick` finds in [low, high), asked span by span from `high` back. */
export function lastFound<T>(
  low: number,
  high: number,
  pick: (low: number, high: number) => T | null,
): T | null {
  for (let span = DAY_MS; high > low; span = Math.min(span * 2, MAX_SEARCH_SPAN_MS)) {
    const begin = Math.max(low, high - span);
    const found = pick(begin, high);
    if (found !== null) return found;
    high = begin;
  }
  return null;
}

/**
 * Occurrences lasting `length` ms from each start, overlapping [from, to). The starts before
 * `from` whose occurrence reaches past it all contain `from`, so together they are one
 * interval, from the first of them to the last one's end: only those two are looked for. A
 * long duration so costs a few look-ups, not every start within it (a minute cron lasting a
 * year has 527,040, and took 20 s to decide).
 */
export function occurrencesOfLength(
  startsIn: StartsFn,
  length: number,
  from: number,
  to: number,
): Interval[] {
  const out: Interval[] = [];
  const first = firstFound(from - length + 1, from, (a, b) => startsIn(a, b)[0] ?? null);
  if (first !== null) {
    const last = lastFound(first, from, (a, b) => startsIn(a, b).at(-1) ?? null) ?? first;
    out.push({ start: first, end: last + length });
  }
  for (const start of startsIn(from, to)) out.push({ start, end: start + length });
  return finish(out, from, to);
}

/** Already in order (expansions nearly always are): then sorting is skipped. */
function isSorted(intervals: readonly Interval[]): boolean {
  for (let i = 1; i < intervals.length; i++) {
    if (byStartThenEnd(intervals[i - 1] as Interval, intervals[i] as Interval) > 0) return false;
  }
  return true;
}

/** Margin around a day within which a steady offset guarantees plain arithmetic is exact. */
const STEADY_MARGIN_MS = 6 * 3_600_000;

/**
 * The instant 00:00 of a local day begins when the day (with margins) has one UTC offset
 * throughout, so that its wall times are plain arithmetic; NaN for days near a transition.
 */
export function steadyDayStart(dayNumber: number, zone: string): number {
  let days = dayStarts.get(zone);
  if (days === undefined) {
    if (dayStarts.size >= MEMO_ZONES) dayStarts.clear();
    days = new Map();
    dayStarts.set(zone, days);
  }
  let start = days.get(dayNumber);
  if (start === undefined) {
    if (days.size >= MEMO_DAYS_PER_ZONE) days.clear();
    start = computeSteadyDayStart(dayNumber, zone);
    days.set(dayNumber, start);
  }
  return start;
}

/**
 * steadyDayStart by zone and day: every window of a zone asks for the same days, and a day
 * costs several offset look-ups. Bounded: the memo starts over when full.
 */
const dayStarts = new Map<string, Map<number, number>>();
const MEMO_ZONES = 64;
const MEMO_DAYS_PER_ZONE = 20_000;

function computeSteadyDayStart(dayNumber: number, zone: string): number {
  const wall = dayNumber * DAY_MS;
  const offset = offsetAt(zone, wall - offsetAt(zone, wall) * MINUTE_MS);
  const start = wall - offset * MINUTE_MS;
  const steady = steadyOffset(zone, start - STEADY_MARGIN_MS, start + DAY_MS + STEADY_MARGIN_MS);
  return steady === offset ? start : Number.NaN;
}

/** The instant of a wall time on a local day (hour 24: the next day's 00:00), per RFC 5545. */
export function instantOnDay(
  dayNumber: number,
  zone: string,
  hour: number,
  minute: number,
): number {
  const start = steadyDayStart(dayNumber, zone);
  if (!Number.isNaN(start)) return start + (hour * 60 + minute) * MINUTE_MS;
  if (hour >= 24) return instantOnDay(dayNumber + 1, zone, hour - 24, minute);
  return localToInstant({ ...dateFromDayNumber(dayNumber), hour, minute }, zone);
}

/** Converts wall times of one local day to instants (see instantOnDay). */
export function dayResolver(
  dayNumber: number,
  zone: string,
): (hour: number, minute: number) => number {
  const start = steadyDayStart(dayNumber, zone);
  if (!Number.isNaN(start)) return (hour, minute) => start + (hour * 60 + minute) * MINUTE_MS;
  return (hour, minute) => instantOnDay(dayNumber, zone, hour, minute);
}
