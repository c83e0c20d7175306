import type { ExtraDeny, Interval } from '../types.js';
import type { CompiledWindow } from './compile.js';
import { collectOccurrences, openTime, type WindowOccurrences } from './open-time.js';

const DAY_MS = 86_400_000;
const FIRST_CHUNK_MS = DAY_MS;
const CHUNK_GROWTH = 4;

export interface OpenSearch {
  /** Merged open periods in [from, reached). */
  periods: Interval[];
  /** How far the search got: periods ending before this are complete. */
  reached: number;
  /** The windows' occurrences in the first chunk (they include every one containing `from`). */
  firstChunk: WindowOccurrences[];
}

/**
 * Open periods from `from` on, searched in growing chunks (1 day, 4 days, 16 days, ...) until
 * `enough` says so or `end` is reached: a decision costs what it needs, not a year each time.
 */
export function searchOpenPeriods(
  windows: readonly CompiledWindow[],
  extra: readonly ExtraDeny[],
  from: number,
  end: number,
  enough: (periods: readonly Interval[], reached: number) => boolean,
): OpenSearch {
  const periods: Interval[] = [];
  let firstChunk: WindowOccurrences[] = [];
  let cursor = from;
  let size = FIRST_CHUNK_MS;
  while (cursor < end) {
    const next = Math.min(cursor + size, end);
    const collected = collectOccurrences(windows, extra, cursor, next);
    if (cursor === from) firstChunk = collected;
    for (const piece of openTime(collected, cursor, next)) {
      const last = periods[periods.length - 1];
      if (last && last.end === piece.start) last.end = piece.end;
      else periods.push({ ...piece });
    }
    cursor = next;
    size *= CHUNK_GROWTH;
    if (enough(periods, cursor)) break;
  }
  if (cursor === from) firstChunk = collectOccurrences(windows, extra, from, from + 1);
  return { periods, reached: cursor, firstChunk };
}
