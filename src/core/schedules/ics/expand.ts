// The occurrences of a checked calendar in [from, to): every VEVENT with its RRULE, RDATE and
// EXDATE, overrides (RECURRENCE-ID) in place of the instances they replace. Recurrences expand
// in the wall time of the event's DTSTART zone; each wall time becomes an instant by RFC 5545
// section 3.3.5 (the engine's resolver). Floating and all-day values use the window's zone.
import type { Interval } from '../../types.js';
import { ascending, firstFound, lastFound } from '../occurrences.js';
import type { EventLength, IcsCalendar, IcsEvent } from './calendar.js';
import { type RuleExpander, ruleExpander } from './rules.js';
import { DAY_MS, formatWall, type IcsTime, parseTime } from './values.js';
import { type Frame, ianaFrame } from './zones.js';

/** Events that occur once, by start: found by binary search instead of looked at per query. */
interface OneOffIndex {
  /** Sorted by start. */
  intervals: Interval[];
  /** The largest end among intervals[0..i]: the first i whose value is past `from` starts the scan. */
  reach: number[];
}

/** Which events recur (looked at per query) and which occur once (indexed). */
interface Plan {
  overrides: Map<string, IcsEvent[]>;
  masters: Map<string, IcsEvent>;
  /** Indexes of events with RRULE or RDATE, or that an override replaces an instance of. */
  recurring: number[];
  oneOff: number[];
}

/** Per-calendar memory: rule expanders are costly to build and the same for every query. */
export interface ExpansionCache {
  /** By the zone floating and all-day events are read in ('' for the others), then event. */
  expanders: Map<string, Map<number, RuleExpander[]>>;
  frames: Map<string, Frame>;
  plan: Plan | null;
  /** One-off occurrences by window zone (floating and all-day events depend on it). */
  oneOffs: Map<string, OneOffIndex>;
  /** Each recurring event's last era, by zone key (as for expanders), then event. */
  eras: Map<string, Map<number, EventEra>>;
}

/**
 * A recurring event's occurrences over a span of days computed at once and kept: a search
 * asks for a few days at a time, and a calendar of thousands of yearly events would otherwise
 * walk every rule for every few days. The span doubles while the event is sparse in it, and
 * an event with more than ERA_KEPT occurrences in a span is never kept (days: 0).
 */
interface EventEra {
  days: number;
  start: number;
  end: number;
  intervals: Interval[] | null;
}

const ERA_FIRST_DAYS = 8;
const ERA_MAX_DAYS = 512;
const ERA_KEPT = 32;

/** One-off indexes kept per calendar (one per window zone that uses it). */
const ONE_OFF_ZONES_KEPT = 8;

export function newExpansionCache(): ExpansionCache {
  return {
    expanders: new Map(),
    frames: new Map(),
    plan: null,
    oneOffs: new Map(),
    eras: new Map(),
  };
}

class Context {
  constructor(
    readonly calendar: IcsCalendar,
    readonly zone: string,
    readonly cache: ExpansionCache,
  ) {}

  /**
   * The entries of a per-event memo that hold for this event: floating and all-day events are
   * read in the window's zone, so theirs are kept per zone. Looked up for every event on every
   * query: no key string is built.
   */
  perEvent<T>(memo: Map<string, Map<number, T>>, event: IcsEvent): Map<number, T> {
    const zoneKey = event.start.kind === 'date' || event.start.kind === 'floating' ? this.zone : '';
    let byEvent = memo.get(zoneKey);
    if (!byEvent) {
      byEvent = new Map();
      memo.set(zoneKey, byEvent);
    }
    return byEvent;
  }

  zoneFrame(zone: string): Frame {
    let frame = this.cache.frames.get(zone);
    if (!frame) {
      frame = ianaFrame(zone);
      this.cache.frames.set(zone, frame);
    }
    return frame;
  }

  frameOf(time: IcsTime): Frame {
    if (time.kind === 'zoned') return this.calendar.frame(time.tzid);
    return this.zoneFrame(time.kind === 'utc' ? 'UTC' : this.zone);
  }

  instantOf(time: IcsTime): number {
    return time.kind === 'utc' ? time.epochMs : this.frameOf(time).toInstant(time.wall);
  }

  /** The value as a wall time of `frame` (the event's DTSTART frame). */
  wallIn(
    time: IcsTime,
    frame: Frame,
    startKind: IcsTime['kind'],
    startZone: string | null,
  ): number {
    if (time.kind === 'utc') return frame.toWall(time.epochMs);
    const sameFrame =
      time.kind === 'zoned'
        ? startKind === 'zoned' && time.tzid === startZone
        : startKind === 'date' || startKind === 'floating';
    return sameFrame ? time.wall : frame.toWall(this.instantOf(time));
  }
}

