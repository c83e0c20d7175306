import type { Schedule } from '../types.js';
import { icsOccurrences } from './ics.js';
import { finish, type OccurrenceFn } from './occurrences.js';

type IcsSchedule = Extract<Schedule, { form: 'ics' }>;

/** Every VEVENT of a repository calendar (expanded by ./ics.ts). */
export function compileIcs(schedule: IcsSchedule, zone: string): OccurrenceFn {
  return (from, to) => finish(icsOccurrences(schedule, zone, from, to), from, to);
}
