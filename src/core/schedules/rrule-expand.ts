// The engine's own RRULE expander (RFC 5545 section 3.3.10) in floating wall time. It walks the
// days of the span it is asked for, so its cost is those days and the occurrences found there:
// never the years since DTSTART, never a search for an occurrence that does not come. Day
// filters follow rrule.js (python-dateutil), whose results the engine gave before (docs/engine.md).
import { parseRuleParts } from './rrule-parse.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEARLY = 0;
const MONTHLY = 1;
const WEEKLY = 2;
const DAILY = 3;
const HOURLY = 4;
const MINUTELY = 5;
/** rrule.js stops at this year; so does this expander. */
const LAST_YEAR = 9999;
/** COUNT is counted from DTSTART over at most this many days (about 100 years). */
export const MAX_COUNT_DAYS = 36_525;

/** A checked rule, ready to expand. Weekdays are 0 = Monday ... 6 = Sunday. */
export interface RuleSpec {
  freq: number;
  interval: number;
  count: number | null;
  /** Wall ms; occurrences after it are dropped. */
  until: number | null;
  /** Wall ms of DTSTART; occurrences before it are dropped. */
  dtstart: number;
  wkst: number;
  months: readonly boolean[] | null;
  monthDays: ReadonlySet<number> | null;
  yearDays: ReadonlySet<number> | null;
  weekdays: readonly boolean[] | null;
  /** Ordinal weekdays ([weekday, n]) of a YEARLY or MONTHLY rule. */
  nthWeekdays: readonly (readonly [number, number])[] | null;
  weekNumbers: readonly number[] | null;
  setPositions: readonly number[] | null;
  hours: readonly number[];
  minutes: readonly number[];
  seconds: readonly number[];
}

function flags(values: readonly number[], size: number, offset = 0): boolean[] | null {
  if (values.length === 0) return null;
  const out = new Array<boolean>(size).fill(false);
  for (const value of values) out[value - offset] = true;
  return out;
}

const sortedUnique = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);

/**
 * Reads a rule (its text, by ./rrule-parse.ts) with DTSTART as floating wall ms. The parts
 * rrule.js derives from DTSTART are written out the same way (RFC 5545: a YEARLY rule without
 * day parts recurs on DTSTART's month and day, and so on).
 */
export function ruleSpec(rule: string, dtstart: number): RuleSpec {
  const options = parseRuleParts(rule);
  const start = new Date(dtstart);
  // Windows are precise to the minute: loaders refuse SECONDLY; were one to get here, it would
  // be read as MINUTELY rather than expanded 86,400 times a day.
  const freq = Math.min(options.freq, MINUTELY);
  let months = options.byMonth;
  let monthDays = options.byMonthDay;
  const yearDays = options.byYearDay;
  const weekNumbers = freq === YEARLY ? options.byWeekNo : [];
  const plain: number[] = [];
  const nth: [number, number][] = [];
  for (const day of options.byDay) {
    if (day.n && freq <= MONTHLY) nth.push([day.weekday, day.n]);
    else plain.push(day.weekday);
  }
  const hasDayPart =
    weekNumbers.length > 0 ||
    yearDays.length > 0 ||
    monthDays.length > 0 ||
    plain.length > 0 ||
    nth.length > 0;
  if (!hasDayPart) {
    if (freq === YEARLY) {
      if (months.length === 0) months = [start.getUTCMonth() + 1];
      monthDays = [start.getUTCDate()];
    } else if (freq === MONTHLY) monthDays = [start.getUTCDate()];
    else if (freq === WEEKLY) plain.push((start.getUTCDay() + 6) % 7);
  }
  let hours = options.byHour;
  let minutes = options.byMinute;
  let seconds = options.bySecond;
  if (hours.length === 0 && freq < HOURLY) hours = [start.getUTCHours()];
  if (minutes.length === 0 && freq < MINUTELY) minutes = [start.getUTCMinutes()];
  if (seconds.length === 0) seconds = [start.getUTCSeconds()];
  return {
    freq,
    interval: Math.max(1, options.interval ?? 1),
    count: options.count,
    until: options.until,
    dtstart,
    wkst: options.wkst ?? 0,
    months: flags(months, 13),
    monthDays: monthDays.length ? new Set(monthDays) : null,
    yearDays: yearDays.length ? new Set(yearDays) : null,
    weekdays: flags(plain, 7),
    nthWeekdays: nth.length ? nth : null,
    weekNumbers: weekNumbers.length ? weekNumbers : null,
    setPositions: options.bySetPos.length ? options.bySetPos : null,
    hours: sortedUnique(hours),
    minutes: sortedUnique(minutes),
    seconds: sortedUnique(seconds),
  };
}

