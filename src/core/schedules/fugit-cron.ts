// GitLab freeze periods' crons, read as GitLab reads them: with the fugit gem (docs/gitlab.md).
import type { CronFields } from '../types.js';
import {
  CRON_MACROS,
  type CronParse,
  DAY_NAMES,
  MONTH_NAMES,
  someMonthHasDay,
} from './cron-expression.js';

/** fugit's macros: Vixie cron's and `@noon`, spelt exactly (lower case only). */
const MACROS = new Map([...CRON_MACROS, ['@noon', '0 12 * * *']]);

/** Longer than any cron a person writes; a longer text is refused, not read. */
const MAX_CRON_LENGTH = 1000;

interface Field {
  name: string;
  min: number;
  max: number;
  /** One value as fugit's grammar accepts it. */
  value: string;
}

const names = (list: readonly string[]) => list.join('|');
const MINUTE: Field = { name: 'minute', min: 0, max: 59, value: '[0-5]?\\d' };
const HOUR: Field = { name: 'hour', min: 0, max: 23, value: '2[0-4]|[01]?\\d' };
const DAY: Field = {
  name: 'day-of-month',
  min: 1,
  max: 31,
  value: '-?(?:3[01]|[12]\\d|0?[1-9])|last|l',
};
const MONTH: Field = {
  name: 'month',
  min: 1,
  max: 12,
  value: `1[0-2]|0?[1-9]|${names(MONTH_NAMES)}`,
};
const WEEKDAY: Field = { name: 'day-of-week', min: 0, max: 6, value: `[0-7]|${names(DAY_NAMES)}` };

/** `a`, `a-b`, `*`, each with an optional `/step`, or a bare `/step`. */
const elementPattern = (field: Field) =>
  new RegExp(`^(?:\\*|(${field.value})(?:-(${field.value}))?)?(?:/(\\d\\d?))?$`, 'i');
const PATTERNS = new Map([MINUTE, HOUR, DAY, MONTH, WEEKDAY].map((f) => [f, elementPattern(f)]));
const NTH_WEEKDAY = new RegExp(`^(${WEEKDAY.value})#(-?[1-5]|last|l)$`, 'i');

type Values = number[] | null; // null: the whole field (fugit's nil), so it does not restrict
type Read<T> = { ok: true; value: T } | { ok: false; message: string };

function readValue(text: string, field: Field): number {
  const lower = text.toLowerCase();
  if (field === MONTH || field === WEEKDAY) {
    const list: readonly string[] = field === MONTH ? MONTH_NAMES : DAY_NAMES;
    const index = list.findIndex((name) => name.toLowerCase() === lower);
    if (index >= 0) return field === MONTH ? index + 1 : index;
  }
  if (field === DAY && lower.startsWith('l')) return -1;
  return Number(text);
}

/**
 * fugit's Cron#range: from `start` up to `end`, wrapping past the field's maximum (`22-2` is
 * 22, 23, 0, 1, 2), every `step`th value. Days counted from the month's end run -31 to -1.
 */
function wrappingRange(field: Field, start: number, end: number, step: number): Read<Values> {
  if (start === field.min && end === field.max && step === 1) return { ok: true, value: null };
  if ((start < 0 && end > 0) || (end < 0 && start > 0)) {
    return { ok: false, message: 'a range from the month’s end must have both ends negative' };
  }
  const [min, max] = start < 0 ? [-field.max, -1] : [field.min, field.max];
  const all: number[] = [];
  let last = end;
  for (let value = start; ; ) {
    all.push(value);
    if (value === last) break;
    value += 1;
    if (value > max) {
      value = min;
      if (last > max) last = last - max - 1;
    }
    if (all.length > 2 * field.max) return { ok: false, message: 'the range never ends' };
  }
  return { ok: true, value: all.filter((_, index) => index % step === 0) };
}

/** One list element of a minute, hour, day-of-month or month field (fugit's Cron#expand). */
function expand(element: string, field: Field): Read<Values> {
  if (element.includes('~')) return { ok: false, message: 'random values (~) are not read' };
  const match = PATTERNS.get(field)?.exec(element);
  if (!match) {
    return { ok: false, message: `"${element}" is not a value, a range a-b, * or a step` };
  }
  const [, first, second, slash] = match;
  const step = slash === undefined ? undefined : Number(slash);
  if (step !== undefined && step < 1) return { ok: false, message: 'a step must be at least 1' };
  let start = first === undefined ? undefined : readValue(first, field);
  let end = second === undefined ? undefined : readValue(second, field);
  if (start === undefined && end === undefined && step === undefined)
    return { ok: true, value: null };
  if (step !== undefined && end === undefined) end = field.max;
  if (start !== undefined && end === undefined) return { ok: true, value: [start] };
  start ??= field.min;
  if (end === undefined || (end < 0 && start > 0)) end = field.max;
  return wrappingRange(field, start, end, step ?? 1);
}

/** A field's list; fugit lets commas repeat and lead or trail (`,5,,6,`). */
function elements(text: string): string[] {
  return text.split(',').filter((element) => element !== '');
}

