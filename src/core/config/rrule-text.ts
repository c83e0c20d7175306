// The `rrule` value: an optional `DTSTART:` line (local wall time) and an RFC 5545 RRULE.
// Every part is checked here against RFC 5545, with messages that name the config's rules;
// the engine's reader (../schedules/rrule-parse.ts) then reads the normalized rule.
import { parseRuleParts } from '../schedules/rrule-parse.js';
import { utcMs } from '../time/local-date.js';
import type { LocalDateTime } from '../types.js';
import { suggest } from './did-you-mean.js';
import type { Parsed } from './values.js';

export interface RruleText {
  /** The rule without a leading `RRULE:`. */
  rule: string;
  dtstart: LocalDateTime | null;
  hasCount: boolean;
}

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface NumberList {
  min: number;
  max: number;
  signed: boolean;
}

const NUMBER_LISTS: Record<string, NumberList> = {
  // Windows are precise to the minute: occurrences start at second 0.
  BYSECOND: { min: 0, max: 0, signed: false },
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMONTH: { min: 1, max: 12, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYSETPOS: { min: 1, max: 366, signed: true },
};

const PRECISION = 'deploy windows are precise to the minute';

const PART_NAMES = [
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYDAY',
  'WKST',
  ...Object.keys(NUMBER_LISTS),
];

function fail<T>(message: string, hint?: string): Parsed<T> {
  return hint === undefined ? { ok: false, message } : { ok: false, message, hint };
}

function checkNumberList(name: string, value: string, spec: NumberList): string | null {
  if (name === 'BYSECOND' && value !== '0') return `BYSECOND=${value}: ${PRECISION}; expected 0`;
  const range = spec.signed
    ? `${spec.min}..${spec.max} or -${spec.max}..-${spec.min}`
    : `${spec.min}..${spec.max}`;
  for (const item of value.split(',')) {
    const match = /^([+-]?)(\d{1,3})$/.exec(item);
    const size = Number(match?.[2]);
    const ok =
      match && size >= spec.min && size <= spec.max && (spec.signed ? size !== 0 : match[1] === '');
    if (!ok) return `${name}=${value}: "${item}" is not allowed; expected a list of ${range}`;
  }
  return null;
}

function checkByDay(value: string, freq: string): string | null {
  for (const item of value.split(',')) {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match || !DAYS.includes(match[2] ?? '')) {
      return `BYDAY=${value}: "${item}" is not a weekday; expected MO, TU, WE, TH, FR, SA, SU (optionally with a position such as 1MO or -1FR)`;
    }
    const position = match[1] === undefined ? null : Number(match[1]);
    if (position !== null) {
      if (position === 0 || Math.abs(position) > 53)
        return `BYDAY=${value}: the position in "${item}" must be 1..53 or -53..-1`;
      if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
        return `BYDAY=${value}: a position such as "${item}" needs FREQ=MONTHLY or FREQ=YEARLY`;
      }
    }
  }
  return null;
}

const LOCAL_STAMP = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/;

function checkStamp(name: string, value: string): string | null {
  if (/Z$/i.test(value) && LOCAL_STAMP.test(value.slice(0, -1))) {
    return `${name}=${value}: write it as local wall time without Z; the rule is read in the window's time zone`;
  }
  const match = LOCAL_STAMP.exec(value);
  if (!match)
    return `${name}=${value}: expected a local date YYYYMMDD or date-time YYYYMMDDTHHMMSS`;
  return null;
}

/** A date-only UNTIL means through the end of that local day, as people read it. */
function untilThroughEndOfDay(value: string): string {
  return /^\d{8}$/.test(value) ? `${value}T235959` : value;
}

