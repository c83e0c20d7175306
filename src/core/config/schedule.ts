// A window's schedule: exactly one of the forms of docs/config.md, each read by its own reader
// beside its runtime (src/core/schedules/<form>-config.ts).
import { cronIsRange, readCron } from '../schedules/cron-config.js';
import { readDates } from '../schedules/dates-config.js';
import { readHolidays } from '../schedules/holidays-config.js';
import { readIcs } from '../schedules/ics-config.js';
import { readMonthly } from '../schedules/monthly-config.js';
import { readOnce } from '../schedules/once-config.js';
import { readRrule } from '../schedules/rrule-config.js';
import { readTime } from '../schedules/time-of-day-config.js';
import { readWeekly } from '../schedules/weekly-config.js';
import type { Schedule, ScheduleForm } from '../types.js';
import type { Entry } from './reader.js';
import type { ScheduleContext } from './schedule-context.js';

/** The forms a config names by their keys; `cron` covers both `cron-range` and `cron`. */
export type ConfigForm = Exclude<ScheduleForm, 'cron-range'>;

/** The keys that select a schedule form, in the order the forms are documented. */
export const FORM_KEYS: { readonly [form in ConfigForm]: readonly string[] } = {
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

const CONFIG_FORMS = Object.keys(FORM_KEYS) as ConfigForm[];

export const SCHEDULE_KEYS: readonly string[] = [
  ...Object.values(FORM_KEYS).flat(),
  'duration',
  'days',
];

const FORM_LIST =
  'rrule (with duration), cron, start/end, time, weekly, monthly, dates, holidays or ics';

/** Fails to compile when a form has no case below. */
function noReaderFor(form: never): never {
  throw new Error(`no reader for the schedule form ${String(form)}`);
}

function readForm(context: ScheduleContext, form: ConfigForm, entry: Entry): Schedule | undefined {
  switch (form) {
    case 'rrule':
      return readRrule(context, entry);
    case 'cron':
      return readCron(context, entry);
    case 'once':
      return readOnce(context, entry);
    case 'time':
      return readTime(context, entry);
    case 'weekly':
      return readWeekly(context, entry);
    case 'monthly':
      return readMonthly(context, entry);
    case 'dates':
      return readDates(context, entry);
    case 'holidays':
      return readHolidays(context, entry);
    case 'ics':
      return readIcs(context, entry);
    default:
      return noReaderFor(form);
  }
}

/** Keys that only go with some forms: reports them when used with another. True when all fit. */
function checkExtraKeys(context: ScheduleContext, form: ConfigForm): boolean {
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
  const present = CONFIG_FORMS.map((form) => ({
    form,
    first: FORM_KEYS[form].flatMap((key) => entries.get(key) ?? [])[0],
  }))
    .filter(
      (candidate): candidate is { form: ConfigForm; first: Entry } => candidate.first !== undefined,
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