/** The most occurrences the rule can have on one day (an upper bound, for limits). */
export function startsPerDay(spec: RuleSpec): number {
  const hours = spec.hours.length || 24;
  const minutes = spec.minutes.length || 60;
  const seconds = spec.seconds.length;
  if (spec.freq === MINUTELY) {
    // Within one hour, at most one start every INTERVAL minutes.
    const perHour = Math.min(minutes, Math.ceil(60 / spec.interval));
    return Math.min(Math.ceil(1440 / spec.interval), hours * perHour) * seconds;
  }
  if (spec.freq === HOURLY) {
    const perHour = minutes * seconds;
    const picked = spec.setPositions ? Math.min(spec.setPositions.length, perHour) : perHour;
    return Math.min(Math.ceil(24 / spec.interval), hours) * picked;
  }
  return hours * minutes * seconds;
}

// ---- Calendar arithmetic on day numbers (days since 1970-01-01) ----

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const yearLength = (year: number) => (isLeap(year) ? 366 : 365);
const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthLength = (year: number, month: number) =>
  month === 2 && isLeap(year) ? 29 : (MONTH_LENGTHS[month - 1] as number);
const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;
const floorDiv = (a: number, b: number) => Math.floor(a / b);
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** A day with its calendar fields, moved forward one day at a time without Date. */
class DayCursor {
  day = 0;
  year = 1970;
  month = 1;
  monthDay = 1;
  monthLength = 31;
  weekday = 3;
  yearDay = 1;
  yearLength = 365;

  constructor(day: number) {
    this.seek(day);
  }

  seek(day: number): void {
    const date = new Date(day * DAY_MS);
    this.day = day;
    this.year = date.getUTCFullYear();
    this.month = date.getUTCMonth() + 1;
    this.monthDay = date.getUTCDate();
    this.monthLength = monthLength(this.year, this.month);
    this.weekday = weekdayOf(day);
    this.yearLength = yearLength(this.year);
    const jan1 = new Date(0);
    jan1.setUTCFullYear(this.year, 0, 1);
    this.yearDay = day - Math.floor(jan1.getTime() / DAY_MS) + 1;
  }

  next(): void {
    this.day++;
    this.weekday = this.weekday === 6 ? 0 : this.weekday + 1;
    this.yearDay++;
    if (++this.monthDay > this.monthLength) {
      this.monthDay = 1;
      if (++this.month > 12) {
        this.month = 1;
        this.year++;
        this.yearDay = 1;
        this.yearLength = yearLength(this.year);
      }
      this.monthLength = monthLength(this.year, this.month);
    }
  }
}

/** The first day of a year (proleptic Gregorian, also for years below 100). */
function firstDayOfYear(year: number): number {
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  return Math.floor(jan1.getTime() / DAY_MS);
}

