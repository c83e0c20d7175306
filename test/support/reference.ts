// A brute-force reference for the decision engine, written independently of src/core: wall
// times come from Intl (not luxon), local times become instants by scanning minute by minute,
// and the decision is read off a minute-by-minute table of allowed/blocked.
import type {
  Config,
  CronFields,
  LocalDate,
  MonthDayTime,
  Schedule,
  WindowConfig,
} from '../../src/core/types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SLOT = 15 * MINUTE;
const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** One zone's Intl formatter and the offsets it gave, by 15-minute slot. */
interface ZoneOffsets {
  format: Intl.DateTimeFormat;
  bySlot: Map<number, number>;
  lastSlot: number;
  lastOffset: number;
}

const zoneOffsets = new Map<string, ZoneOffsets>();
/** Slots kept in all zones together: the suite's workers live long (vitest.config.ts). */
const MAX_SLOTS = 100_000;
let slotsKept = 0;

/** The zone's offset in minutes at an instant, from Intl; transitions fall on 15-minute marks. */
export function intlOffset(zone: string, instant: number): number {
  const slot = Math.floor(instant / SLOT) * SLOT;
  let known = zoneOffsets.get(zone);
  if (!known) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    known = { format, bySlot: new Map(), lastSlot: Number.NaN, lastOffset: 0 };
    zoneOffsets.set(zone, known);
  }
  // Scans ask minute after minute: fifteen times in a row for the same slot.
  if (slot === known.lastSlot) return known.lastOffset;
  let offset = known.bySlot.get(slot);
  if (offset === undefined) {
    const parts = Object.fromEntries(
      known.format.formatToParts(slot).map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
    );
    offset = (wall - slot) / MINUTE;
    if (slotsKept >= MAX_SLOTS) {
      for (const entry of zoneOffsets.values()) entry.bySlot.clear();
      slotsKept = 0;
    }
    known.bySlot.set(slot, offset);
    slotsKept++;
  }
  known.lastSlot = slot;
  known.lastOffset = offset;
  return offset;
}

/** Wall time of an instant, as a "floating" UTC millisecond count. */
export function wallOf(zone: string, instant: number): number {
  return instant + intlOffset(zone, instant) * MINUTE;
}

/**
 * The instant of a wall time (floating ms) by scanning every minute within 15 hours: the first
 * minute that shows it; if none does (a gap), the offset in force just before the gap.
 */
export function scanResolve(zone: string, wall: number): number {
  let lastBefore: number | null = null;
  for (
    let instant = wall - 15 * 60 * MINUTE;
    instant <= wall + 15 * 60 * MINUTE;
    instant += MINUTE
  ) {
    const shown = wallOf(zone, instant);
    if (shown === wall) return instant;
    if (shown < wall) lastBefore = instant;
  }
  if (lastBefore === null) throw new Error('reference: wall time out of reach');
  return wall - intlOffset(zone, lastBefore) * MINUTE;
}

interface Span {
  start: number;
  end: number;
}

const dayOf = (date: LocalDate) => Date.UTC(date.year, date.month - 1, date.day);
const fieldsOf = (floating: number) => {
  const d = new Date(floating);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
};
const lastDayOfMonth = (floating: number) => {
  const d = new Date(floating);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
};
const matchesMonthDay = (spec: MonthDayTime, floatingDay: number) =>
  fieldsOf(floatingDay).day === (spec.day === 'L' ? lastDayOfMonth(floatingDay) : spec.day);
const clock = (hour: number, minute: number) => (hour * 60 + minute) * MINUTE;

/** The days of the day's month that fall on its weekday, in order (floating ms). */
function sameWeekdaysOfMonth(floatingDay: number): number[] {
  const { year, month, weekday } = fieldsOf(floatingDay);
  const days: number[] = [];
  for (let day = Date.UTC(year, month - 1, 1); fieldsOf(day).month === month; day += DAY) {
    if (fieldsOf(day).weekday === weekday) days.push(day);
  }
  return days;
}

function cronDay(cron: CronFields, floatingDay: number): boolean {
  const { month, day, weekday } = fieldsOf(floatingDay);
  if (!cron.months.includes(month)) return false;
  const dom =
    cron.daysOfMonth.includes(day) ||
    cron.daysFromMonthEnd.some((n) => day === lastDayOfMonth(floatingDay) - n + 1);
  const same = sameWeekdaysOfMonth(floatingDay);
  const dow =
    cron.daysOfWeek.includes(weekday) ||
    cron.nthDaysOfWeek.some(
      ({ weekday: wanted, nth }) =>
        wanted === weekday && same.at(nth > 0 ? nth - 1 : nth) === floatingDay,
    );
  const either = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted && !cron.bothDaysMustMatch;
  return either ? dom || dow : dom && dow;
}

