// Reads a `time` (+ `days`) window from the config (the runtime is time-of-day.ts).
import {
  type FormReader,
  listItems,
  report,
  type ScheduleContext,
} from '../config/schedule-context.js';
import { parseTimeRange, parseWeekday } from '../config/values.js';
import type { Schedule, Weekday } from '../types.js';
import { WEEKDAYS } from '../types.js';

function readDays(context: ScheduleContext): Weekday[] | undefined {
  const { reader } = context;
  const entry = context.entries.get('days');
  if (!entry) return [...WEEKDAYS];
  const texts = reader.readTextList(entry, 'a weekday (MO, TU, WE, TH, FR, SA, SU)', true);
  if (texts === undefined) return undefined;
  if (texts.length === 0) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      'expected at least one weekday (leave days out for every day)',
    );
    return undefined;
  }
  const items = listItems(context, entry);
  const chosen = new Set<Weekday>();
  let failed = false;
  for (const [index, text] of texts.entries()) {
    const weekday = parseWeekday(text);
    if (weekday.ok) chosen.add(weekday.value);
    else {
      failed = true;
      const path = items.length > 0 ? `${entry.path}[${index}]` : entry.path;
      reader.error(items[index] ?? reader.valueNode(entry), path, weekday.message, weekday.hint);
    }
  }
  return failed ? undefined : WEEKDAYS.filter((day) => chosen.has(day));
}

export const readTime: FormReader<Extract<Schedule, { form: 'time' }>> = (context, entry) => {
  const text = context.reader.readText(entry, 'a time range such as "10:00-16:00"');
  const range = text === undefined ? undefined : report(context, entry, parseTimeRange(text));
  const days = readDays(context);
  if (!range || !days) return undefined;
  return { form: 'time', start: range.start, end: range.end, days };
};
