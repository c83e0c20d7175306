// `ics: path/to/freeze.ics` windows: every VEVENT of a repository calendar is an occurrence.
import type { Interval, Schedule } from '../types.js';
import { type IcsCalendar, readCalendar } from './ics/calendar.js';
import { IcsSyntaxError } from './ics/document.js';
import { calendarOccurrences, type ExpansionCache, newExpansionCache } from './ics/expand.js';
import { finish } from './occurrences.js';

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

/** Occurrences of every VEVENT overlapping [from, to), sorted by start. `zone`: for floating times and all-day events. */
export function icsOccurrences(
  schedule: IcsSchedule,
  zone: string,
  from: number,
  to: number,
): Interval[] {
  const { calendar, cache } = load(schedule.calendar);
  return finish(calendarOccurrences(calendar, cache, zone, from, to), from, to);
}