function readField(text: string, field: Field): Read<Values> {
  const values = new Set<number>();
  const list = elements(text);
  if (list.length === 0) return { ok: false, message: `${field.name} field "${text}" is empty` };
  for (const element of list) {
    const expanded = expand(element, field);
    if (!expanded.ok) {
      return { ok: false, message: `${field.name} field "${text}": ${expanded.message}` };
    }
    // One element for the whole field makes all of it free, as in fugit.
    if (expanded.value === null) return { ok: true, value: null };
    for (const value of expanded.value) values.add(field === HOUR && value === 24 ? 0 : value);
  }
  return { ok: true, value: [...values].sort((a, b) => a - b) };
}

interface Weekdays {
  plain: Set<number>;
  nth: Map<string, { weekday: number; nth: number }>;
}

/** fugit's Cron#determine_weekdays: `*` adds nothing, `MON/2` is Monday alone, `FRI-MON` wraps. */
function readWeekdays(text: string): Read<Weekdays | null> {
  const days: Weekdays = { plain: new Set(), nth: new Map() };
  const bad = (message: string): Read<Weekdays | null> => ({
    ok: false,
    message: `day-of-week field "${text}": ${message}`,
  });
  const list = elements(text);
  if (list.length === 0) return bad('expected 0-7 or SUN-SAT');
  for (const element of list) {
    const nth = NTH_WEEKDAY.exec(element);
    if (nth) {
      const weekday = readValue(nth[1] ?? '', WEEKDAY) % 7;
      const n = /^l/i.test(nth[2] ?? '') ? -1 : Number(nth[2]);
      days.nth.set(`${weekday}#${n}`, { weekday, nth: n });
      continue;
    }
    if (element.includes('%')) return bad('weeks modulo (%) are not read');
    if (element.includes('~')) return bad('random values (~) are not read');
    const match = PATTERNS.get(WEEKDAY)?.exec(element);
    if (!match) {
      return bad(`"${element}" is not a weekday, a range, * or a step; expected 0-7 or SUN-SAT`);
    }
    const [, first, second, slash] = match;
    let start = first === undefined ? undefined : readValue(first, WEEKDAY);
    let end = second === undefined ? undefined : readValue(second, WEEKDAY);
    if (slash === undefined && end === undefined) {
      if (start !== undefined) days.plain.add(start % 7);
      continue;
    }
    end ??= start ?? 6;
    start ??= 0;
    if (start > end) end += 7;
    const step = Math.max(1, Number(slash ?? 1));
    for (let day = start; day <= end; day += step) days.plain.add(day % 7);
  }
  return { ok: true, value: days.plain.size + days.nth.size === 0 ? null : days };
}

const everything = (min: number, max: number) =>
  Array.from({ length: max - min + 1 }, (_, index) => min + index);

/**
 * Parses a freeze period's cron as fugit does: 5 fields; values, `a-b` ranges that wrap, `*`,
 * `/step`; hour 24 as 0; `L`, `last` and `-n` (days from the month's end) in day-of-month;
 * `FRI#2`, `FRI#-1` in day-of-week; a day field that is `*`, a step of 1 or its whole range
 * does not restrict, and with `&` a day must match both day fields. Refused (the caller leaves the
 * period out): seconds, random values (`~`), weeks modulo (`%`), a day no month has.
 */
export function parseFugitCron(text: string): CronParse {
  if (text.length > MAX_CRON_LENGTH) {
    return { ok: false, message: `longer than ${MAX_CRON_LENGTH} characters` };
  }
  const source = text.trim();
  const expanded = MACROS.get(source) ?? source;
  const fields = expanded.split(/[ \t]+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      message: `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    };
  }
  const [minuteText = '', hourText = '', dayText = '', monthText = '', weekdayText = ''] = fields;
  const bothDaysMustMatch = dayText.endsWith('&') || weekdayText.endsWith('&');
  const minutes = readField(minuteText, MINUTE);
  if (!minutes.ok) return minutes;
  const hours = readField(hourText, HOUR);
  if (!hours.ok) return hours;
  const days = readField(dayText.replace(/&$/, ''), DAY);
  if (!days.ok) return days;
  const months = readField(monthText, MONTH);
  if (!months.ok) return months;
  const weekdays = readWeekdays(weekdayText.replace(/&$/, ''));
  if (!weekdays.ok) return weekdays;
  const monthList = months.value ?? everything(1, 12);
  const dayList = days.value;
  // fugit refuses a day no month named has (its #compact_month_days), and so GitLab does.
  if (dayList !== null && !someMonthHasDay(monthList, dayList)) {
    return { ok: false, message: `day-of-month field "${dayText}": no such day in those months` };
  }
  const fieldsRead: CronFields = {
    source,
    minutes: minutes.value ?? everything(0, 59),
    hours: hours.value ?? everything(0, 23),
    daysOfMonth: dayList?.filter((day) => day > 0) ?? everything(1, 31),
    months: monthList,
    daysOfWeek: weekdays.value ? [...weekdays.value.plain].sort((a, b) => a - b) : everything(0, 6),
    dayOfMonthRestricted: dayList !== null,
    dayOfWeekRestricted: weekdays.value !== null,
    daysFromMonthEnd: dayList?.filter((day) => day < 0).map((day) => -day) ?? [],
    nthDaysOfWeek: weekdays.value ? [...weekdays.value.nth.values()] : [],
    bothDaysMustMatch,
  };
  return { ok: true, fields: fieldsRead };
}
