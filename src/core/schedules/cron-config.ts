// Reads a `cron` window from the config: `cron` + `duration`, or `cron: {start, end}` (the
// runtime is cron.ts).
import { isMap, type Node } from 'yaml';
import {
  type FormReader,
  readBoth,
  readDuration,
  type ScheduleContext,
} from '../config/schedule-context.js';
import type { CronFields, Schedule } from '../types.js';
import { parseCronExpression } from './cron-expression.js';

function readCronText(
  context: ScheduleContext,
  node: Node | null,
  path: string,
  at: Node,
): CronFields | undefined {
  const text = context.reader.textOf(node, path, 'a cron expression such as "0 9 * * MON-FRI"', at);
  if (text === undefined) return undefined;
  const parsed = parseCronExpression(text);
  if (parsed.ok) return parsed.fields;
  context.reader.error(node ?? at, path, `invalid cron expression "${text}": ${parsed.message}`);
  return undefined;
}

/** Is the window's `cron` a `{start, end}` map (which takes no duration)? */
export function cronIsRange(context: ScheduleContext): boolean {
  const entry = context.entries.get('cron');
  return entry !== undefined && isMap(context.reader.resolve(entry.value, entry.path));
}

export const readCron: FormReader<Extract<Schedule, { form: 'cron' | 'cron-range' }>> = (
  context,
  entry,
) => {
  const { reader } = context;
  if (!cronIsRange(context)) {
    const cron = readCronText(context, entry.value, entry.path, entry.key);
    const duration = readDuration(context, 'cron');
    return cron && duration ? { form: 'cron', cron, duration } : undefined;
  }
  const durationEntry = context.entries.get('duration');
  if (durationEntry) {
    reader.error(
      durationEntry.key,
      durationEntry.path,
      'a cron window with start and end takes no duration: each start runs to the first end after it',
    );
  }
  const range = readBoth(
    context,
    entry,
    ['start', 'end'],
    'cron start and end',
    '{start: "0 23 * * FRI", end: "0 7 * * MON"}',
    (part) => readCronText(context, part.value, part.path, part.key),
  );
  return range && !durationEntry
    ? { form: 'cron-range', start: range[0], end: range[1] }
    : undefined;
};
