import type { Interval } from './types.js';

// Half-open intervals [start, end) of instants. Ends may be +Infinity, starts -Infinity.

/**
 * Sorted, non-overlapping, non-adjacent intervals covering the same instants. Intervals that
 * stay as they are are not copied (nothing here changes an interval it was given).
 */
export function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start);
  let ordered = true;
  for (let i = 1; i < sorted.length && ordered; i++) {
    ordered = (sorted[i - 1] as Interval).start <= (sorted[i] as Interval).start;
  }
  if (!ordered) sorted.sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out[out.length - 1];
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) out[out.length - 1] = { start: last.start, end: interval.end };
    } else {
      out.push(interval);
    }
  }
  return out;
}

export function union(...sets: readonly (readonly Interval[])[]): Interval[] {
  return merge(sets.flat());
}

/** The parts of merged `from` not covered by merged `minus`. Both inputs must be merged. */
export function subtract(from: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const interval of from) {
    let start = interval.start;
    while (j < minus.length && (minus[j] as Interval).end <= start) j++;
    let k = j;
    while (k < minus.length && (minus[k] as Interval).start < interval.end) {
      const cut = minus[k] as Interval;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
      k++;
    }
    if (start < interval.end) out.push({ start, end: interval.end });
  }
  return out;
}

/** The parts of [from, to) outside the merged intervals. */
export function complement(merged: readonly Interval[], from: number, to: number): Interval[] {
  return subtract([{ start: from, end: to }], merged);
}

/** Each interval cut to [from, to); empty results dropped. Intervals inside are not copied. */
export function clip(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const i of intervals) {
    if (i.start >= from && i.end <= to) {
      if (i.end > i.start) out.push(i);
      continue;
    }
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

export function overlaps(interval: Interval, from: number, to: number): boolean {
  return interval.start < to && interval.end > from;
}

export function contains(interval: Interval, at: number): boolean {
  return interval.start <= at && at < interval.end;
}

/** The merged interval containing `at`, if any. */
export function find(merged: readonly Interval[], at: number): Interval | undefined {
  return merged.find((i) => contains(i, at));
}
