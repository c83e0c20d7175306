// A window's schedule: exactly one of the forms of windows-v1.md section 2.
import { isMap, isSeq, type Node } from 'yaml';
import { parseDuration } from '../duration.js';
import { parseCronExpression } from '../schedules/cron-expression.js';
import { checkCalendar } from '../schedules/ics.js';
import { localToInstant } from '../time/resolve.js';
import type {
  CronFields,
  LoadOptions,
  LocalDate,
  Minutes,
  Schedule,
  WallOrInstant,
  Weekday,
} from '../types.js';
import { WEEKDAYS } from '../types.js';
import type { ConfigReader, Entries, Entry } from './reader.js';
import { parseRruleText } from './rrule-text.js';
import {
  compareLocal,
  type Parsed,
  parseLocalDate,
  parseMonthDayTime,
  parseTimeRange,
  parseWallOrInstant,
  parseWeekday,
  parseWeekdayTime,
} from './values.js';

/** The keys that select a schedule form, in the order the forms are documented. */
export const FORM_KEYS: Record<string, readonly string[]> = {
  rrule: ['rrule'],
  cron: ['cron'],
  once: ['start', 'end'],
  time: ['time'],
  weekly: ['weekly'],
  monthly: ['monthly'],
  dates: ['dates'],
  holidays: ['holidays'],
  ics: ['ics'],
};

export const SCHEDULE_KEYS: readonly string[] = [
  ...Object.values(FORM_KEYS).flat(),
  'duration',
  'days',
];

const FORM_LIST =
  'rrule (with duration), cron, start/end, time, weekly, monthly, dates, holidays or ics';

export interface ScheduleContext {
  reader: ConfigReader;
  entries: Entries;
  /** The window's map node and path, for problems of the window as a whole. */
  node: Node | null;
  path: string;
  /** The window's resolved zone. */
  zone: string;
  /** The window has a `from` date (an rrule without DTSTART starts there). */
  hasFrom: boolean;
  options: LoadOptions;
}

function report<T>(context: ScheduleContext, entry: Entry, parsed: Parsed<T>): T | undefined {
  if (parsed.ok) return parsed.value;
  context.reader.error(context.reader.valueNode(entry), entry.path, parsed.message, parsed.hint);
  return undefined;
}

/** The item nodes of a list value (for per-item positions); empty for a single scalar. */
function listItems(context: ScheduleContext, entry: Entry): (Node | null)[] {
  const node = context.reader.resolve(entry.value, entry.path);
  return node !== null && isSeq(node) ? (node.items as (Node | null)[]) : [];
}

function readDuration(context: ScheduleContext, form: string): Minutes | undefined {
  const { reader } = context;
  const entry = context.entries.get('duration');
  if (!entry) {
    reader.error(
      context.node,
      `${context.path}.duration`,
      `a ${form} window needs a duration (such as 8h, 90m, 1h30m, or 90 for minutes)`,
    );
    return undefined;
  }
  const target = reader.resolve(entry.value, entry.path);
  const value = target !== null && 'value' in target ? target.value : null;
  const raw = typeof value === 'number' || typeof value === 'string' ? value : null;
  const minutes = raw === null ? null : parseDuration(raw);
  if (minutes === null) {
    const given = raw === null ? 'nothing usable' : `"${raw}"`;
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `invalid duration ${given}; expected a positive whole number of minutes or <n>d<n>h<n>m parts in that order, such as 90, 90m, 1h30m, 2d`,
    );
    return undefined;
  }
  return minutes;
}

function readCronText(
  context: ScheduleContext,
  node: Node | null,
  path: string,
  at: Node,
): CronFields | undefined {
  const text = context.reader.textOf(node, path, 'a cron expression such as "0 9 * * MON-FRI"', at);
  if (text === undefined) return undefined;
  const parsed = parseCronExpression(text);
  if (parsed.ok) return parsed.fields;
  context.reader.error(node ?? at, path, `invalid cron expression "${text}": ${parsed.message}`);
  return undefined;
}

