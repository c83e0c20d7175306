// Reads an `rrule` + `duration` window from the config (the runtime is rrule.ts).
import { parseRruleText } from '../config/rrule-text.js';
import { type FormReader, readDuration, report } from '../config/schedule-context.js';
import type { Schedule } from '../types.js';

export const readRrule: FormReader<Extract<Schedule, { form: 'rrule' }>> = (context, entry) => {
  const { reader } = context;
  const text = reader.readText(entry, 'an RRULE such as "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"');
  const parsed = text === undefined ? undefined : report(context, entry, parseRruleText(text));
  const duration = readDuration(context, 'rrule');
  if (parsed === undefined || duration === undefined) return undefined;
  if (parsed.hasCount && parsed.dtstart === null && !context.hasFrom) {
    reader.warn(
      reader.valueNode(entry),
      entry.path,
      'the rule has COUNT but no DTSTART line, so occurrences are counted from 1970-01-01 and are likely all past; add DTSTART:YYYYMMDDTHHMMSS or a from date',
    );
  }
  return { form: 'rrule', rule: parsed.rule, dtstart: parsed.dtstart, duration };
};