/** Checks every part; returns the rule upper-cased, with a date-only UNTIL made explicit. */
function checkParts(rule: string): Parsed<{ rule: string; hasCount: boolean }> {
  const seen = new Map<string, string>();
  for (const part of rule.split(';')) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(part);
    if (!match) {
      return fail(
        `expected NAME=VALUE parts separated by ";" such as FREQ=WEEKLY;BYDAY=MO, got "${part}"`,
      );
    }
    const name = (match[1] ?? '').toUpperCase();
    if (!PART_NAMES.includes(name)) {
      const why =
        name === 'DTSTART'
          ? '; put DTSTART on its own line before the rule: DTSTART:20260105T090000'
          : '';
      return fail(
        `unknown RRULE part "${match[1]}"${why}; expected ${PART_NAMES.join(', ')}`,
        suggest(name, PART_NAMES),
      );
    }
    if (seen.has(name)) return fail(`RRULE part ${name} is given twice`);
    seen.set(name, (match[2] ?? '').toUpperCase());
  }
  const freq = seen.get('FREQ');
  if (freq === undefined)
    return fail(
      'the RRULE has no FREQ; expected FREQ=YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY or MINUTELY',
    );
  if (freq === 'SECONDLY') return fail(`FREQ=SECONDLY: ${PRECISION}; expected MINUTELY or coarser`);
  if (!FREQUENCIES.includes(freq)) {
    return fail(
      `unknown FREQ=${freq}; expected one of ${FREQUENCIES.join(', ')}`,
      suggest(freq, FREQUENCIES),
    );
  }
  for (const [name, value] of seen) {
    let problem: string | null = null;
    const list = NUMBER_LISTS[name];
    if (list) problem = checkNumberList(name, value, list);
    else if (name === 'COUNT' || name === 'INTERVAL') {
      problem =
        /^\d{1,9}$/.test(value) && Number(value) >= 1
          ? null
          : `${name}=${value}: expected a whole number of at least 1`;
    } else if (name === 'BYDAY') problem = checkByDay(value, freq);
    else if (name === 'WKST')
      problem = DAYS.includes(value) ? null : `WKST=${value}: expected one of ${DAYS.join(', ')}`;
    else if (name === 'UNTIL') problem = checkStamp(name, value);
    if (problem) return fail(problem);
  }
  if (seen.has('COUNT') && seen.has('UNTIL'))
    return fail('an RRULE takes COUNT or UNTIL, not both');
  if (seen.has('BYWEEKNO') && freq !== 'YEARLY') return fail('BYWEEKNO needs FREQ=YEARLY');
  // RFC 5545 3.3.10: tools that do not refuse these give them different meanings.
  if (seen.has('BYMONTHDAY') && freq === 'WEEKLY') {
    return fail(
      'BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545); use FREQ=MONTHLY for days of the month',
    );
  }
  if (seen.has('BYYEARDAY') && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) {
    return fail(
      `BYYEARDAY cannot be used with FREQ=${freq} (RFC 5545); use FREQ=YEARLY for days of the year`,
    );
  }
  if (
    seen.has('BYSETPOS') &&
    ![...seen.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS')
  ) {
    return fail('BYSETPOS needs another BY... part to select from');
  }
  const parts = [...seen].map(([name, value]) =>
    name === 'UNTIL' ? `${name}=${untilThroughEndOfDay(value)}` : `${name}=${value}`,
  );
  return { ok: true, value: { rule: parts.join(';'), hasCount: seen.has('COUNT') } };
}

function parseDtstart(line: string): Parsed<LocalDateTime> {
  const match = /^DTSTART([;:])(.*)$/i.exec(line);
  const value = match?.[2] ?? '';
  if (match?.[1] === ';') {
    return fail(
      `"${line}": DTSTART takes no parameters such as TZID; write local wall time (DTSTART:20260105T090000) and set the window's timezone`,
    );
  }
  if (/Z$/i.test(value)) {
    return fail(
      `"${line}": DTSTART must be local wall time without Z (DTSTART:20260105T090000); it is read in the window's time zone`,
    );
  }
  const stamp = LOCAL_STAMP.exec(value);
  if (!stamp)
    return fail(`"${line}": expected DTSTART:YYYYMMDDTHHMMSS such as DTSTART:20260105T090000`);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) =>
    Number(stamp[index] ?? 0),
  );
  const date = new Date(utcMs(year ?? 0, (month ?? 1) - 1, day ?? 0));
  const validDate =
    date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
  if (!validDate || (hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) {
    return fail(`"${line}": not a valid date and time`);
  }
  if (second !== 0) return fail(`"${line}": DTSTART is precise to the minute; expected seconds 00`);
  return {
    ok: true,
    value: {
      year: year ?? 0,
      month: month ?? 0,
      day: day ?? 0,
      hour: hour ?? 0,
      minute: minute ?? 0,
    },
  };
}

/** Splits, checks and normalizes an `rrule` value. */
export function parseRruleText(text: string): Parsed<RruleText> {
  // A plain multi-line YAML scalar folds the newline into a space: either separates the lines.
  const lines = text
    .trim()
    .split(/\s+/)
    .filter((line) => line !== '');
  if (lines.length === 0) return fail('expected an RRULE such as FREQ=WEEKLY;BYDAY=MO;BYHOUR=9');
  let dtstart: LocalDateTime | null = null;
  if (/^DTSTART/i.test(lines[0] ?? '')) {
    const parsed = parseDtstart(lines.shift() ?? '');
    if (!parsed.ok) return parsed;
    dtstart = parsed.value;
  }
  if (lines.length !== 1) {
    return fail(
      `expected one RRULE, optionally after one DTSTART line (DTSTART:20260105T090000 then RRULE:FREQ=...); got ${lines.length === 0 ? 'no rule' : `${lines.length} lines`}`,
    );
  }
  const checked = checkParts((lines[0] ?? '').replace(/^RRULE:/i, '').toUpperCase());
  if (!checked.ok) return checked;
  const rule = checked.value.rule;
  try {
    parseRuleParts(rule);
  } catch (error) {
    return fail(`cannot read the rule: ${(error as Error).message}`);
  }
  return { ok: true, value: { rule, dtstart, hasCount: checked.value.hasCount } };
}
