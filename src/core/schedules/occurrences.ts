import { dateFromDayNumber } from '../time/local-date.js';
import { localToInstant } from '../time/resolve.js';
import { offsetAt } from '../time/zones.js';
import type { Interval, LocalDate } from '../types.js';

/** Every occurrence overlapping [from, to), sorted by start. */
export type OccurrenceFn = (from: number, to: number) => Interval[];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Keeps the intervals that are non-empty and overlap [from, to); sorted, exact duplicates dropped. */
export function finish(intervals: Interval[], from: number, to: number): Interval[] {
  const kept = intervals
    .filter((i) => i.end > i.start && i.start < to && i.end > from)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  return kept.filter((i, n) => {
    const previous = kept[n - 1];
    return !previous || previous.start !== i.start || previous.end !== i.end;
  });
}

/**
 * Converts wall times of one local day to instants. Most days have one offset throughout, so
 * the common case is a subtraction; days with a transition use the full resolver.
 */
export function dayResolver(dayNumber: number, zone: string): (hour: number, minute: number) => number {
  const date: LocalDate = dateFromDayNumber(dayNumber);
  const start = localToInstant({ ...date, hour: 0, minute: 0 }, zone);
  const wallStart = dayNumber * DAY_MS;
  const offset = offsetAt(zone, start);
  const steady =
    wallStart - offset * MINUTE_MS === start && offsetAt(zone, start + DAY_MS - 1) === offset;
  if (steady) return (hour, minute) => start + (hour * 60 + minute) * MINUTE_MS;
  return (hour, minute) => {
    if (hour >= 24) {
      const next = dateFromDayNumber(dayNumber + 1);
      return localToInstant({ ...next, hour: hour - 24, minute }, zone);
    }
    return localToInstant({ ...date, hour, minute }, zone);
  };
}