/** The first wall time (floating ms) strictly after `after` at which a cron fires, day by day. */
function firstCronWallAfter(cron: CronFields, after: number): number | null {
  const firstDay = Math.floor(after / DAY) * DAY;
  for (let day = firstDay; day <= firstDay + 400 * DAY; day += DAY) {
    if (!cronDay(cron, day)) continue;
    let best: number | null = null;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const fires = day + clock(hour, minute);
        if (fires > after && (best === null || fires < best)) best = fires;
      }
    }
    if (best !== null) return best;
  }
  return null;
}

/** A tiny RRULE reader for the reference: FREQ=DAILY|WEEKLY, INTERVAL, BYDAY, BYHOUR, BYMINUTE. */
function simpleRule(rule: string) {
  const parts = Object.fromEntries(rule.split(';').map((p) => p.split('=') as [string, string]));
  const supported = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYHOUR', 'BYMINUTE']);
  for (const key of Object.keys(parts)) {
    if (!supported.has(key)) throw new Error(`reference: unsupported rule part ${key}`);
  }
  return {
    freq: parts.FREQ as 'DAILY' | 'WEEKLY',
    interval: Number(parts.INTERVAL ?? 1),
    days: parts.BYDAY ? parts.BYDAY.split(',') : null,
    hours: parts.BYHOUR ? parts.BYHOUR.split(',').map(Number) : null,
    minutes: parts.BYMINUTE ? parts.BYMINUTE.split(',').map(Number) : null,
  };
}

/** Every occurrence of a schedule whose local start day is in [firstDay, lastDay] (floating ms). */
function occurrences(schedule: Schedule, zone: string, firstDay: number, lastDay: number): Span[] {
  const out: Span[] = [];
  const resolve = (wall: number) => scanResolve(zone, wall);
  for (let day = firstDay; day <= lastDay; day += DAY) {
    const { weekday } = fieldsOf(day);
    switch (schedule.form) {
      case 'time': {
        if (!schedule.days.includes(WEEKDAY_CODES[weekday] as never)) break;
        const start = clock(schedule.start.hour, schedule.start.minute);
        const end = clock(schedule.end.hour, schedule.end.minute);
        out.push({
          start: resolve(day + start),
          end: resolve(day + end + (end <= start ? DAY : 0)),
        });
        break;
      }
      case 'weekly': {
        if (WEEKDAY_CODES[weekday] !== schedule.from.weekday) break;
        const startWall = day + clock(schedule.from.hour, schedule.from.minute);
        for (let ahead = 0; ahead <= 7; ahead++) {
          const endDay = day + ahead * DAY;
          const endWall = endDay + clock(schedule.to.hour, schedule.to.minute);
          if (
            WEEKDAY_CODES[fieldsOf(endDay).weekday] === schedule.to.weekday &&
            endWall > startWall
          ) {
            out.push({ start: resolve(startWall), end: resolve(endWall) });
            break;
          }
        }
        break;
      }
      case 'monthly': {
        if (!matchesMonthDay(schedule.from, day)) break;
        const startWall = day + clock(schedule.from.hour, schedule.from.minute);
        for (let ahead = 0; ahead <= 400; ahead++) {
          const endDay = day + ahead * DAY;
          const endWall = endDay + clock(schedule.to.hour, schedule.to.minute);
          if (matchesMonthDay(schedule.to, endDay) && endWall > startWall) {
            out.push({ start: resolve(startWall), end: resolve(endWall) });
            break;
          }
        }
        break;
      }
      case 'dates':
        if (schedule.dates.some((d) => dayOf(d) === day)) {
          out.push({ start: resolve(day), end: resolve(day + DAY) });
        }
        break;
      case 'cron':
        if (!cronDay(schedule.cron, day)) break;
        for (const hour of schedule.cron.hours) {
          for (const minute of schedule.cron.minutes) {
            const start = resolve(day + clock(hour, minute));
            out.push({ start, end: start + schedule.duration * MINUTE });
          }
        }
        break;
      case 'rrule': {
        const rule = simpleRule(schedule.rule);
        const anchor = schedule.dtstart ? dayOf(schedule.dtstart) : Date.UTC(1970, 0, 1);
        const daysSince = Math.round((day - anchor) / DAY);
        if (daysSince < 0) break;
        const weeksSince = Math.floor((daysSince + ((fieldsOf(anchor).weekday + 6) % 7)) / 7);
        const period = rule.freq === 'DAILY' ? daysSince : weeksSince;
        if (period % rule.interval !== 0) break;
        const dayCodes =
          rule.days ?? (rule.freq === 'WEEKLY' ? [WEEKDAY_CODES[fieldsOf(anchor).weekday]] : null);
        if (dayCodes && !dayCodes.includes(WEEKDAY_CODES[weekday] as string)) break;
        for (const hour of rule.hours ?? [schedule.dtstart?.hour ?? 0]) {
          for (const minute of rule.minutes ?? [schedule.dtstart?.minute ?? 0]) {
            const start = resolve(day + clock(hour, minute));
            out.push({ start, end: start + schedule.duration * MINUTE });
          }
        }
        break;
      }
      case 'cron-range':
        // Paired in wall time, then each resolved: a reversed pair is an empty occurrence.
        if (!cronDay(schedule.start, day)) break;
        for (const hour of schedule.start.hours) {
          for (const minute of schedule.start.minutes) {
            const startWall = day + clock(hour, minute);
            const endWall = firstCronWallAfter(schedule.end, startWall);
            if (endWall !== null) out.push({ start: resolve(startWall), end: resolve(endWall) });
          }
        }
        break;
      case 'once':
        break;
      default:
        throw new Error(`reference: form ${schedule.form} not covered`);
    }
  }
  if (schedule.form === 'once') {
    const instant = (v: typeof schedule.start) =>
      v.kind === 'instant'
        ? v.epochMs
        : resolve(dayOf(v.local) + clock(v.local.hour, v.local.minute));
    out.push({ start: instant(schedule.start), end: instant(schedule.end) });
  }
  return out;
}

