import type { LocalDate, LocalDateTime } from '../types.js';
import { dayNumber, utcMs } from './local-date.js';
import { offsetAt } from './zones.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The instant of a local wall time in a zone, by RFC 5545 section 3.3.5: a time in a
 * spring-forward gap is read with the offset from before the gap; a time that occurs twice
 * (fall-back) is its first occurrence.
 */
export function localToInstant(local: LocalDateTime, zone: string): number {
  const wall = utcMs(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const first = wall - before * MINUTE_MS;
  if (before === after) {
    if (offsetAt(zone, first) === before) return first;
  } else {
    const second = wall - after * MINUTE_MS;
    const firstValid = offsetAt(zone, first) === before;
    const secondValid = offsetAt(zone, second) === after;
    if (firstValid && secondValid) return Math.min(first, second);
    if (firstValid) return first;
    if (secondValid) return second;
  }
  // A gap: the offset from before it.
  return first;
}

/** The instant a local date begins (00:00, or the first instant after a midnight gap). */
export function startOfLocalDay(date: LocalDate, zone: string): number {
  return localToInstant({ ...date, hour: 0, minute: 0 }, zone);
}

export interface WallFields extends LocalDateTime {
  second: number;
  millisecond: number;
}

/** The wall-clock fields of an instant in a zone. */
export function instantToLocal(epochMs: number, zone: string): WallFields {
  const d = new Date(epochMs + offsetAt(zone, epochMs) * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(epochMs: number, zone: string): LocalDate {
  const { year, month, day } = instantToLocal(epochMs, zone);
  return { year, month, day };
}

/** Day number (days since 1970-01-01) of the local date of an instant. */
export function localDayNumber(epochMs: number, zone: string): number {
  return dayNumber(localDateOf(epochMs, zone));
}