/** rrule.js's BYWEEKNO mask of one year (index: day of year - 1), ported as it is. */
function weekNumberMask(year: number, weekNumbers: readonly number[], wkst: number): Uint8Array {
  const yearlen = yearLength(year);
  const jan1 = firstDayOfYear(year);
  const wdaymask = (i: number) => weekdayOf(jan1 + i);
  const mask = new Uint8Array(yearlen + 7);
  const yearweekday = weekdayOf(jan1);
  const firstwkst = mod(7 - yearweekday + wkst, 7);
  let no1wkst = firstwkst;
  let wyearlen: number;
  if (no1wkst >= 4) {
    no1wkst = 0;
    wyearlen = yearlen + mod(yearweekday - wkst, 7);
  } else {
    wyearlen = yearlen - no1wkst;
  }
  const numweeks = Math.floor(Math.floor(wyearlen / 7) + mod(wyearlen, 7) / 4);
  for (const number of weekNumbers) {
    let n = number;
    if (n < 0) n += numweeks + 1;
    if (!(n > 0 && n <= numweeks)) continue;
    let i: number;
    if (n > 1) {
      i = no1wkst + (n - 1) * 7;
      if (no1wkst !== firstwkst) i -= 7 - firstwkst;
    } else {
      i = no1wkst;
    }
    for (let k = 0; k < 7; k++) {
      mask[i] = 1;
      i++;
      if (wdaymask(i) === wkst) break;
    }
  }
  if (weekNumbers.includes(1)) {
    let i = no1wkst + numweeks * 7;
    if (no1wkst !== firstwkst) i -= 7 - firstwkst;
    if (i < yearlen) {
      for (let j = 0; j < 7; j++) {
        mask[i] = 1;
        i += 1;
        if (wdaymask(i) === wkst) break;
      }
    }
  }
  if (no1wkst) {
    let lnumweeks: number;
    if (!weekNumbers.includes(-1)) {
      const lyearweekday = weekdayOf(firstDayOfYear(year - 1));
      let lno1wkst = mod(7 - lyearweekday + wkst, 7);
      const lyearlen = yearLength(year - 1);
      let weekst: number;
      if (lno1wkst >= 4) {
        lno1wkst = 0;
        weekst = lyearlen + mod(lyearweekday - wkst, 7);
      } else {
        weekst = yearlen - no1wkst;
      }
      lnumweeks = Math.floor(52 + mod(weekst, 7) / 4);
    } else {
      lnumweeks = -1;
    }
    if (weekNumbers.includes(lnumweeks)) for (let i = 0; i < no1wkst; i++) mask[i] = 1;
  }
  return mask;
}

/** Is the day one of BYDAY's numbered weekdays: the n-th of its month (MONTHLY, or YEARLY with BYMONTH), else of its year? */
function isNthWeekday(spec: RuleSpec, c: DayCursor, byMonthRanges: boolean): boolean {
  const inMonth = spec.freq === MONTHLY || byMonthRanges;
  const index = inMonth ? c.monthDay : c.yearDay;
  const length = inMonth ? c.monthLength : c.yearLength;
  const fromStart = Math.ceil(index / 7);
  const fromEnd = -Math.ceil((length - index + 1) / 7);
  return (spec.nthWeekdays ?? []).some(
    ([day, n]) => day === c.weekday && (n === fromStart || n === fromEnd),
  );
}

/** Does a day pass the rule's day parts (the period's phase aside)? */
function dayFilter(spec: RuleSpec): (cursor: DayCursor) => boolean {
  const weekMasks = new Map<number, Uint8Array>();
  const byMonthRanges = spec.freq === YEARLY && spec.months !== null;
  return (c) => {
    if (spec.months && !spec.months[c.month]) return false;
    if (spec.weekNumbers) {
      let mask = weekMasks.get(c.year);
      if (!mask) {
        if (weekMasks.size > 64) weekMasks.clear();
        mask = weekNumberMask(c.year, spec.weekNumbers, spec.wkst);
        weekMasks.set(c.year, mask);
      }
      if (!mask[c.yearDay - 1]) return false;
    }
    // BYDAY is one list, any entry of which matches (RFC 5545): `MO,-1SU` is every Monday and
    // the last Sunday. (rrule.js and python-dateutil ask for both, which no day is.)
    if (spec.weekdays || spec.nthWeekdays) {
      const plain = spec.weekdays?.[c.weekday] === true;
      if (!plain && !(spec.nthWeekdays && isNthWeekday(spec, c, byMonthRanges))) return false;
    }
    if (
      spec.monthDays &&
      !spec.monthDays.has(c.monthDay) &&
      !spec.monthDays.has(c.monthDay - c.monthLength - 1)
    )
      return false;
    if (
      spec.yearDays &&
      !spec.yearDays.has(c.yearDay) &&
      !spec.yearDays.has(c.yearDay - c.yearLength - 1)
    )
      return false;
    return true;
  };
}