function readRrule(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const { reader } = context;
  const text = reader.readText(entry, 'an RRULE such as "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"');
  const parsed = text === undefined ? undefined : report(context, entry, parseRruleText(text));
  const duration = readDuration(context, 'rrule');
  if (parsed === undefined || duration === undefined) return undefined;
  if (parsed.hasCount && parsed.dtstart === null && !context.hasFrom) {
    reader.warn(
      reader.valueNode(entry),
      entry.path,
      'the rule has COUNT but no DTSTART line, so occurrences are counted from 1970-01-01 and are likely all past; add DTSTART:YYYYMMDDTHHMMSS or a from date',
    );
  }
  return { form: 'rrule', rule: parsed.rule, dtstart: parsed.dtstart, duration };
}

function cronIsRange(context: ScheduleContext): boolean {
  const entry = context.entries.get('cron');
  return entry !== undefined && isMap(context.reader.resolve(entry.value, entry.path));
}

function readCron(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const { reader } = context;
  if (!cronIsRange(context)) {
    const cron = readCronText(context, entry.value, entry.path, entry.key);
    const duration = readDuration(context, 'cron');
    return cron && duration ? { form: 'cron', cron, duration } : undefined;
  }
  const durationEntry = context.entries.get('duration');
  if (durationEntry) {
    reader.error(
      durationEntry.key,
      durationEntry.path,
      'a cron window with start and end takes no duration: each start runs to the first end after it',
    );
  }
  const range = reader.readMap(entry.value, entry.path, ['start', 'end'], 'cron start and end');
  if (!range) return undefined;
  const fields: (CronFields | undefined)[] = [];
  for (const key of ['start', 'end'] as const) {
    const part = range.get(key);
    if (!part) {
      reader.error(
        reader.valueNode(entry),
        `${entry.path}.${key}`,
        `cron needs both start and end (${key} is missing), such as {start: "0 23 * * FRI", end: "0 7 * * MON"}`,
      );
      fields.push(undefined);
    } else fields.push(readCronText(context, part.value, part.path, part.key));
  }
  const [start, end] = fields;
  return start && end && !durationEntry ? { form: 'cron-range', start, end } : undefined;
}

function toEpochMs(value: WallOrInstant, zone: string): number {
  return value.kind === 'instant' ? value.epochMs : localToInstant(value.local, zone);
}

function readOnce(context: ScheduleContext): Schedule | undefined {
  const { reader } = context;
  const ends: (WallOrInstant | undefined)[] = [];
  for (const key of ['start', 'end'] as const) {
    const entry = context.entries.get(key);
    if (!entry) {
      const other = key === 'start' ? 'end' : 'start';
      reader.error(
        context.node,
        `${context.path}.${key}`,
        `a window with ${other} needs ${key} too (a local date-time such as 2026-12-24T18:00)`,
      );
      ends.push(undefined);
      continue;
    }
    const text = reader.readText(entry, 'a date-time such as 2026-12-24T18:00');
    ends.push(text === undefined ? undefined : report(context, entry, parseWallOrInstant(text)));
  }
  const [start, end] = ends;
  const endEntry = context.entries.get('end');
  if (!start || !end || !endEntry) return undefined;
  const ordered =
    start.kind === 'local' && end.kind === 'local'
      ? compareLocal(start.local, end.local) < 0
      : toEpochMs(start, context.zone) < toEpochMs(end, context.zone);
  if (!ordered) {
    reader.error(reader.valueNode(endEntry), endEntry.path, 'end must be after start');
    return undefined;
  }
  return { form: 'once', start, end };
}

function readDays(context: ScheduleContext): Weekday[] | undefined {
  const { reader } = context;
  const entry = context.entries.get('days');
  if (!entry) return [...WEEKDAYS];
  const texts = reader.readTextList(entry, 'a weekday (MO, TU, WE, TH, FR, SA, SU)', true);
  if (texts === undefined) return undefined;
  if (texts.length === 0) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      'expected at least one weekday (leave days out for every day)',
    );
    return undefined;
  }
  const items = listItems(context, entry);
  const chosen = new Set<Weekday>();
  let failed = false;
  for (const [index, text] of texts.entries()) {
    const weekday = parseWeekday(text);
    if (weekday.ok) chosen.add(weekday.value);
    else {
      failed = true;
      const path = items.length > 0 ? `${entry.path}[${index}]` : entry.path;
      reader.error(items[index] ?? reader.valueNode(entry), path, weekday.message, weekday.hint);
    }
  }
  return failed ? undefined : WEEKDAYS.filter((day) => chosen.has(day));
}