function wallOfStart(time: IcsTime): number {
  return time.kind === 'utc' ? time.epochMs : time.wall;
}

function dayOf(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** How far an occurrence can reach past its start, as wall ms (for the search window). */
function reach(context: Context, event: IcsEvent, length: EventLength): number {
  if (length.kind === 'end') {
    if (event.start.kind === 'date') return wallOfStart(length.end) - wallOfStart(event.start);
    return context.instantOf(length.end) - context.instantOf(event.start) + DAY_MS;
  }
  if (length.kind === 'duration') return (length.duration.days + 1) * DAY_MS + length.duration.ms;
  return DAY_MS;
}

/** An event's length as a DURATION (to lend it to an override that has none). */
function lengthOf(context: Context, event: IcsEvent): EventLength {
  const { length, start } = event;
  if (length.kind !== 'end') return length;
  const days = Math.round((wallOfStart(length.end) - wallOfStart(start)) / DAY_MS);
  if (start.kind === 'date') return { kind: 'duration', duration: { days, ms: 0 } };
  const ms = context.instantOf(length.end) - context.instantOf(start);
  return { kind: 'duration', duration: { days: 0, ms } };
}

/** The end of an occurrence starting at `wall` (= instant `start`) of the frame. */
function endOf(
  context: Context,
  event: IcsEvent,
  length: EventLength,
  frame: Frame,
  wall: number,
  start: number,
): number {
  const allDay = event.start.kind === 'date';
  switch (length.kind) {
    case 'end':
      // All-day events last whole local days; timed ones the exact time DTSTART..DTEND (RFC 5545 3.8.5.3).
      return allDay
        ? frame.toInstant(wall + wallOfStart(length.end) - wallOfStart(event.start))
        : start + context.instantOf(length.end) - context.instantOf(event.start);
    case 'duration': {
      const { days, ms } = length.duration;
      const whole = allDay ? days + Math.ceil(ms / DAY_MS) : days;
      return (whole === 0 ? start : frame.toInstant(wall + whole * DAY_MS)) + (allDay ? 0 : ms);
    }
    default:
      // No DTEND/DURATION: an all-day event is one day; a timed one is an instant (no time).
      return allDay ? frame.toInstant(wall + DAY_MS) : start;
  }
}

/**
 * The rule as rrule.js should expand it in this frame's wall time: UNTIL as a wall time, and
 * COUNT less one when DTSTART (always the first instance, RFC 5545) is not itself a match.
 */
function wallRule(event: IcsEvent, rule: string, frame: Frame): string | null {
  const dtWall = wallOfStart(event.start);
  let text = rule.replace(/UNTIL=([0-9TZ]+)/i, (whole, value: string) => {
    const until = parseTime(value, undefined, undefined);
    if (typeof until === 'string') return whole;
    if (until.kind === 'date') {
      // A date UNTIL on a timed event includes that whole day.
      return `UNTIL=${formatWall(event.start.kind === 'date' ? until.wall : until.wall + DAY_MS - 1000)}`;
    }
    const wall = until.kind === 'utc' ? frame.toWall(until.epochMs) : until.wall;
    return `UNTIL=${formatWall(wall)}`;
  });
  const count = /COUNT=(\d+)/i.exec(text);
  if (count) {
    const startMatches = ruleExpander(text, dtWall)(dtWall, dtWall).includes(dtWall);
    if (!startMatches) {
      const remaining = Number(count[1]) - 1;
      if (remaining <= 0) return null;
      text = text.replace(/COUNT=\d+/i, `COUNT=${remaining}`);
    }
  }
  return text;
}

function expandersFor(
  context: Context,
  event: IcsEvent,
  index: number,
  frame: Frame,
): RuleExpander[] {
  const byEvent = context.perEvent(context.cache.expanders, event);
  let expanders = byEvent.get(index);
  if (!expanders) {
    expanders = event.rules
      .map((rule) => wallRule(event, rule, frame))
      .filter((rule): rule is string => rule !== null)
      .map((rule) => ruleExpander(rule, wallOfStart(event.start)));
    byEvent.set(index, expanders);
  }
  return expanders;
}

interface Exclusions {
  instants: Set<number>;
  days: Set<number>;
}

function exclusions(
  context: Context,
  event: IcsEvent,
  frame: Frame,
  replaced: IcsTime[],
): Exclusions {
  const instants = new Set<number>();
  const days = new Set<number>();
  const startZone = event.start.kind === 'zoned' ? event.start.tzid : null;
  for (const time of [...event.exdates, ...replaced]) {
    if (time.kind === 'date') {
      // A date names the instances on that date of the event's own wall clock (the frame
      // its instances are expanded in), not midnight in the window's zone.
      days.add(dayOf(time.wall));
    } else if (event.start.kind === 'date') {
      days.add(dayOf(context.wallIn(time, frame, event.start.kind, startZone)));
    } else {
      instants.add(context.instantOf(time));
    }
  }
  return { instants, days };
}

function expandEvent(
  context: Context,
  event: IcsEvent,
  index: number,
  length: EventLength,
  replaced: IcsTime[],
  from: number,
  to: number,
): Interval[] {
  const frame = context.frameOf(event.start);
  const dtWall = wallOfStart(event.start);
  const fromWall = frame.toWall(from);
  const low = fromWall - reach(context, event, length) - DAY_MS;
  const high = frame.toWall(to) + DAY_MS;
  const expanders = expandersFor(context, event, index, frame);
  const excluded = exclusions(context, event, frame, replaced);
  const isExcluded = (wall: number, start: number) =>
    excluded.days.has(dayOf(wall)) || (event.start.kind !== 'date' && excluded.instants.has(start));
  const excludes = excluded.days.size > 0 || excluded.instants.size > 0;
  /** DTSTART and the rules' starts in [lowWall, highWall), ascending, exclusions left out. */
  const occurrencesIn = (lowWall: number, highWall: number): Interval[] => {
    const walls: number[] = [];
    if (dtWall >= lowWall && dtWall < highWall) walls.push(dtWall);
    for (const expand of expanders) {
      for (const wall of expand(lowWall, highWall)) if (wall < highWall) walls.push(wall);
    }
    const out: Interval[] = [];
    let previous = Number.NaN;
    for (const wall of ascending(walls)) {
      if (wall === previous) continue;
      previous = wall;
      const start = frame.toInstant(wall);
      if (excludes && isExcluded(wall, start)) continue;
      out.push({ start, end: endOf(context, event, length, frame, wall, start) });
    }
    return out;
  };
  const out: Interval[] = [];
  // Occurrences that start before `from` and reach past it all contain `from`; a later start
  // ends no earlier, so together they are one interval from the first of them to the last
  // one's end. Only those two are looked for: a long DURATION on a dense rule costs a few
  // look-ups, not every start within it (an every-minute event lasting a year took minutes).
  const first = firstFound(low, fromWall + DAY_MS, (a, b) => {
    return occurrencesIn(a, b).find((o) => o.start < from && o.end > from) ?? null;
  });
  if (first) {
    const last = lastFound(low, fromWall + DAY_MS, (a, b) => {
      return occurrencesIn(a, b).findLast((o) => o.start < from) ?? null;
    });
    out.push({ start: first.start, end: Math.max(first.end, last?.end ?? first.end) });
  }
  for (const occurrence of occurrencesIn(fromWall - DAY_MS, high + 1)) {
    if (occurrence.start >= from) out.push(occurrence);
  }
  const startZone = event.start.kind === 'zoned' ? event.start.tzid : null;
  for (const rdate of event.rdates) {
    // A date on a timed event: that date at DTSTART's time of day, on the event's own clock.
    const { start: given } = rdate;
    const dateOfTimed = given.kind === 'date' && event.start.kind !== 'date';
    const wall = dateOfTimed
      ? given.wall + (((dtWall % DAY_MS) + DAY_MS) % DAY_MS)
      : context.wallIn(given, frame, event.start.kind, startZone);
    if (wall < low || wall > high) continue;
    const start =
      event.start.kind === 'date' || dateOfTimed ? frame.toInstant(wall) : context.instantOf(given);
    if (isExcluded(wall, start)) continue;
    let end: number;
    if (rdate.end === undefined) end = endOf(context, event, length, frame, wall, start);
    else if ('kind' in rdate.end) end = context.instantOf(rdate.end);
    else end = endOf(context, event, { kind: 'duration', duration: rdate.end }, frame, wall, start);
    out.push({ start, end });
  }
  return out;
}

function planOf(calendar: IcsCalendar, cache: ExpansionCache): Plan {
  if (cache.plan) return cache.plan;
  const overrides = new Map<string, IcsEvent[]>();
  const masters = new Map<string, IcsEvent>();
  for (const event of calendar.events) {
    if (event.uid === null) continue;
    if (event.recurrenceId) {
      const list = overrides.get(event.uid);
      if (list) list.push(event);
      else overrides.set(event.uid, [event]);
    } else masters.set(event.uid, event);
  }
  const recurring: number[] = [];
  const oneOff: number[] = [];
  calendar.events.forEach((event, index) => {
    if (event.cancelled) return;
    const replaced = !event.recurrenceId && event.uid !== null && overrides.has(event.uid);
    if (event.rules.length > 0 || event.rdates.length > 0 || replaced) recurring.push(index);
    else oneOff.push(index);
  });
  cache.plan = { overrides, masters, recurring, oneOff };
  return cache.plan;
}

/** An event's occurrences in [from, to): an override with its series' length, or a series. */
function eventOccurrences(
  context: Context,
  plan: Plan,
  index: number,
  from: number,
  to: number,
): Interval[] {
  const event = context.calendar.events[index] as IcsEvent;
  if (event.recurrenceId) {
    // An override stands for itself; without DTEND/DURATION it keeps the series' length.
    const master = event.uid === null ? undefined : plan.masters.get(event.uid);
    const length =
      event.length.kind === 'none' && master ? lengthOf(context, master) : event.length;
    return expandEvent(context, event, index, length, [], from, to);
  }
  const replaced = (event.uid === null ? [] : (plan.overrides.get(event.uid) ?? [])).flatMap(
    (override) => (override.recurrenceId ? [override.recurrenceId] : []),
  );
  return expandEvent(context, event, index, event.length, replaced, from, to);
}

function oneOffIndex(context: Context, plan: Plan): OneOffIndex {
  const found = context.cache.oneOffs.get(context.zone);
  if (found) return found;
  const intervals: Interval[] = [];
  for (const index of plan.oneOff) {
    const event = context.calendar.events[index] as IcsEvent;
    // The event's own start, with the slack expandEvent gives any query.
    const around = context.instantOf(event.start);
    for (const interval of eventOccurrences(context, plan, index, around - 1, around + 1)) {
      intervals.push(interval);
    }
  }
  intervals.sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  let furthest = Number.NEGATIVE_INFINITY;
  for (const interval of intervals) {
    furthest = Math.max(furthest, interval.end);
    reach.push(furthest);
  }
  const index = { intervals, reach };
  if (context.cache.oneOffs.size >= ONE_OFF_ZONES_KEPT) context.cache.oneOffs.clear();
  context.cache.oneOffs.set(context.zone, index);
  return index;
}

/** eventOccurrences of a recurring event, from its kept era when the span lies inside it. */
function recurringOccurrences(
  context: Context,
  plan: Plan,
  index: number,
  from: number,
  to: number,
): Interval[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    return eventOccurrences(context, plan, index, from, to);
  }
  const event = context.calendar.events[index] as IcsEvent;
  const byEvent = context.perEvent(context.cache.eras, event);
  let era = byEvent.get(index);
  if (!era) {
    era = { days: ERA_FIRST_DAYS, start: 0, end: 0, intervals: null };
    byEvent.set(index, era);
  }
  if (era.days === 0) return eventOccurrences(context, plan, index, from, to);
  if (era.intervals === null || from < era.start || to > era.end) {
    const span = era.days * DAY_MS;
    const start = Math.floor(from / span) * span;
    const end = Math.max(start + span, Math.ceil(to / span) * span);
    const intervals = eventOccurrences(context, plan, index, start, end);
    if (intervals.length > ERA_KEPT) {
      era.days = 0;
      era.intervals = null;
    } else {
      era.start = start;
      era.end = end;
      era.intervals = intervals;
      if (intervals.length <= ERA_KEPT / 4) era.days = Math.min(ERA_MAX_DAYS, era.days * 2);
    }
    return intervals.filter((interval) => interval.start < to && interval.end > from);
  }
  return era.intervals.filter((interval) => interval.start < to && interval.end > from);
}

/** Every occurrence of the calendar's events overlapping [from, to) (unsorted, unmerged). */
export function calendarOccurrences(
  calendar: IcsCalendar,
  cache: ExpansionCache,
  zone: string,
  from: number,
  to: number,
): Interval[] {
  const context = new Context(calendar, zone, cache);
  const plan = planOf(calendar, cache);
  const out: Interval[] = [];
  for (const index of plan.recurring) {
    for (const interval of recurringOccurrences(context, plan, index, from, to)) {
      out.push(interval);
    }
  }
  const { intervals, reach } = oneOffIndex(context, plan);
  // The first interval whose reach passes `from`: none before it can overlap [from, to).
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((reach[middle] as number) <= from) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < intervals.length; i++) {
    const interval = intervals[i] as Interval;
    if (interval.start >= to) break;
    if (interval.end > from) out.push({ start: interval.start, end: interval.end });
  }
  return out;
}
