// The zones of a calendar's times: IANA names through the engine's resolver, and the file's own
// VTIMEZONE definitions (Outlook's "W. Europe Standard Time") computed from their observances.
// ical.js's Timezone is not used for conversion: it reads instants near a change an hour off.
import { utcMs } from '../../time/local-date.js';
import { instantToLocal, localToInstant } from '../../time/resolve.js';
import { isValidZone } from '../../time/zones.js';
import { steadyDayStart } from '../occurrences.js';
import { firstProperty, type IcsComponent, IcsSyntaxError, propertiesNamed } from './document.js';
import { type RuleExpander, ruleExpander, ruleProblem } from './rules.js';
import { DAY_MS, parseTime, timeListProperty } from './values.js';

const MINUTE_MS = 60_000;

/** Converts between wall ms (local fields as if UTC) and instants in one zone. */
export interface Frame {
  toInstant(wall: number): number;
  toWall(epochMs: number): number;
}

export function ianaFrame(zone: string): Frame {
  return {
    toInstant(wall) {
      // A day with one offset throughout is plain arithmetic (memoized per zone and day): a
      // calendar repeating every minute asks 1,440 times a day.
      const day = Math.floor(wall / DAY_MS);
      const dayStart = steadyDayStart(day, zone);
      if (!Number.isNaN(dayStart)) return dayStart + (wall - day * DAY_MS);
      const d = new Date(wall);
      const minuteStart = localToInstant(
        {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
        },
        zone,
      );
      return minuteStart + (wall % MINUTE_MS);
    },
    toWall(epochMs) {
      const l = instantToLocal(epochMs, zone);
      return utcMs(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond);
    },
  };
}

/**
 * Wall time -> instant by RFC 5545 section 3.3.5 for a zone given by its offset function: a
 * time in a gap takes the offset from before the gap; a repeated time is its first occurrence.
 */
function resolveWall(wall: number, offsetAt: (epochMs: number) => number): number {
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const first = wall - before;
  const second = wall - after;
  const firstValid = offsetAt(first) === before;
  const secondValid = offsetAt(second) === after;
  if (firstValid && secondValid) return Math.min(first, second);
  if (firstValid) return first;
  if (secondValid) return second;
  return first;
}

interface Observance {
  /** Onsets in wall time of the offset in force before them (TZOFFSETFROM). */
  dtstartWall: number;
  offsetFrom: number; // ms
  offsetTo: number; // ms
  rules: RuleExpander[];
  rdates: number[];
}

interface Transition {
  at: number;
  offset: number;
}

function parseOffset(component: IcsComponent, name: string): number {
  const property = firstProperty(component, name);
  const match = property && /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(property.value.trim());
  if (!match) {
    throw new IcsSyntaxError(
      property?.line ?? component.line,
      `${component.name} needs ${name} such as +0100`,
    );
  }
  const [, sign, hours, minutes, seconds] = match;
  const size = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
  return sign === '-' ? -size : size;
}

