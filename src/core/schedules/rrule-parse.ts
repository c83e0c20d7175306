// Reads the parts of an RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=MO,2TU;UNTIL=20261231T235959`)
// into numbers, checking each against RFC 5545 section 3.3.10. Configs and calendars use the
// same reader; the config loader adds its own stricter checks (docs/config.md, "rrule").

export const FREQUENCIES = [
  'YEARLY',
  'MONTHLY',
  'WEEKLY',
  'DAILY',
  'HOURLY',
  'MINUTELY',
  'SECONDLY',
] as const;
/** Weekday codes; a weekday's number is its index (0 = Monday). */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export class RuleSyntaxError extends Error {
  override name = 'RuleSyntaxError';
  /**
   * @param message names the part and quotes the rule's text (a config's own text).
   * @param unquoted the same problem without the rule's text: a calendar file's text is never
   *   quoted (docs/security.md, "6. Files and sizes").
   */
  constructor(
    message: string,
    readonly unquoted: string,
  ) {
    super(message);
  }
}

/** A weekday of BYDAY; `n` is its position (`2TU`: 2, `-1FR`: -1), 0 without one. */
export interface RuleWeekday {
  weekday: number;
  n: number;
}

export interface RuleParts {
  /** Index in FREQUENCIES (0 = YEARLY ... 6 = SECONDLY). */
  freq: number;
  interval: number | null;
  count: number | null;
  /** UNTIL as floating wall ms (its fields read as UTC); a trailing Z is read the same way. */
  until: number | null;
  wkst: number | null;
  byMonth: number[];
  byMonthDay: number[];
  byYearDay: number[];
  byWeekNo: number[];
  byDay: RuleWeekday[];
  byHour: number[];
  byMinute: number[];
  bySecond: number[];
  bySetPos: number[];
}

type NumberPart = 'byMonth' | 'byMonthDay' | 'byYearDay' | 'byWeekNo' | 'byHour' | 'byMinute';

const NUMBER_PARTS: Record<
  string,
  { key: NumberPart | 'bySecond' | 'bySetPos'; min: number; max: number; signed: boolean }
> = {
  BYSECOND: { key: 'bySecond', min: 0, max: 60, signed: false },
  BYMINUTE: { key: 'byMinute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byHour', min: 0, max: 23, signed: false },
  BYMONTH: { key: 'byMonth', min: 1, max: 12, signed: false },
  BYMONTHDAY: { key: 'byMonthDay', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byYearDay', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byWeekNo', min: 1, max: 53, signed: true },
  BYSETPOS: { key: 'bySetPos', min: 1, max: 366, signed: true },
};

const STAMP = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/;

function numberList(name: string, value: string, min: number, max: number, signed: boolean) {
  return value.split(',').map((item) => {
    const match = /^([+-]?)(\d{1,3})$/.exec(item);
    const size = Number(match?.[2]);
    if (!match || size < min || size > max || (!signed && match[1] !== '')) {
      const range = signed ? `${min}..${max} or -${max}..-${min}` : `${min}..${max}`;
      throw new RuleSyntaxError(
        `${name}=${value}: "${item}" is not in ${range}`,
        `${name}: expected numbers in ${range}`,
      );
    }
    return match[1] === '-' ? -size : size;
  });
}

function weekday(code: string, name: string, value: string): number {
  const index = (WEEKDAY_CODES as readonly string[]).indexOf(code);
  if (index < 0) {
    throw new RuleSyntaxError(
      `${name}=${value}: "${code}" is not a weekday`,
      `${name}: expected a weekday such as MO`,
    );
  }
  return index;
}

function positiveWhole(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    const expected = 'expected a whole number of at least 1';
    throw new RuleSyntaxError(`${name}=${value}: ${expected}`, `${name}: ${expected}`);
  }
  return Number(value);
}

function untilStamp(value: string): number {
  const match = STAMP.exec(value);
  if (!match) {
    const expected = 'expected YYYYMMDD or YYYYMMDDTHHMMSS';
    throw new RuleSyntaxError(`UNTIL=${value}: ${expected}`, `UNTIL: ${expected}`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day ?? 1);
  date.setUTCHours(hour ?? 0, minute ?? 0, second ?? 0, 0);
  return date.getTime();
}

/** The parts of an RRULE value (without `RRULE:`); throws RuleSyntaxError on what it cannot use. */
export function parseRuleParts(rule: string): RuleParts {
  const parts: RuleParts = {
    freq: -1,
    interval: null,
    count: null,
    until: null,
    wkst: null,
    byMonth: [],
    byMonthDay: [],
    byYearDay: [],
    byWeekNo: [],
    byDay: [],
    byHour: [],
    byMinute: [],
    bySecond: [],
    bySetPos: [],
  };
  for (const part of rule.split(';')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    const name = part.slice(0, Math.max(equals, 0)).trim().toUpperCase();
    const value = part
      .slice(equals + 1)
      .trim()
      .toUpperCase();
    if (equals < 1 || value === '') {
      const expected = 'expected NAME=VALUE such as FREQ=WEEKLY';
      throw new RuleSyntaxError(`"${part}": ${expected}`, `a part: ${expected}`);
    }
    const list = NUMBER_PARTS[name];
    if (list) {
      parts[list.key] = numberList(name, value, list.min, list.max, list.signed);
      continue;
    }
    switch (name) {
      case 'FREQ':
        parts.freq = (FREQUENCIES as readonly string[]).indexOf(value);
        if (parts.freq < 0) {
          const expected = `expected one of ${FREQUENCIES.join(', ')}`;
          throw new RuleSyntaxError(`FREQ=${value}: ${expected}`, `FREQ: ${expected}`);
        }
        break;
      case 'INTERVAL':
        parts.interval = positiveWhole(name, value);
        break;
      case 'COUNT':
        parts.count = positiveWhole(name, value);
        break;
      case 'UNTIL':
        parts.until = untilStamp(value);
        break;
      case 'WKST':
        parts.wkst = weekday(value, name, value);
        break;
      case 'BYDAY':
        parts.byDay = value.split(',').map((item) => {
          const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
          const n = match?.[1] === undefined ? 0 : Number(match[1]);
          if (!match || Math.abs(n) > 53) {
            throw new RuleSyntaxError(
              `BYDAY=${value}: "${item}" is not a weekday such as MO or 2TU`,
              'BYDAY: expected weekdays such as MO or 2TU',
            );
          }
          return { weekday: weekday(match[2] ?? '', name, value), n };
        });
        break;
      default:
        throw new RuleSyntaxError(
          `unknown RRULE part "${name}"`,
          'an unknown part: expected FREQ, INTERVAL, COUNT, UNTIL, WKST or a BY... part',
        );
    }
  }
  if (parts.freq < 0) {
    const expected = 'has no FREQ (e.g. FREQ=WEEKLY;BYDAY=MO)';
    throw new RuleSyntaxError(`"${rule}" ${expected}`, expected);
  }
  return parts;
}
