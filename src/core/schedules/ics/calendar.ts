// A checked calendar: the VEVENTs with the parts that make occurrences, and the file's zones.
// Every problem is an IcsSyntaxError with the 1-based line of the offending content line.
import { MAX_DURATION_MINUTES } from '../../duration.js';
import {
  firstProperty,
  type IcsComponent,
  type IcsProperty,
  IcsSyntaxError,
  type KeptParts,
  parseDocument,
  propertiesNamed,
} from './document.js';
import { ruleProblem } from './rules.js';
import {
  DAY_MS,
  type IcsDuration,
  type IcsTime,
  parseDuration,
  type RdateValue,
  timeListProperty,
  timeProperty,
} from './values.js';
import { type Frame, frameForTzid } from './zones.js';

/** At most this many VEVENTs, RDATE and EXDATE values in one calendar (docs/config.md, "Limits"). */
export const MAX_CALENDAR_ENTRIES = 10_000;

export type EventLength =
  | { kind: 'end'; end: IcsTime }
  | { kind: 'duration'; duration: IcsDuration }
  | { kind: 'none' };

export interface IcsEvent {
  line: number;
  uid: string | null;
  start: IcsTime;
  length: EventLength;
  rules: string[];
  rdates: RdateValue[];
  exdates: IcsTime[];
  /** Set on an override of one instance of a recurring event. */
  recurrenceId: IcsTime | null;
  /** STATUS:CANCELLED: no occurrence (and, on an override, the instance it replaces is gone). */
  cancelled: boolean;
}

export interface IcsCalendar {
  events: IcsEvent[];
  /** The frame of a TZID the calendar uses (checked to exist). */
  frame(tzid: string): Frame;
}

function zoneOf(time: IcsTime): string | null {
  return time.kind === 'zoned' ? time.tzid : null;
}

/** Floating and all-day values compared as if in UTC: enough to see an end before its start. */
function roughInstant(time: IcsTime, frames: (tzid: string) => Frame): number {
  if (time.kind === 'utc') return time.epochMs;
  if (time.kind === 'zoned') return frames(time.tzid).toInstant(time.wall);
  return time.wall;
}

/** Events last at most as long as a window may (3660 days): longer, every look-back would be. */
const MAX_EVENT_MS = MAX_DURATION_MINUTES * 60_000;
const TOO_LONG = `an event may last at most ${MAX_DURATION_MINUTES / 1440} days`;

const durationMs = (duration: IcsDuration) => duration.days * DAY_MS + duration.ms;

/** RRULE parts are case-insensitive and may include extensions (X-...), which mean nothing here. */
function normalizeRule(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .split(';')
    .filter((part) => part !== '' && !part.startsWith('X-'))
    .join(';');
}

