import { localToInstant } from '../time/resolve.js';
import type { Schedule, WallOrInstant } from '../types.js';
import { finish, type OccurrenceFn } from './occurrences.js';

type OnceSchedule = Extract<Schedule, { form: 'once' }>;

function instantOf(value: WallOrInstant, zone: string): number {
  return value.kind === 'instant' ? value.epochMs : localToInstant(value.local, zone);
}

/** One window between two local date-times (or instants with an explicit offset). */
export function compileOnce(schedule: OnceSchedule, zone: string): OccurrenceFn {
  const occurrence = { start: instantOf(schedule.start, zone), end: instantOf(schedule.end, zone) };
  return (from, to) => finish([{ ...occurrence }], from, to);
}