/** rrule.js's BYSETPOS: positions in the period's days x times, in order, without repeats. */
function pickPositions(
  positions: readonly number[],
  days: readonly number[],
  times: readonly number[],
): number[] {
  const picked: number[] = [];
  for (const position of positions) {
    const dayIndex =
      position < 0 ? floorDiv(position, times.length) : floorDiv(position - 1, times.length);
    const timeIndex = position < 0 ? mod(position, times.length) : mod(position - 1, times.length);
    const day = dayIndex < 0 ? days[days.length + dayIndex] : days[dayIndex];
    if (day === undefined) continue;
    const wall = day * DAY_MS + (times[timeIndex] as number);
    if (!picked.includes(wall)) picked.push(wall);
  }
  return picked.sort((a, b) => a - b);
}

/** Wall ms of every start of the rule in [low, high], ascending. */
export type RuleStarts = (low: number, high: number) => number[];

export interface RuleExpansion {
  starts: RuleStarts;
  /** False when COUNT is not used up within MAX_COUNT_DAYS of DTSTART (the rule then ends there). */
  countReached(): boolean;
  /** The days from DTSTART that finding the end of COUNT walks (0 without COUNT). */
  countedDays(): number;
}

interface Unit {
  first: number;
  /** The day after the last. */
  end: number;
}

/**
 * The rule's starts, expanded over whole periods (a year, month, week or day; a day for HOURLY
 * and MINUTELY rules) that overlap the span asked for. COUNT is counted once from DTSTART, over
 * at most MAX_COUNT_DAYS days (the config loader refuses a COUNT that would need more); periods
 * that cannot hold the COUNT-th start are counted without being expanded.
 */