function readTime(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const text = context.reader.readText(entry, 'a time range such as "10:00-16:00"');
  const range = text === undefined ? undefined : report(context, entry, parseTimeRange(text));
  const days = readDays(context);
  if (!range || !days) return undefined;
  return { form: 'time', start: range.start, end: range.end, days };
}

function readRange<T>(
  context: ScheduleContext,
  entry: Entry,
  example: string,
  parse: (text: string, allowEndOfDay: boolean) => Parsed<T>,
): { from: T; to: T } | undefined {
  const { reader } = context;
  const form = entry.path.split('.').pop() ?? '';
  const range = reader.readMap(
    entry.value,
    entry.path,
    ['from', 'to'],
    `from and to such as ${example}`,
    reader.valueNode(entry),
  );
  if (!range) return undefined;
  const values: (T | undefined)[] = [];
  for (const key of ['from', 'to'] as const) {
    const part = range.get(key);
    if (!part) {
      reader.error(
        reader.valueNode(entry),
        `${entry.path}.${key}`,
        `${form} needs both from and to (${key} is missing), such as ${example}`,
      );
      values.push(undefined);
      continue;
    }
    const text = reader.readText(part, `a text such as ${example}`);
    values.push(text === undefined ? undefined : report(context, part, parse(text, key === 'to')));
  }
  const [from, to] = values;
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}

function readDates(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const { reader } = context;
  const texts = reader.readTextList(entry, 'a date YYYY-MM-DD', true);
  if (texts === undefined) return undefined;
  if (texts.length === 0) {
    reader.error(reader.valueNode(entry), entry.path, 'expected at least one date YYYY-MM-DD');
    return undefined;
  }
  const items = listItems(context, entry);
  const dates: LocalDate[] = [];
  for (const [index, text] of texts.entries()) {
    const parsed = parseLocalDate(text);
    if (parsed.ok) dates.push(parsed.value);
    else {
      const path = items.length > 0 ? `${entry.path}[${index}]` : entry.path;
      reader.error(items[index] ?? reader.valueNode(entry), path, parsed.message, parsed.hint);
    }
  }
  if (dates.length !== texts.length) return undefined;
  dates.sort(compareLocal);
  return { form: 'dates', dates };
}

function readHolidays(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const { reader, options } = context;
  const place = reader.readMap(
    entry.value,
    entry.path,
    ['country', 'state', 'region', 'types'],
    'a place such as {country: US, state: CA}',
    reader.valueNode(entry),
  );
  if (!place) return undefined;
  const countryEntry = place.get('country');
  if (!countryEntry) {
    reader.error(
      reader.valueNode(entry),
      `${entry.path}.country`,
      'holidays needs a country (an ISO 3166 code such as US or DE)',
    );
    return undefined;
  }
  const country = reader.readText(countryEntry, 'a country code such as US or DE');
  const optional = (key: string): string | null | undefined => {
    const part = place.get(key);
    return part ? reader.readText(part, `a ${key} code`) : null;
  };
  const state = optional('state');
  const region = optional('region');
  const typesEntry = place.get('types');
  const types = typesEntry
    ? reader.readTextList(typesEntry, 'a holiday type such as public or bank', true)
    : ['public'];
  if (country === undefined || state === undefined || region === undefined || !types) {
    return undefined;
  }
  const provider = options.holidays;
  if (!provider) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      'holiday data is unavailable, so this holidays window cannot be checked or expanded',
    );
    return undefined;
  }
  let check: ReturnType<typeof provider.checkPlace>;
  try {
    check = provider.checkPlace(country, state, region, types);
  } catch (error) {
    check = { ok: false, message: `holiday data failed: ${(error as Error).message}` };
  }
  if (!check.ok) {
    reader.error(reader.valueNode(entry), entry.path, check.message, check.hint);
    return undefined;
  }
  return {
    form: 'holidays',
    country,
    state,
    region,
    types,
    datesInYear: (year) => provider.holidays(country, state, region, types, year),
  };
}

