// Reads a `dates` window from the config (the runtime is dates.ts).
import { type FormReader, listItems } from '../config/schedule-context.js';
import { compareLocal, parseLocalDate } from '../config/values.js';
import type { LocalDate, Schedule } from '../types.js';

export const readDates: FormReader<Extract<Schedule, { form: 'dates' }>> = (context, entry) => {
  const { reader } = context;
  const texts = reader.readTextList(entry, 'a date YYYY-MM-DD', true);
  if (texts === undefined) return undefined;
  if (texts.length === 0) {
    reader.error(reader.valueNode(entry), entry.path, 'expected at least one date YYYY-MM-DD');
    return undefined;
  }
  const items = listItems(context, entry);
  const dates: LocalDate[] = [];
  for (const [index, text] of texts.entries()) {
    const parsed = parseLocalDate(text);
    if (parsed.ok) dates.push(parsed.value);
    else {
      const path = items.length > 0 ? `${entry.path}[${index}]` : entry.path;
      reader.error(items[index] ?? reader.valueNode(entry), path, parsed.message, parsed.hint);
    }
  }
  if (dates.length !== texts.length) return undefined;
  dates.sort(compareLocal);
  return { form: 'dates', dates };
};
