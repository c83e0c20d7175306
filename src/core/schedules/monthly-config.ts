// Reads a `monthly: {from, to}` window from the config (the runtime is monthly.ts).
import { type FormReader, readFromTo } from '../config/schedule-context.js';
import { parseMonthDayTime } from '../config/values.js';
import type { Schedule } from '../types.js';

export const readMonthly: FormReader<Extract<Schedule, { form: 'monthly' }>> = (context, entry) => {
  const range = readFromTo(context, entry, '{from: "1 22:30", to: "2 06:30"}', parseMonthDayTime);
  return range && { form: 'monthly', ...range };
};
