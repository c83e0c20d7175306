import type { Options } from 'rrule';
import { daysInMonth } from '../time/local-date.js';
import { instantToLocal, localToInstant } from '../time/resolve.js';
import type { Interval, LocalDate, LocalDateTime, Schedule } from '../types.js';
import { finish, type OccurrenceFn } from './occurrences.js';
import { RRule } from './rrule-library.js';

type RruleSchedule = Extract<Schedule, { form: 'rrule' }>;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const YEARLY = 0;
const MONTHLY = 1;
const WEEKLY = 2;
const DAILY = 3;
const HOURLY = 4;
const MINUTELY = 5;
const SECONDLY = 6;
const FIXED_PERIOD_MS: Record<number, number> = {
  [WEEKLY]: 7 * DAY_MS,
  [DAILY]: DAY_MS,
  [HOURLY]: 3_600_000,
  [MINUTELY]: MINUTE_MS,
  [SECONDLY]: 1000,
};

/** Floating wall time: a Date whose UTC fields are the local wall fields (rrule.js without tzid). */
function floating(local: LocalDateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
}

function present<T>(value: T[] | T | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  return Array.isArray(value) ? value.length > 0 : true;
}

function asArray(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The rule with the parts rrule.js would derive from DTSTART written out, so that DTSTART can
 * later move by whole periods without changing which instants the rule yields.
 */
function explicitOptions(rule: Partial<Options>, dtstart: Date): Partial<Options> {
  const options: Partial<Options> = { ...rule, dtstart, tzid: null };
  const freq = options.freq ?? YEARLY;
  const hasDayPart =
    present(options.byweekno) ||
    present(options.byyearday) ||
    present(options.bymonthday) ||
    present(options.byweekday) ||
    present(options.byeaster);
  if (!hasDayPart) {
    if (freq === YEARLY) {
      if (!present(options.bymonth)) options.bymonth = [dtstart.getUTCMonth() + 1];
      options.bymonthday = [dtstart.getUTCDate()];
    } else if (freq === MONTHLY) options.bymonthday = [dtstart.getUTCDate()];
    else if (freq === WEEKLY) options.byweekday = [(dtstart.getUTCDay() + 6) % 7];
  }
  if (!present(options.byhour) && freq < HOURLY) options.byhour = [dtstart.getUTCHours()];
  if (!present(options.byminute) && freq < MINUTELY) options.byminute = [dtstart.getUTCMinutes()];
  if (!present(options.bysecond) && freq < SECONDLY) options.bysecond = [dtstart.getUTCSeconds()];
  return options;
}

/** Can the time-of-day parts ever be reached? (rrule.js loops forever when they cannot.) */
function timeOfDayReachable(options: Partial<Options>, dtstart: Date): boolean {
  const freq = options.freq ?? YEARLY;
  const interval = options.interval ?? 1;
  const hours = asArray(options.byhour) as number[];
  const minutes = asArray(options.byminute) as number[];
  const seconds = asArray(options.bysecond) as number[];
  const hourChoices = hours.length ? hours : Array.from({ length: 24 }, (_, h) => h);
  const minuteChoices = minutes.length ? minutes : Array.from({ length: 60 }, (_, m) => m);
  const secondChoices = seconds.length ? seconds : [dtstart.getUTCSeconds()];
  const startHour = dtstart.getUTCHours();
  const startMinuteOfDay = startHour * 60 + dtstart.getUTCMinutes();
  const startSecondOfDay = startMinuteOfDay * 60 + dtstart.getUTCSeconds();
  if (freq === HOURLY) {
    const step = gcd(interval, 24);
    return hourChoices.some((h) => (((h - startHour) % step) + step) % step === 0);
  }
  if (freq === MINUTELY) {
    const step = gcd(interval, 1440);
    return hourChoices.some((h) =>
      minuteChoices.some((m) => (((h * 60 + m - startMinuteOfDay) % step) + step) % step === 0),
    );
  }
  if (freq === SECONDLY) {
    const step = gcd(interval, 86400);
    return hourChoices.some((h) =>
      minuteChoices.some((m) =>
        secondChoices.some(
          (s) => (((h * 3600 + m * 60 + s - startSecondOfDay) % step) + step) % step === 0,
        ),
      ),
    );
  }
  return true;
}

/**
 * Does some day ever satisfy the rule's day parts? Probed as a yearly rule over one 400-year
 * Gregorian cycle placed just below rrule.js's last year, so the probe itself is bounded.
 */
function someDayMatches(options: Partial<Options>): boolean {
  const freq = options.freq ?? YEARLY;
  if (!present(options.bymonth) && !present(options.bymonthday) && !present(options.byyearday)) {
    if (!present(options.byweekno) && !present(options.byweekday)) return true;
  }
  // Ordinal weekdays (+1MO) mean "in the month" for MONTHLY rules but "in the year" here.
  const ordinal = asArray(options.byweekday).some(
    (day) => typeof day === 'object' && day !== null && (day as { n?: number }).n,
  );
  if (ordinal && freq !== YEARLY) return true;
  const probeStart = new Date(Date.UTC(9599, 0, 1));
  const probe = new RRule(
    {
      freq: YEARLY,
      interval: 1,
      dtstart: probeStart,
      wkst: options.wkst,
      bymonth: options.bymonth,
      bymonthday: options.bymonthday,
      byyearday: options.byyearday,
      byweekno: options.byweekno,
      byweekday: options.byweekday,
      byhour: [0],
      byminute: [0],
      bysecond: [0],
    },
    true,
  );
  return probe.after(probeStart, true) !== null;
}

/** Can a MONTHLY rule with INTERVAL ever land on one of its BYMONTH months? */
function monthReachable(options: Partial<Options>, dtstart: Date): boolean {
  if ((options.freq ?? YEARLY) !== MONTHLY || !present(options.bymonth)) return true;
  const step = gcd(options.interval ?? 1, 12);
  const startMonth = dtstart.getUTCMonth() + 1;
  return (asArray(options.bymonth) as number[]).some(
    (m) => (((m - startMonth) % step) + step) % step === 0,
  );
}

/** DTSTART moved forward by whole periods to at least one period before `wall`. */
function movedStart(options: Partial<Options>, dtstart: Date, wall: number): Date {
  if (present(options.count) || wall <= dtstart.getTime()) return dtstart;
  const freq = options.freq ?? YEARLY;
  const interval = options.interval ?? 1;
  const fixed = FIXED_PERIOD_MS[freq];
  if (fixed !== undefined) {
    const periods = Math.floor((wall - dtstart.getTime()) / (fixed * interval)) - 1;
    return periods > 0 ? new Date(dtstart.getTime() + periods * interval * fixed) : dtstart;
  }
  const target = new Date(wall);
  const months =
    freq === YEARLY
      ? (target.getUTCFullYear() - dtstart.getUTCFullYear()) * 12
      : (target.getUTCFullYear() - dtstart.getUTCFullYear()) * 12 +
        target.getUTCMonth() -
        dtstart.getUTCMonth();
  const unit = freq === YEARLY ? 12 * interval : interval;
  const periods = Math.floor(months / unit) - 1;
  if (periods <= 0) return dtstart;
  const monthIndex = dtstart.getUTCMonth() + periods * unit;
  const year = dtstart.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const day = Math.min(dtstart.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month - 1,
      day,
      dtstart.getUTCHours(),
      dtstart.getUTCMinutes(),
      dtstart.getUTCSeconds(),
    ),
  );
}

