// Reads a `weekly: {from, to}` window from the config (the runtime is weekly.ts).
import { type FormReader, readFromTo } from '../config/schedule-context.js';
import { parseWeekdayTime } from '../config/values.js';
import type { Schedule } from '../types.js';

export const readWeekly: FormReader<Extract<Schedule, { form: 'weekly' }>> = (context, entry) => {
  const range = readFromTo(context, entry, '{from: "FR 18:00", to: "MO 06:00"}', parseWeekdayTime);
  return range && { form: 'weekly', ...range };
};
