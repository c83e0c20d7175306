// Reads an `ics: path` window from the config: the calendar file, read through the adapter,
// must exist and parse (the runtime is ics-form.ts).
import type { FormReader } from '../config/schedule-context.js';
import type { FileRefusal, Schedule } from '../types.js';
import { checkCalendar } from './ics.js';

export const readIcs: FormReader<Extract<Schedule, { form: 'ics' }>> = (context, entry) => {
  const { reader, options } = context;
  const path = reader.readText(entry, 'the path of an iCalendar file in the repository');
  if (path === undefined) return undefined;
  let calendar: string | null | FileRefusal = null;
  try {
    calendar = options.readFile ? options.readFile(path) : null;
  } catch {
    calendar = null;
  }
  if (calendar === null) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `calendar file "${path}" not found; expected an iCalendar file path relative to the repository root`,
    );
    return undefined;
  }
  if (typeof calendar !== 'string') {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      `calendar file "${path}" cannot be used: ${calendar.refused}`,
    );
    return undefined;
  }
  let check: ReturnType<typeof checkCalendar>;
  try {
    check = checkCalendar(calendar);
  } catch (error) {
    check = {
      ok: false,
      line: 1,
      message: `cannot read the calendar (${(error as Error).message})`,
    };
  }
  if (!check.ok) {
    reader.error(entry.key, entry.path, `${path}:${check.line}: ${check.message}`);
    return undefined;
  }
  return { form: 'ics', path, calendar };
};