function parseObservance(component: IcsComponent): Observance {
  const dtstart = firstProperty(component, 'DTSTART');
  if (!dtstart) throw new IcsSyntaxError(component.line, `${component.name} needs a DTSTART`);
  const start = parseTime(dtstart.value, undefined, undefined);
  if (typeof start === 'string' || start.kind === 'utc' || start.kind === 'zoned') {
    throw new IcsSyntaxError(
      dtstart.line,
      `DTSTART: expected a local date-time such as 19701025T030000`,
    );
  }
  const offsetFrom = parseOffset(component, 'TZOFFSETFROM');
  const offsetTo = parseOffset(component, 'TZOFFSETTO');
  const rules = propertiesNamed(component, 'RRULE').map((property) => {
    // UNTIL in an observance is UTC; as a wall time of the offset before the change.
    const rule = property.value.replace(/UNTIL=(\d{8}T\d{6})Z/i, (_, until: string) => {
      const parsed = parseTime(`${until}Z`, undefined, undefined);
      const wall =
        typeof parsed === 'string' || parsed.kind !== 'utc' ? 0 : parsed.epochMs + offsetFrom;
      return `UNTIL=${new Date(wall).toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    });
    const problem = ruleProblem(rule);
    if (problem) throw new IcsSyntaxError(property.line, `RRULE: ${problem}`);
    // Clocks change a few times a year: a finer rule is a mistake, or an attack on the expander.
    if (!/(^|;)\s*FREQ=YEARLY\s*(;|$)/i.test(rule)) {
      throw new IcsSyntaxError(
        property.line,
        'RRULE: a VTIMEZONE observance recurs yearly; expected FREQ=YEARLY',
      );
    }
    return ruleExpander(rule, start.wall);
  });
  const rdates = propertiesNamed(component, 'RDATE')
    .flatMap((property) =>
      timeListProperty(property).map(({ start: time }) =>
        time.kind === 'utc' ? time.epochMs + offsetFrom : time.wall,
      ),
    )
    .sort((a, b) => a - b);
  return { dtstartWall: start.wall, offsetFrom, offsetTo, rules, rdates };
}

/** The index of the first sorted value at or after `value` (the length when none is). */
function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A zone defined by a VTIMEZONE component of the file. */
export function vtimezoneFrame(component: IcsComponent): Frame {
  const observances = component.components
    .filter((child) => child.name === 'STANDARD' || child.name === 'DAYLIGHT')
    .map(parseObservance);
  if (observances.length === 0) {
    throw new IcsSyntaxError(component.line, 'a VTIMEZONE needs a STANDARD or DAYLIGHT part');
  }
  const earliest = observances.reduce((a, b) => (b.dtstartWall < a.dtstartWall ? b : a));
  const firstYear = new Date(earliest.dtstartWall).getUTCFullYear();
  const byYear = new Map<number, Transition[]>();

  /** The changes whose onset (in wall time) falls in one calendar year, sorted. */
  function transitionsIn(year: number): Transition[] {
    let found = byYear.get(year);
    if (found) return found;
    const low = utcMs(year, 0, 1);
    const high = utcMs(year + 1, 0, 1) - 1;
    found = [];
    for (const observance of observances) {
      // RDATEs are sorted: only this year's are looked at.
      const onsets = [observance.dtstartWall];
      for (let i = firstAtOrAfter(observance.rdates, low); i < observance.rdates.length; i++) {
        const wall = observance.rdates[i] as number;
        if (wall > high) break;
        onsets.push(wall);
      }
      for (const expand of observance.rules)
        for (const wall of expand(low, high)) onsets.push(wall);
      for (const wall of onsets) {
        if (wall >= low && wall <= high && wall >= observance.dtstartWall) {
          found.push({ at: wall - observance.offsetFrom, offset: observance.offsetTo });
        }
      }
    }
    found.sort((a, b) => a.at - b.at);
    byYear.set(year, found);
    return found;
  }

  // The offset after the last change of the years up to a year, by that year: a zone defined
  // from year 1 would otherwise be walked back 2,000 years on every conversion.
  const throughYear = new Map<number, number>();

  /** The offset in force after every change of the years up to `year`. */
  function offsetThrough(year: number): number {
    const walked: number[] = [];
    let offset = earliest.offsetFrom;
    for (let y = year; y >= firstYear; y--) {
      const known = throughYear.get(y);
      if (known !== undefined) {
        offset = known;
        break;
      }
      walked.push(y);
      const last = transitionsIn(y).at(-1);
      if (last) {
        offset = last.offset;
        break;
      }
    }
    for (const y of walked) throughYear.set(y, offset);
    return offset;
  }

  function offsetAt(epochMs: number): number {
    // A day's slack: a change early on 1 January (wall) can be late on 31 December (UTC). So
    // this year's and last year's changes are compared with the instant; those of the years
    // before all precede it.
    const year = new Date(epochMs + DAY_MS).getUTCFullYear();
    for (let y = year; y >= Math.max(firstYear, year - 1); y--) {
      const changes = transitionsIn(y);
      for (let i = changes.length - 1; i >= 0; i--) {
        const change = changes[i];
        if (change && change.at <= epochMs) return change.offset;
      }
    }
    return offsetThrough(year - 2);
  }

  return {
    toInstant: (wall) => resolveWall(wall, offsetAt),
    toWall: (epochMs) => epochMs + offsetAt(epochMs),
  };
}

/**
 * How a TZID is read: an IANA name through the engine (tzdata beats a file's possibly stale
 * copy), else the file's VTIMEZONE, else an IANA name at the end of a path-like TZID
 * (`/mozilla.org/20070129_1/Europe/Berlin`). null: unknown.
 */
export function frameForTzid(tzid: string, vtimezones: Map<string, IcsComponent>): Frame | null {
  if (isValidZone(tzid)) return ianaFrame(tzid);
  const defined = vtimezones.get(tzid);
  if (defined) return vtimezoneFrame(defined);
  const parts = tzid.split('/').filter(Boolean);
  for (let take = Math.min(3, parts.length); take >= 1; take--) {
    const tail = parts.slice(-take).join('/');
    if (tail.includes('/') && isValidZone(tail)) return ianaFrame(tail);
  }
  return null;
}
