// iCalendar value types used for occurrences: DATE, DATE-TIME (floating, UTC, TZID), DURATION,
// PERIOD. Wall times are kept as "wall ms": Date.UTC of the local fields, no zone applied.
import { utcMs } from '../../time/local-date.js';
import { type IcsProperty, IcsSyntaxError, param } from './document.js';

export const DAY_MS = 86_400_000;

export type IcsTime =
  /** An all-day value: whole local days of the window's zone. `wall` is 00:00 of the date. */
  | { kind: 'date'; wall: number }
  /** No zone: read in the window's zone. */
  | { kind: 'floating'; wall: number }
  | { kind: 'utc'; epochMs: number }
  | { kind: 'zoned'; wall: number; tzid: string };

/** A DURATION: days and weeks are nominal (local days), the rest is elapsed time. */
export interface IcsDuration {
  days: number;
  ms: number;
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;
const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

function wallOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0) {
  const wall = utcMs(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second <= 60;
  return valid ? wall : null;
}

/** One DATE or DATE-TIME value; `tzid` from the property's TZID parameter. */
export function parseTime(
  text: string,
  valueType: string | undefined,
  tzid: string | undefined,
): IcsTime | string {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date && valueType !== 'DATE-TIME') {
    const wall = wallOf(Number(date[1]), Number(date[2]), Number(date[3]));
    return wall === null ? 'expected a date such as 20261224: no such day' : { kind: 'date', wall };
  }
  const dateTime = DATE_TIME.exec(value);
  if (dateTime && valueType !== 'DATE') {
    const [, y, mo, d, h, mi, s, z] = dateTime;
    const wall = wallOf(
      Number(y),
      Number(mo),
      Number(d),
      Number(h),
      Number(mi),
      Math.min(59, Number(s)),
    );
    if (wall === null) return 'expected a date-time such as 20261224T180000: no such time';
    if (z === 'Z') return { kind: 'utc', epochMs: wall };
    return tzid ? { kind: 'zoned', wall, tzid } : { kind: 'floating', wall };
  }
  return valueType === 'DATE'
    ? 'expected a date such as 20261224'
    : 'expected a date (20261224) or date-time (20261224T180000, 20261224T170000Z)';
}

export function parseDuration(text: string): IcsDuration | string {
  const match = DURATION.exec(text.trim());
  if (!match || !/[0-9]/.test(text) || text.trim().endsWith('T')) {
    return 'expected a duration such as PT1H30M, P1D or P2W';
  }
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const factor = sign === '-' ? -1 : 1;
  return {
    days: factor * (Number(weeks ?? 0) * 7 + Number(days ?? 0)),
    ms:
      factor *
      ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) *
      1000,
  };
}

/** A property holding one date or date-time (DTSTART, DTEND, RECURRENCE-ID). */
export function timeProperty(property: IcsProperty): IcsTime {
  const parsed = parseTime(
    property.value,
    param(property, 'VALUE')?.toUpperCase(),
    param(property, 'TZID'),
  );
  if (typeof parsed === 'string')
    throw new IcsSyntaxError(property.line, `${property.name}: ${parsed}`);
  return parsed;
}

export interface RdateValue {
  start: IcsTime;
  /** From a PERIOD value: its own end or duration. */
  end?: IcsTime | IcsDuration;
}

/** RDATE / EXDATE: comma-separated dates, date-times or (RDATE only) periods. */
export function timeListProperty(property: IcsProperty): RdateValue[] {
  const valueType = param(property, 'VALUE')?.toUpperCase();
  const tzid = param(property, 'TZID');
  return property.value.split(',').map((item) => {
    const fail = (message: string) =>
      new IcsSyntaxError(property.line, `${property.name}: ${message}`);
    const slash = item.indexOf('/');
    if (slash >= 0 || valueType === 'PERIOD') {
      if (property.name !== 'RDATE' || slash < 0) {
        throw fail('expected a date or date-time');
      }
      const start = parseTime(item.slice(0, slash), 'DATE-TIME', tzid);
      if (typeof start === 'string') throw fail(start);
      const tail = item.slice(slash + 1);
      const end = /^[+-]?P/.test(tail.trim())
        ? parseDuration(tail)
        : parseTime(tail, 'DATE-TIME', tzid);
      if (typeof end === 'string') throw fail(end);
      return { start, end };
    }
    const start = parseTime(item, valueType, tzid);
    if (typeof start === 'string') throw fail(start);
    return { start };
  });
}

/** `20261224T180000` from wall ms (a floating date-time, as RRULE's UNTIL takes it). */
export function formatWall(wall: number): string {
  return new Date(wall).toISOString().replace(/[-:]/g, '').slice(0, 15);
}
