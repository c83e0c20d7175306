import type { LocalDate, LocalDateTime, Weekday } from '../types.js';
import { WEEKDAYS } from '../types.js';

const DAY_MS = 86_400_000;

/**
 * Date.UTC for every year: Date.UTC reads years 0 to 99 as 1900 to 1999, and configs, `--at`
 * and calendars may name years 1 to 99.
 */
export function utcMs(
  year: number,
  monthIndex: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  if (year < 0 || year > 99)
    return Date.UTC(year, monthIndex, day, hour, minute, second, millisecond);
  // 400 Gregorian years are exactly 146,097 days: count from 400 years on, then go back.
  const later = Date.UTC(year + 400, monthIndex, day, hour, minute, second, millisecond);
  return later - 146_097 * DAY_MS;
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
export function dayNumber(date: LocalDate): number {
  return Math.floor(utcMs(date.year, date.month - 1, date.day) / DAY_MS);
}

export function dateFromDayNumber(days: number): LocalDate {
  const d = new Date(days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateFromDayNumber(dayNumber(date) + days);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

/** MO..SU of a day number. 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(days: number): Weekday {
  return WEEKDAYS[(((days + 3) % 7) + 7) % 7] as Weekday;
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfDayNumber(dayNumber(date));
}

/** A wall time on a date; hour 24 is 00:00 of the next day. */
export function atTime(date: LocalDate, hour: number, minute: number): LocalDateTime {
  if (hour >= 24) return { ...addDays(date, 1), hour: hour - 24, minute };
  return { ...date, hour, minute };
}

/** Orders wall times as written (no zone involved). */
export function wallKey(local: LocalDateTime): number {
  return utcMs(local.year, local.month - 1, local.day, local.hour, local.minute);
}

/** Whole months since year 0, for monthly arithmetic. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function monthFromIndex(index: number): { year: number; month: number } {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}
