// `ics:` windows as occurrence functions (./ics.ts reads and expands the calendar).
import type { Schedule } from '../types.js';
import { calendarOccurrenceFn } from './ics.js';
import type { OccurrenceFn } from './occurrences.js';

type IcsSchedule = Extract<Schedule, { form: 'ics' }>;

/** Every VEVENT of a repository calendar (expanded by ./ics.ts). */
export function compileIcs(schedule: IcsSchedule, zone: string): OccurrenceFn {
  return calendarOccurrenceFn(schedule, zone);
}
