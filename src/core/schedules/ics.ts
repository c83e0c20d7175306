import type { Interval, Schedule } from '../types.js';

type IcsSchedule = Extract<Schedule, { form: 'ics' }>;
export type CalendarCheck = { ok: true } | { ok: false; line: number; message: string };

/** Is this text a usable iCalendar file? line: 1-based line in the .ics file. OWNER: issue-7 helper. */
export function checkCalendar(text: string): CalendarCheck {
  throw new Error(`not implemented yet: checkCalendar(${text.length})`);
}

/** Occurrences of every VEVENT overlapping [from, to), sorted by start. `zone`: for floating times and all-day events. */
export function icsOccurrences(schedule: IcsSchedule, zone: string, from: number, to: number): Interval[] {
  throw new Error(`not implemented yet: icsOccurrences(${schedule.path}, ${zone}, ${from}, ${to})`);
}