const LOOKBACK_DAYS: Partial<Record<Schedule['form'], number>> = {
  monthly: 70,
  weekly: 9,
  'cron-range': 40,
};

interface ReferenceWindow {
  kind: 'allow' | 'deny';
  validity: Span;
  occurrences: Span[];
}

function referenceWindow(window: WindowConfig, from: number, to: number): ReferenceWindow {
  const zone = window.timezone;
  const { schedule } = window;
  const lasting = schedule.form === 'cron' || schedule.form === 'rrule' ? schedule.duration : 0;
  const lookback = (LOOKBACK_DAYS[schedule.form] ?? 3) + Math.ceil(lasting / 1440);
  const firstDay = Math.floor(wallOf(zone, from) / DAY) * DAY - lookback * DAY;
  const lastDay = Math.floor(wallOf(zone, to) / DAY) * DAY + DAY;
  const validity = {
    start: window.from ? scanResolve(zone, dayOf(window.from)) : Number.NEGATIVE_INFINITY,
    end: window.until ? scanResolve(zone, dayOf(window.until) + DAY) : Number.POSITIVE_INFINITY,
  };
  const occ = occurrences(window.schedule, zone, firstDay, lastDay)
    .map((o) => ({ start: Math.max(o.start, validity.start), end: Math.min(o.end, validity.end) }))
    .filter((o) => o.end > o.start);
  return { kind: window.kind, validity, occurrences: occ };
}

const inside = (span: Span, t: number) => span.start <= t && t < span.end;

export interface ReferenceAnswer {
  allowed: boolean;
  closesAt: number | null;
  nextOpen: number | null;
}

/** Allowed (true) or blocked for each minute from `at` on, `minutes` of them. */
export function referenceTable(
  config: Config,
  environment: string | null,
  at: number,
  minutes: number,
): boolean[] {
  const windows = config.windows
    .filter(
      (w) =>
        environment === null || w.environments === null || w.environments.includes(environment),
    )
    .map((w) => referenceWindow(w, at, at + (minutes + 1) * MINUTE));
  const allows = windows.filter((w) => w.kind === 'allow');
  const open: boolean[] = [];
  for (let i = 0; i < minutes; i++) {
    const t = at + i * MINUTE;
    const restricted = allows.some((w) => inside(w.validity, t));
    const inAllow = allows.some((w) => w.occurrences.some((o) => inside(o, t)));
    const inDeny = windows.some(
      (w) => w.kind === 'deny' && w.occurrences.some((o) => inside(o, t)),
    );
    open.push((!restricted || inAllow) && !inDeny);
  }
  return open;
}

/** The open periods of a table, as intervals of instants. */
export function referenceOpenPeriods(table: readonly boolean[], at: number): Span[] {
  const periods: Span[] = [];
  table.forEach((open, i) => {
    if (!open) return;
    const last = periods[periods.length - 1];
    const t = at + i * MINUTE;
    if (last && last.end === t) last.end = t + MINUTE;
    else periods.push({ start: t, end: t + MINUTE });
  });
  return periods;
}

/** The decision read off a table of allowed minutes: with the runway, within the horizon. */
export function readDecision(
  open: readonly boolean[],
  at: number,
  minDuration: number,
  horizon: number,
): ReferenceAnswer {
  const total = open.length;
  const runFrom = (i: number) => {
    let j = i;
    while (j < total && open[j]) j++;
    return j - i;
  };
  const fits = (i: number) => (minDuration === 0 ? open[i] === true : runFrom(i) >= minDuration);
  if (fits(0)) {
    const close = runFrom(0);
    return {
      allowed: true,
      closesAt: close < horizon ? at + close * MINUTE : null,
      nextOpen: null,
    };
  }
  for (let i = 1; i < horizon; i++) {
    if (fits(i)) return { allowed: false, closesAt: null, nextOpen: at + i * MINUTE };
  }
  return { allowed: false, closesAt: null, nextOpen: null };
}

/** The decision read off a minute-by-minute table. `at` must be on a whole minute. */
export function referenceDecide(
  config: Config,
  environment: string | null,
  at: number,
  minDuration: number,
  horizon: number,
): ReferenceAnswer {
  const table = referenceTable(config, environment, at, horizon + minDuration);
  return readDecision(table, at, minDuration, horizon);
}