function wallOf(epochMs: number, zone: string): number {
  const local = instantToLocal(epochMs, zone);
  return floating(local).getTime();
}

/**
 * RRULE windows: expanded by rrule.js in floating wall time (no tzid: its zone handling is off
 * near DST changes), each local start resolved by localToInstant; `duration` is elapsed time.
 */
export function compileRrule(
  schedule: RruleSchedule,
  zone: string,
  validFrom: LocalDate | null,
): OccurrenceFn {
  const startLocal: LocalDateTime =
    schedule.dtstart ??
    (validFrom
      ? { ...validFrom, hour: 0, minute: 0 }
      : { year: 1970, month: 1, day: 1, hour: 0, minute: 0 });
  const dtstart = floating(startLocal);
  const options = explicitOptions(RRule.parseString(schedule.rule), dtstart);
  if (
    !timeOfDayReachable(options, dtstart) ||
    !monthReachable(options, dtstart) ||
    !someDayMatches(options)
  ) {
    return () => [];
  }
  const length = schedule.duration * MINUTE_MS;
  return (from, to) => {
    // Wall-time bounds with a day's slack for the zone's offset.
    const low = wallOf(from - length, zone) - DAY_MS;
    const high = wallOf(to, zone) + DAY_MS;
    const rule = new RRule({ ...options, dtstart: movedStart(options, dtstart, low) }, true);
    const out: Interval[] = [];
    for (const date of rule.between(new Date(low), new Date(high), true)) {
      const start =
        localToInstant(
          {
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
            hour: date.getUTCHours(),
            minute: date.getUTCMinutes(),
          },
          zone,
        ) +
        date.getUTCSeconds() * 1000;
      if (start < to && start + length > from) out.push({ start, end: start + length });
    }
    return finish(out, from, to);
  };
}