export function ruleExpansion(spec: RuleSpec): RuleExpansion {
  const matches = dayFilter(spec);
  const dtstartDay = floorDiv(spec.dtstart, DAY_MS);
  const startCursor = new DayCursor(dtstartDay);
  const startMonthIndex = startCursor.year * 12 + startCursor.month - 1;
  const startYear = startCursor.year;
  const weekStart = (day: number) => day - mod(weekdayOf(day) - spec.wkst, 7);
  const startWeek = weekStart(dtstartDay);
  // Times of day (ms) of a DAILY or coarser rule; for HOURLY, offsets in the hour.
  const times: number[] = [];
  const hourList = spec.freq >= HOURLY ? [0] : spec.hours;
  for (const hour of hourList)
    for (const minute of spec.minutes)
      for (const second of spec.seconds)
        times.push(hour * HOUR_MS + minute * MINUTE_MS + second * 1000);
  times.sort((a, b) => a - b);
  const secondTimes = spec.seconds.map((second) => second * 1000);
  const hourAllowed = spec.hours.length ? flags(spec.hours, 24) : null;
  const minuteAllowed = spec.minutes.length ? flags(spec.minutes, 60) : null;
  // What one HOURLY or MINUTELY period yields (offsets in the hour or minute).
  const perPeriod =
    spec.freq === HOURLY ? times : spec.freq === MINUTELY ? secondTimes : ([] as number[]);
  const picked = spec.setPositions ? pickPositions(spec.setPositions, [0], perPeriod) : perPeriod;
  const subDailyStep = spec.freq === HOURLY ? spec.interval * 60 : spec.interval;
  const subDailyBase =
    spec.freq === HOURLY
      ? floorDiv(floorDiv(spec.dtstart, MINUTE_MS), 60) * 60
      : floorDiv(spec.dtstart, MINUTE_MS);

  /** The period containing a day. */
  const unitOf = (day: number): Unit => {
    switch (spec.freq) {
      case YEARLY: {
        const year = new DayCursor(day).year;
        return { first: firstDayOfYear(year), end: firstDayOfYear(year + 1) };
      }
      case MONTHLY: {
        const c = new DayCursor(day);
        const first = day - c.monthDay + 1;
        return { first, end: first + c.monthLength };
      }
      case WEEKLY: {
        const first = weekStart(day);
        return { first, end: first + 7 };
      }
      default:
        return { first: day, end: day + 1 };
    }
  };

  const nextUnit = (unit: Unit): Unit => {
    if (spec.freq === YEARLY || spec.freq === MONTHLY) return unitOf(unit.end);
    return { first: unit.end, end: unit.end + (unit.end - unit.first) };
  };

  const inPhase = (unit: Unit): boolean => {
    switch (spec.freq) {
      case YEARLY:
        return mod(new DayCursor(unit.first).year - startYear, spec.interval) === 0;
      case MONTHLY: {
        const c = new DayCursor(unit.first);
        return mod(c.year * 12 + c.month - 1 - startMonthIndex, spec.interval) === 0;
      }
      case WEEKLY:
        return mod((unit.first - startWeek) / 7, spec.interval) === 0;
      case DAILY:
        return mod(unit.first - dtstartDay, spec.interval) === 0;
      default:
        return true;
    }
  };

  /** Visits each HOURLY/MINUTELY period start (minute index) of a day that its hour/minute allow. */
  const eachPeriodOfDay = (day: number, visit: (minute: number) => void): void => {
    const dayMinute = day * 1440;
    const step = subDailyStep;
    let minute = subDailyBase + Math.ceil((dayMinute - subDailyBase) / step) * step;
    for (; minute < dayMinute + 1440; minute += step) {
      const ofDay = minute - dayMinute;
      if (hourAllowed && !hourAllowed[Math.floor(ofDay / 60)]) continue;
      if (spec.freq === MINUTELY && minuteAllowed && !minuteAllowed[ofDay % 60]) continue;
      visit(minute);
    }
  };

  // Starts per day of a sub-daily rule by the day's phase (the offset of its first period).
  const perDayCounts = new Map<number, number>();
  const subDailyCount = (day: number): number => {
    const phase = mod(subDailyBase - day * 1440, subDailyStep);
    if (phase >= 1440) return 0;
    let count = perDayCounts.get(phase);
    if (count === undefined) {
      count = 0;
      eachPeriodOfDay(day, () => {
        count = (count as number) + picked.length;
      });
      if (perDayCounts.size < 4096) perDayCounts.set(phase, count);
    }
    return count;
  };

  /**
   * Every start of one period, before DTSTART/UNTIL/COUNT, ascending; the cursor ends at its
   * end. Without BYSETPOS only the days in [firstDay, lastDay] are looked at.
   */
  const unitStarts = (
    unit: Unit,
    cursor: DayCursor,
    out: number[],
    firstDay = Number.NEGATIVE_INFINITY,
    lastDay = Number.POSITIVE_INFINITY,
  ): void => {
    if (!inPhase(unit)) return;
    if (!spec.setPositions && spec.freq < HOURLY) {
      const first = Math.max(unit.first, firstDay);
      const end = Math.min(unit.end, lastDay + 1);
      if (cursor.day !== first) cursor.seek(first);
      for (; cursor.day < end; cursor.next()) {
        if (!matches(cursor)) continue;
        for (const time of times) out.push(cursor.day * DAY_MS + time);
      }
      return;
    }
    // rrule.js (python-dateutil) starts a WEEKLY rule's first week at DTSTART's day, so
    // BYSETPOS there counts from that day (FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1 from a Tuesday
    // picks that Tuesday). Other periods are whole.
    const from = spec.freq === WEEKLY && unit.first === startWeek ? dtstartDay : unit.first;
    if (cursor.day !== from) cursor.seek(from);
    if (spec.freq >= HOURLY) {
      if (matches(cursor)) {
        eachPeriodOfDay(unit.first, (minute) => {
          for (const offset of picked) out.push(minute * MINUTE_MS + offset);
        });
      }
      cursor.next();
      return;
    }
    const days: number[] = [];
    for (; cursor.day < unit.end; cursor.next()) if (matches(cursor)) days.push(cursor.day);
    if (spec.setPositions) {
      for (const wall of pickPositions(spec.setPositions, days, times)) out.push(wall);
      return;
    }
    for (const day of days) for (const time of times) out.push(day * DAY_MS + time);
  };

  /** How many starts a period has (before DTSTART/UNTIL), without expanding it when it can. */
  const unitCount = (unit: Unit, cursor: DayCursor, scratch: number[]): number => {
    if (!inPhase(unit)) return 0;
    if (spec.setPositions && spec.freq < HOURLY) {
      scratch.length = 0;
      unitStarts(unit, cursor, scratch);
      return scratch.length;
    }
    if (cursor.day !== unit.first) cursor.seek(unit.first);
    if (spec.freq >= HOURLY) {
      const count = matches(cursor) ? subDailyCount(unit.first) : 0;
      cursor.next();
      return count;
    }
    let days = 0;
    for (; cursor.day < unit.end; cursor.next()) if (matches(cursor)) days++;
    return days * times.length;
  };

  // COUNT: the last wall time the rule can yield, found once by counting from DTSTART.
  let countLimit: number | undefined;
  let countReached = true;
  let countedDays = 0;
  const findCountLimit = (): number => {
    if (countLimit !== undefined) return countLimit;
    let left = spec.count ?? 0;
    const cursor = new DayCursor(dtstartDay);
    const scratch: number[] = [];
    const untilDay = spec.until === null ? Number.POSITIVE_INFINITY : floorDiv(spec.until, DAY_MS);
    for (
      let unit = unitOf(dtstartDay);
      unit.first <= untilDay && new DayCursor(unit.first).year <= LAST_YEAR;
      unit = nextUnit(unit)
    ) {
      countedDays = unit.end - dtstartDay;
      if (unit.first - dtstartDay >= MAX_COUNT_DAYS) {
        // Not reached within MAX_COUNT_DAYS: the rule ends where the counting stopped.
        countReached = false;
        countLimit = unit.first * DAY_MS - 1;
        return countLimit;
      }
      // Periods holding DTSTART or UNTIL, or the COUNT-th start, are expanded and checked.
      if (unit.first > dtstartDay && unit.end <= untilDay) {
        const count = unitCount(unit, cursor, scratch);
        if (count < left) {
          left -= count;
          continue;
        }
      }
      scratch.length = 0;
      unitStarts(unit, cursor, scratch);
      for (const wall of scratch) {
        if (wall < spec.dtstart) continue;
        if (spec.until !== null && wall > spec.until) break;
        if (--left === 0) {
          countLimit = wall;
          return countLimit;
        }
      }
    }
    // UNTIL (or the last year) came first.
    countLimit = Number.POSITIVE_INFINITY;
    return countLimit;
  };

  const lastWall = firstDayOfYear(LAST_YEAR + 1) * DAY_MS - 1;
  const starts: RuleStarts = (low, high) => {
    const from = Math.max(low, spec.dtstart);
    let to = Math.min(high, spec.until ?? high, lastWall);
    if (spec.count !== null) to = Math.min(to, findCountLimit());
    const out: number[] = [];
    if (to < from) return out;
    const lastDay = floorDiv(to, DAY_MS);
    const firstDay = floorDiv(from, DAY_MS);
    const cursor = new DayCursor(firstDay);
    const scratch: number[] = [];
    for (let unit = unitOf(firstDay); unit.first <= lastDay; unit = nextUnit(unit)) {
      scratch.length = 0;
      unitStarts(unit, cursor, scratch, firstDay, lastDay);
      for (const wall of scratch) if (wall >= from && wall <= to) out.push(wall);
    }
    return out;
  };

  return {
    starts,
    countReached() {
      if (spec.count !== null) findCountLimit();
      return countReached;
    },
    countedDays() {
      if (spec.count !== null) findCountLimit();
      return Math.min(countedDays, MAX_COUNT_DAYS);
    },
  };
}
