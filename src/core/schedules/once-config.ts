// Reads a one-off `start`/`end` window from the config (the runtime is once.ts).
import { type FormReader, report } from '../config/schedule-context.js';
import { compareLocal, parseWallOrInstant } from '../config/values.js';
import { localToInstant } from '../time/resolve.js';
import type { Schedule, WallOrInstant } from '../types.js';

function toEpochMs(value: WallOrInstant, zone: string): number {
  return value.kind === 'instant' ? value.epochMs : localToInstant(value.local, zone);
}

/** Reads both `start` and `end`, whichever of them the window's form was found by. */
export const readOnce: FormReader<Extract<Schedule, { form: 'once' }>> = (context) => {
  const { reader } = context;
  const ends: (WallOrInstant | undefined)[] = [];
  for (const key of ['start', 'end'] as const) {
    const entry = context.entries.get(key);
    if (!entry) {
      const other = key === 'start' ? 'end' : 'start';
      reader.error(
        context.node,
        `${context.path}.${key}`,
        `a window with ${other} needs ${key} too (a local date-time such as 2026-12-24T18:00)`,
      );
      ends.push(undefined);
      continue;
    }
    const text = reader.readText(entry, 'a date-time such as 2026-12-24T18:00');
    ends.push(text === undefined ? undefined : report(context, entry, parseWallOrInstant(text)));
  }
  const [start, end] = ends;
  const endEntry = context.entries.get('end');
  if (!start || !end || !endEntry) return undefined;
  const ordered =
    start.kind === 'local' && end.kind === 'local'
      ? compareLocal(start.local, end.local) < 0
      : toEpochMs(start, context.zone) < toEpochMs(end, context.zone);
  if (!ordered) {
    reader.error(reader.valueNode(endEntry), endEntry.path, 'end must be after start');
    return undefined;
  }
  return { form: 'once', start, end };
};
