// `ics: path/to/freeze.ics` windows: every VEVENT of a repository calendar is an occurrence.
import type { Interval, Schedule } from '../types.js';
import { type IcsCalendar, readCalendar } from './ics/calendar.js';
import { IcsSyntaxError } from './ics/document.js';
import { calendarOccurrences, type ExpansionCache, newExpansionCache } from './ics/expand.js';
import { ruleExpansion, ruleSpec, startsPerDay } from './ics/rules.js';
import { finish } from './occurrences.js';
import { MAX_COUNT_DAYS } from './rrule-expand.js';

type IcsSchedule = Extract<Schedule, { form: 'ics' }>;
export type CalendarCheck = { ok: true } | { ok: false; line: number; message: string };

interface Loaded {
  calendar: IcsCalendar;
  cache: ExpansionCache;
}

// Calendars by text: the engine asks for occurrences many times per decision. Configs name
// few calendars, so a small map (cleared when full) is enough.
const loaded = new Map<string, Loaded>();
const LOADED_KEPT = 16;

function load(text: string): Loaded {
  let found = loaded.get(text);
  if (!found) {
    if (loaded.size >= LOADED_KEPT) loaded.clear();
    found = { calendar: readCalendar(text), cache: newExpansionCache() };
    loaded.set(text, found);
  }
  return found;
}

/**
 * How many occurrences the calendar can start on one day, for the config's limits: each
 * recurring event by its rules (at least one), and the one-off events and RDATEs spread over a
 * year. 0 for a text that is not a usable calendar (the loader reports that).
 */
export function calendarStartsPerDay(text: string): number {
  let calendar: IcsCalendar;
  try {
    calendar = load(text).calendar;
  } catch {
    return 0;
  }
  let perDay = 0;
  let once = 0;
  for (const event of calendar.events) {
    once += 1 + event.rdates.length;
    for (const rule of event.rules) {
      const wall = event.start.kind === 'utc' ? event.start.epochMs : event.start.wall;
      perDay += Math.max(1, startsPerDay(ruleSpec(rule, Math.floor(wall / 60_000) * 60_000)));
    }
  }
  return perDay + Math.ceil(once / 366);
}

/**
 * The days walked to find where the calendar's COUNT rules end, up to `budget`; a problem (with
 * the event's line) for a COUNT not used up within MAX_COUNT_DAYS. See config/limits.ts.
 */
export function calendarCountedDays(
  text: string,
  budget: number,
): { days: number; problem: { line: number; message: string } | null } {
  let days = 0;
  let calendar: IcsCalendar;
  try {
    calendar = load(text).calendar;
  } catch {
    return { days, problem: null };
  }
  for (const event of calendar.events) {
    for (const rule of event.rules) {
      if (!/(^|;)COUNT=/i.test(rule) || days >= budget) continue;
      const wall = event.start.kind === 'utc' ? event.start.epochMs : event.start.wall;
      const expansion = ruleExpansion(ruleSpec(rule, Math.floor(wall / 60_000) * 60_000));
      days += expansion.countedDays();
      if (!expansion.countReached()) {
        return {
          days,
          problem: {
            line: event.line,
            message: `RRULE: COUNT is not used up within ${MAX_COUNT_DAYS.toLocaleString('en-US')} days (about 100 years) of DTSTART; expected a smaller COUNT, or UNTIL`,
          },
        };
      }
    }
  }
  return { days, problem: null };
}

/** Is this text a usable iCalendar file? line: 1-based line in the .ics file. */
export function checkCalendar(text: string): CalendarCheck {
  try {
    load(text);
    return { ok: true };
  } catch (error) {
    if (error instanceof IcsSyntaxError)
      return { ok: false, line: error.line, message: error.message };
    throw error;
  }
}

/**
 * The occurrence function of a calendar: the calendar is read (or found) once here, so a
 * decision's many questions never parse the text again or look it up by its (long) text.
 * `zone`: for floating times and all-day events.
 */
export function calendarOccurrenceFn(
  schedule: IcsSchedule,
  zone: string,
): (from: number, to: number) => Interval[] {
  const { calendar, cache } = load(schedule.calendar);
  return (from, to) => finish(calendarOccurrences(calendar, cache, zone, from, to), from, to);
}

/** Occurrences of every VEVENT overlapping [from, to), sorted by start. `zone`: for floating times and all-day events. */
export function icsOccurrences(
  schedule: IcsSchedule,
  zone: string,
  from: number,
  to: number,
): Interval[] {
  return calendarOccurrenceFn(schedule, zone)(from, to);
}