function readEvent(
  component: IcsComponent,
  frames: (tzid: string, line: number) => Frame,
): IcsEvent {
  const single = (name: string): IcsProperty | undefined => {
    const found = propertiesNamed(component, name);
    const second = found[1];
    if (second) throw new IcsSyntaxError(second.line, `a VEVENT has at most one ${name}`);
    return found[0];
  };
  const checkZone = (property: IcsProperty, time: IcsTime): IcsTime => {
    const tzid = zoneOf(time);
    if (tzid !== null) frames(tzid, property.line);
    return time;
  };
  const dtstartProperty = single('DTSTART');
  if (!dtstartProperty) {
    throw new IcsSyntaxError(component.line, 'this VEVENT has no DTSTART (when does it start?)');
  }
  const start = checkZone(dtstartProperty, timeProperty(dtstartProperty));
  const zoneFrames = (tzid: string) => frames(tzid, dtstartProperty.line);

  const dtend = single('DTEND');
  const durationProperty = single('DURATION');
  let length: EventLength = { kind: 'none' };
  if (dtend && durationProperty) {
    throw new IcsSyntaxError(durationProperty.line, 'a VEVENT has DTEND or DURATION, not both');
  }
  if (dtend) {
    const end = checkZone(dtend, timeProperty(dtend));
    if ((end.kind === 'date') !== (start.kind === 'date')) {
      throw new IcsSyntaxError(
        dtend.line,
        `DTEND: must be a ${start.kind === 'date' ? 'date' : 'date-time'} like DTSTART (line ${dtstartProperty.line})`,
      );
    }
    if (roughInstant(end, zoneFrames) < roughInstant(start, zoneFrames)) {
      throw new IcsSyntaxError(
        dtend.line,
        `DTEND is before DTSTART (line ${dtstartProperty.line})`,
      );
    }
    if (roughInstant(end, zoneFrames) - roughInstant(start, zoneFrames) > MAX_EVENT_MS) {
      throw new IcsSyntaxError(dtend.line, `DTEND: ${TOO_LONG}`);
    }
    length = { kind: 'end', end };
  } else if (durationProperty) {
    const duration = parseDuration(durationProperty.value);
    if (typeof duration === 'string')
      throw new IcsSyntaxError(durationProperty.line, `DURATION: ${duration}`);
    if (duration.days < 0 || duration.ms < 0) {
      throw new IcsSyntaxError(durationProperty.line, 'DURATION: must not be negative');
    }
    if (durationMs(duration) > MAX_EVENT_MS) {
      throw new IcsSyntaxError(durationProperty.line, `DURATION: ${TOO_LONG}`);
    }
    length = { kind: 'duration', duration };
  }

  const rules = propertiesNamed(component, 'RRULE').map((property) => {
    const rule = normalizeRule(property.value);
    const problem = ruleProblem(rule);
    if (problem) throw new IcsSyntaxError(property.line, `RRULE: ${problem}`);
    return rule;
  });
  const rdates = propertiesNamed(component, 'RDATE').flatMap((property) =>
    timeListProperty(property).map((value) => {
      checkZone(property, value.start);
      const { end } = value;
      const lasts =
        end === undefined
          ? 0
          : 'kind' in end
            ? roughInstant(end, zoneFrames) - roughInstant(value.start, zoneFrames)
            : durationMs(end);
      if (lasts > MAX_EVENT_MS) throw new IcsSyntaxError(property.line, `RDATE: ${TOO_LONG}`);
      return value;
    }),
  );
  const exdates = propertiesNamed(component, 'EXDATE').flatMap((property) =>
    timeListProperty(property).map(({ start: time }) => checkZone(property, time)),
  );
  const recurrenceProperty = single('RECURRENCE-ID');
  const recurrenceId = recurrenceProperty
    ? checkZone(recurrenceProperty, timeProperty(recurrenceProperty))
    : null;
  const status = single('STATUS')?.value.trim().toUpperCase();
  return {
    line: component.line,
    uid: single('UID')?.value.trim() ?? null,
    start,
    length,
    rules,
    rdates,
    exdates,
    recurrenceId,
    cancelled: status === 'CANCELLED',
  };
}

/** The components and properties readCalendar reads (the rest is checked, not kept). */
const READ_PARTS: KeptParts = {
  components: new Set(['VCALENDAR', 'VEVENT', 'VTIMEZONE', 'STANDARD', 'DAYLIGHT']),
  properties: new Set([
    'DTSTART',
    'DTEND',
    'DURATION',
    'RRULE',
    'RDATE',
    'EXDATE',
    'RECURRENCE-ID',
    'STATUS',
    'UID',
    'TZID',
    'TZOFFSETFROM',
    'TZOFFSETTO',
  ]),
};

/** Parses and checks a calendar; throws IcsSyntaxError (with the line) on the first problem. */
export function readCalendar(text: string): IcsCalendar {
  const calendars = parseDocument(text, READ_PARTS);
  const vtimezones = new Map<string, IcsComponent>();
  for (const calendar of calendars) {
    for (const component of calendar.components) {
      if (component.name !== 'VTIMEZONE') continue;
      const tzid = firstProperty(component, 'TZID');
      if (!tzid) throw new IcsSyntaxError(component.line, 'this VTIMEZONE has no TZID');
      vtimezones.set(tzid.value.trim(), component);
    }
  }
  const frames = new Map<string, Frame>();
  const frame = (tzid: string, line: number): Frame => {
    let found = frames.get(tzid);
    if (!found) {
      const made = frameForTzid(tzid, vtimezones);
      if (!made) {
        throw new IcsSyntaxError(
          line,
          'unknown TZID: not an IANA zone name and no VTIMEZONE with that TZID in the file',
        );
      }
      found = made;
      frames.set(tzid, found);
    }
    return found;
  };
  // Check every zone the file defines, even unused ones: a broken one is a broken file.
  for (const [tzid, component] of vtimezones) frame(tzid, component.line);
  const events: IcsEvent[] = [];
  let entries = 0;
  for (const calendar of calendars) {
    for (const component of calendar.components) {
      if (component.name !== 'VEVENT') continue;
      const event = readEvent(component, frame);
      entries += 1 + event.rdates.length + event.exdates.length;
      if (entries > MAX_CALENDAR_ENTRIES) {
        const limit = MAX_CALENDAR_ENTRIES.toLocaleString('en-US');
        throw new IcsSyntaxError(
          component.line,
          `the calendar has more than ${limit} events, RDATE and EXDATE values; expected at most ${limit}`,
        );
      }
      events.push(event);
    }
  }
  return {
    events,
    frame: (tzid) => frame(tzid, 1),
  };
}