function readIcs(context: ScheduleContext, entry: Entry): Schedule | undefined {
  const { reader, options } = context;
  const path = reader.readText(entry, 'the path of an iCalendar file in the repository');
  if (path === undefined) return undefined;
  let calendar: string | null = null;
  try {
    calendar = options.readFile ? options.readFile(path) : null;
  } catch {
    calendar = null;
  }
  if (calendar === null) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `calendar file "${path}" not found; expected an iCalendar file path relative to the repository root`,
    );
    return undefined;
  }
  let check: ReturnType<typeof checkCalendar>;
  try {
    check = checkCalendar(calendar);
  } catch (error) {
    check = {
      ok: false,
      line: 1,
      message: `cannot read the calendar (${(error as Error).message})`,
    };
  }
  if (!check.ok) {
    reader.error(entry.key, entry.path, `${path}:${check.line}: ${check.message}`);
    return undefined;
  }
  return { form: 'ics', path, calendar };
}

function readForm(context: ScheduleContext, form: string, entry: Entry): Schedule | undefined {
  switch (form) {
    case 'rrule':
      return readRrule(context, entry);
    case 'cron':
      return readCron(context, entry);
    case 'once':
      return readOnce(context);
    case 'time':
      return readTime(context, entry);
    case 'weekly': {
      const range = readRange(
        context,
        entry,
        '{from: "FR 18:00", to: "MO 06:00"}',
        parseWeekdayTime,
      );
      return range && { form: 'weekly', ...range };
    }
    case 'monthly': {
      const range = readRange(
        context,
        entry,
        '{from: "1 22:30", to: "2 06:30"}',
        parseMonthDayTime,
      );
      return range && { form: 'monthly', ...range };
    }
    case 'dates':
      return readDates(context, entry);
    case 'holidays':
      return readHolidays(context, entry);
    default:
      return readIcs(context, entry);
  }
}

/** Keys that only go with some forms: reports them when used with another. True when all fit. */
function checkExtraKeys(context: ScheduleContext, form: string): boolean {
  const { reader, entries } = context;
  let fits = true;
  const duration = entries.get('duration');
  if (duration && form !== 'rrule' && (form !== 'cron' || cronIsRange(context))) {
    // A cron range reports its own, more specific message.
    if (form !== 'cron') {
      reader.error(
        duration.key,
        duration.path,
        `duration only goes with rrule or cron; the end of a ${form} window comes from the form itself`,
      );
    }
    fits = false;
  }
  const days = entries.get('days');
  if (days && form !== 'time') {
    reader.error(
      days.key,
      days.path,
      'days only goes with time (such as time: "10:00-16:00" with days: [MO, TU])',
    );
    fits = false;
  }
  return fits;
}

/** Reads the one schedule form of a window; undefined after reporting why it cannot. */
export function readSchedule(context: ScheduleContext): Schedule | undefined {
  const { reader, entries } = context;
  const present = Object.entries(FORM_KEYS)
    .map(([form, keys]) => ({ form, first: keys.flatMap((key) => entries.get(key) ?? [])[0] }))
    .filter(
      (candidate): candidate is { form: string; first: Entry } => candidate.first !== undefined,
    )
    .sort((a, b) => (a.first.key.range?.[0] ?? 0) - (b.first.key.range?.[0] ?? 0));
  const [chosen, ...extra] = present;
  if (!chosen) {
    reader.error(
      context.node,
      context.path,
      `the window has no schedule; expected one of ${FORM_LIST}`,
    );
    return undefined;
  }
  if (extra.length > 0) {
    const names = present.map((candidate) => candidate.first.path.split('.').pop()).join(', ');
    for (const candidate of extra) {
      reader.error(
        candidate.first.key,
        candidate.first.path,
        `a window has exactly one schedule form, this one has ${present.length} (${names}); split it into one window per form`,
      );
    }
    return undefined;
  }
  const fits = checkExtraKeys(context, chosen.form);
  const schedule = readForm(context, chosen.form, chosen.first);
  return fits ? schedule : undefined;
}
