import type { CronFields } from '../types.js';

export type CronParse = { ok: true; fields: CronFields } | { ok: false; message: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0]: months count from 1, weekdays from 0. */
  namesFrom?: number;
}

export const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  // 7 is Sunday too; it is folded into 0 after parsing.
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

// A Map: a cron's text is the key, and a plain object would answer `constructor`.
export const CRON_MACROS: ReadonlyMap<string, string> = new Map([
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
]);

const FIELD_ORDER = 'minute hour day-of-month month day-of-week';

/** The longest each month gets (February 29). */
const MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Does one of the months have one of the days (1-31; others, from the month's end, always)? */
export function someMonthHasDay(months: readonly number[], days: readonly number[]): boolean {
  return months.some((month) => days.some((day) => day <= (MONTH_LENGTHS[month - 1] ?? 31)));
}

type FieldParse = { ok: true; values: number[] } | { ok: false; message: string };

/** What a day field holds besides plain values (`L`, `FRI#2`). */
interface DaySpecials {
  daysFromMonthEnd: number[];
  nthDaysOfWeek: { weekday: number; nth: number }[];
}

const NTH_WEEKDAY = /^([^#]+)#(.*)$/;

function expected(spec: FieldSpec): string {
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  return `expected ${spec.min}-${spec.max}${names}`;
}

function invalid(text: string, spec: FieldSpec): string {
  if (/^\d+$/.test(text)) return `${text} is out of range`;
  return spec.names ? `"${text}" is not a number or a name` : `"${text}" is not a number`;
}

function readValue(text: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : null;
  }
  const index = spec.names?.indexOf(text.toUpperCase() as never) ?? -1;
  return index >= 0 ? index + (spec.namesFrom ?? 0) : null;
}

function parsePart(part: string, spec: FieldSpec): FieldParse {
  const bad = (why: string): FieldParse => ({
    ok: false,
    message: `${spec.name} field "${part}": ${why}`,
  });
  const [range, stepText, extra] = part.split('/');
  if (range === undefined || range === '' || extra !== undefined) {
    return bad(`expected a value, a range a-b, * or a step like */15; ${expected(spec)}`);
  }
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      return bad(`the step after / must be a whole number of at least 1`);
    }
    step = Number(stepText);
  }
  let low: number;
  let high: number;
  if (range === '*') {
    low = spec.min;
    high = spec.max === 7 ? 6 : spec.max;
  } else {
    const bounds = range.split('-');
    if (bounds.length > 2) return bad(`expected a range like a-b; ${expected(spec)}`);
    const first = readValue(bounds[0] ?? '', spec);
    if (first === null) return bad(`${invalid(bounds[0] ?? '', spec)}; ${expected(spec)}`);
    low = first;
    if (bounds.length === 2) {
      const last = readValue(bounds[1] ?? '', spec);
      if (last === null) return bad(`${invalid(bounds[1] ?? '', spec)}; ${expected(spec)}`);
      if (last < low) return bad(`the range runs backwards; write the lower bound first`);
      high = last;
    } else {
      // `5/15` means 5-max/15, as in most crons.
      high = stepText === undefined ? low : spec.max;
    }
  }
  const values: number[] = [];
  for (let value = low; value <= high; value += step) values.push(value);
  return { ok: true, values };
}

/**
 * A day field's part that is not a plain value: `L` in day-of-month, `<weekday>#<n>` in
 * day-of-week (n 1 to 5, or -1 to -5 from the month's end; `L` or `last` for -1). true: taken
 * into `specials`; a string: why it is wrong; false: not such a part.
 */
function readSpecial(part: string, spec: FieldSpec, specials: DaySpecials): boolean | string {
  if (spec.name === 'day-of-month' && part.toUpperCase() === 'L') {
    if (!specials.daysFromMonthEnd.includes(1)) specials.daysFromMonthEnd.push(1);
    return true;
  }
  const nth = spec.name === 'day-of-week' ? NTH_WEEKDAY.exec(part) : null;
  if (!nth) return false;
  const weekday = readValue(nth[1] ?? '', spec);
  if (weekday === null) return `${invalid(nth[1] ?? '', spec)}; ${expected(spec)}`;
  // `#L` and `#last` (fugit's spellings) are `#-1`.
  const written = /^(?:l|last)$/i.test(nth[2] ?? '') ? '-1' : (nth[2] ?? '');
  const n = Number(written);
  if (!/^-?[1-5]$/.test(written)) {
    return `the n of weekday#n is a week of the month: 1 to 5, or -1 to -5 counted from its end`;
  }
  const day = weekday === 7 ? 0 : weekday;
  // Each at most once (70 in all), however long the list.
  if (!specials.nthDaysOfWeek.some((known) => known.weekday === day && known.nth === n)) {
    specials.nthDaysOfWeek.push({ weekday: day, nth: n });
  }
  return true;
}

function parseField(text: string, spec: FieldSpec, specials: DaySpecials): FieldParse {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const special = readSpecial(part, spec, specials);
    if (typeof special === 'string') {
      return { ok: false, message: `${spec.name} field "${part}": ${special}` };
    }
    if (special) continue;
    const parsed = parsePart(part, spec);
    if (!parsed.ok) return parsed;
    for (const value of parsed.values) values.add(spec.max === 7 && value === 7 ? 0 : value);
  }
  return { ok: true, values: [...values].sort((a, b) => a - b) };
}

// Vixie cron: a day field restricts the days unless it starts with `*` (so `*/2` does not).
function restricts(field: string): boolean {
  return !field.startsWith('*');
}

/**
 * Parses a 5-field cron expression (minute hour day-of-month month day-of-week), also the
 * macros @yearly, @monthly, @weekly, @daily, @hourly, `L` (the last day) in day-of-month and
 * `FRI#2`/`5#-1` (the month's second, last Friday) in day-of-week. A day field that does not
 * restrict the days (Vixie cron's rule: it starts with `*`) leaves the other to decide; when
 * both day fields restrict, a day matches either. (GitLab freeze periods: fugit-cron.ts.)
 */
export function parseCronExpression(text: string): CronParse {
  const source = text.trim();
  const expanded = CRON_MACROS.get(source.toLowerCase()) ?? source;
  const parts = expanded.split(/\s+/).filter((part) => part !== '');
  if (parts.length !== 5) {
    return {
      ok: false,
      message: `expected 5 fields (${FIELD_ORDER}), got ${parts.length}`,
    };
  }
  const sets: number[][] = [];
  const specials: DaySpecials = { daysFromMonthEnd: [], nthDaysOfWeek: [] };
  for (const [index, spec] of FIELDS.entries()) {
    const parsed = parseField(parts[index] ?? '', spec, specials);
    if (!parsed.ok) return parsed;
    sets.push(parsed.values);
  }
  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = sets;
  const dayOfMonthRestricted = restricts(parts[2] ?? '');
  const dayOfWeekRestricted = restricts(parts[4] ?? '');
  if (
    dayOfMonthRestricted &&
    !dayOfWeekRestricted &&
    specials.daysFromMonthEnd.length === 0 &&
    !someMonthHasDay(months, daysOfMonth)
  ) {
    return {
      ok: false,
      message: `day-of-month field "${parts[2]}": no month in the month field has that day, so the cron never fires`,
    };
  }
  return {
    ok: true,
    fields: {
      source,
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      dayOfMonthRestricted,
      dayOfWeekRestricted,
      ...specials,
      bothDaysMustMatch: false,
    },
  };
}
