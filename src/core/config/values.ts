// Parsers for the scalar values of the config: dates, times, weekdays. Each returns the value
// or a message saying what was expected (and a did-you-mean hint where one helps).
import { utcMs } from '../time/local-date.js';
import type {
  LocalDate,
  LocalDateTime,
  MonthDayTime,
  TimeOfDay,
  WallOrInstant,
  Weekday,
  WeekdayTime,
} from '../types.js';
import { WEEKDAYS } from '../types.js';
import { phraseHint, suggest } from './did-you-mean.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

function fail<T>(message: string, hint?: string): Parsed<T> {
  return hint === undefined ? { ok: false, message } : { ok: false, message, hint };
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

function checkDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999) return 'the year must be 0001-9999';
  if (month < 1 || month > 12) return `month ${month} does not exist (expected 01-12)`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')} (it has ${last} days)`;
  }
  return null;
}

/** Compares local dates or date-times field by field: negative when a is earlier. */
export function compareLocal(a: LocalDate | LocalDateTime, b: LocalDate | LocalDateTime): number {
  const minutes = (value: LocalDate | LocalDateTime): number =>
    'hour' in value ? value.hour * 60 + value.minute : 0;
  return a.year - b.year || a.month - b.month || a.day - b.day || minutes(a) - minutes(b);
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `2026-12-25`. */
export function parseLocalDate(text: string): Parsed<LocalDate> {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!match) {
    const hint = /^\d{4}-\d{1,2}-\d{1,2}[T ]/.test(text.trim())
      ? `"${text.trim().slice(0, 10)}"`
      : undefined;
    return fail(`expected a date YYYY-MM-DD such as 2026-12-25, got "${text}"`, hint);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const problem = checkDate(year, month, day);
  if (problem) return fail(`invalid date "${text}": ${problem}`);
  return { ok: true, value: { year, month, day } };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A once window's start or end: `2026-12-24T18:00` (local) or with `Z` / `+01:00` (an instant). */
export function parseWallOrInstant(text: string): Parsed<WallOrInstant> {
  const trimmed = text.trim();
  const match = DATE_TIME.exec(trimmed);
  const expected =
    'expected a local date-time YYYY-MM-DDTHH:MM such as 2026-12-24T18:00, optionally with an offset (Z, +01:00)';
  if (!match) {
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `"${trimmed}T00:00"` : undefined;
    return fail(`${expected}, got "${text}"`, hint);
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((index) => Number(match[index]));
  const second = Number(match[6] ?? 0);
  const fraction = match[7] ?? '';
  const offset = match[8];
  const dateProblem = checkDate(year ?? 0, month ?? 0, day ?? 0);
  if (dateProblem) return fail(`invalid date-time "${text}": ${dateProblem}`);
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || second > 59) {
    return fail(`invalid time in "${text}": expected hours 00-23, minutes and seconds 00-59`);
  }
  const local: LocalDateTime = {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
  };
  if (offset === undefined) {
    if (second !== 0 || /[1-9]/.test(fraction)) {
      return fail(`a local date-time is precise to the minute; "${text}" has seconds`);
    }
    return { ok: true, value: { kind: 'local', local } };
  }
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || '0');
    if (hours > 23 || minutes > 59) return fail(`invalid UTC offset "${offset}" in "${text}"`);
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3) || '0');
  const epochMs =
    utcMs(local.year, local.month - 1, local.day, local.hour, local.minute, second, millis) -
    offsetMinutes * 60_000;
  return { ok: true, value: { kind: 'instant', epochMs } };
}

/** `18:00`; `24:00` (the end of the day) only when `allowEndOfDay`. */
export function parseTimeOfDay(text: string, allowEndOfDay: boolean): Parsed<TimeOfDay> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const range = allowEndOfDay ? '00:00-24:00' : '00:00-23:59';
  if (!match) return fail(`expected a time HH:MM (${range}), got "${text}"`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const endOfDay = hour === 24 && minute === 0;
  if (minute > 59 || hour > 24 || (hour === 24 && !endOfDay) || (endOfDay && !allowEndOfDay)) {
    const why = endOfDay ? '; 24:00 is only allowed as an end' : '';
    return fail(`invalid time "${text}": expected ${range}${why}`);
  }
  return { ok: true, value: { hour, minute } };
}

/** `22:00-06:00`: start and end of a time-of-day window. */
export function parseTimeRange(text: string): Parsed<{ start: TimeOfDay; end: TimeOfDay }> {
  const match = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!match) {
    return fail(`expected a time range HH:MM-HH:MM such as 22:00-06:00, got "${text}"`);
  }
  const start = parseTimeOfDay(match[1] ?? '', false);
  if (!start.ok) return fail(`start of "${text}": ${start.message}`);
  const end = parseTimeOfDay(match[2] ?? '', true);
  if (!end.ok) return fail(`end of "${text}": ${end.message}`);
  return { ok: true, value: { start: start.value, end: end.value } };
}

const WEEKDAY_NAMES: Record<string, Weekday> = {
  MON: 'MO',
  MONDAY: 'MO',
  TUE: 'TU',
  TUESDAY: 'TU',
  WED: 'WE',
  WEDNESDAY: 'WE',
  THU: 'TH',
  THURSDAY: 'TH',
  FRI: 'FR',
  FRIDAY: 'FR',
  SAT: 'SA',
  SATURDAY: 'SA',
  SUN: 'SU',
  SUNDAY: 'SU',
};

/** `MO`..`SU` exactly; other spellings get a hint at the right code. */
export function parseWeekday(text: string): Parsed<Weekday> {
  const trimmed = text.trim();
  if ((WEEKDAYS as readonly string[]).includes(trimmed))
    return { ok: true, value: trimmed as Weekday };
  const upper = trimmed.toUpperCase();
  const known = (WEEKDAYS as readonly string[]).includes(upper) ? upper : WEEKDAY_NAMES[upper];
  const hint = known ? phraseHint([known]) : suggest(trimmed, WEEKDAYS);
  return fail(`unknown weekday "${text}"; expected one of ${WEEKDAYS.join(', ')}`, hint);
}

/** `FR 18:00`. */
export function parseWeekdayTime(text: string, allowEndOfDay: boolean): Parsed<WeekdayTime> {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  if (!match) return fail(`expected a weekday and a time such as "FR 18:00", got "${text}"`);
  const weekday = parseWeekday(match[1] ?? '');
  if (!weekday.ok) return weekday;
  const time = parseTimeOfDay(match[2] ?? '', allowEndOfDay);
  if (!time.ok) return time;
  return { ok: true, value: { weekday: weekday.value, ...time.value } };
}

/** `1 22:30` or `L 06:00` (the month's last day). */
export function parseMonthDayTime(text: string, allowEndOfDay: boolean): Parsed<MonthDayTime> {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  const expected =
    'expected a day of the month (1-31 or L for the last day) and a time such as "1 22:30"';
  if (!match) return fail(`${expected}, got "${text}"`);
  const dayText = match[1] ?? '';
  let day: number | 'L';
  if (dayText.toUpperCase() === 'L') day = 'L';
  else if (/^\d{1,2}$/.test(dayText) && Number(dayText) >= 1 && Number(dayText) <= 31) {
    day = Number(dayText);
  } else return fail(`invalid day of the month "${dayText}": ${expected}`);
  const time = parseTimeOfDay(match[2] ?? '', allowEndOfDay);
  if (!time.ok) return time;
  return { ok: true, value: { day, ...time.value } };
}
