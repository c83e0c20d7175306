// The one search of open time from an instant on, over every policy layer at once: the time
// all layers allow, and how far each layer's own open period reaches (docs/engine.md).
import type { Interval } from '../types.js';
import {
  collectLayers,
  intersectAll,
  type LayerWindows,
  openTime,
  type WindowOccurrences,
} from './open-time.js';

const DAY_MS = 86_400_000;
const FIRST_CHUNK_MS = DAY_MS;
const CHUNK_GROWTH = 4;

/** One layer's own open period from the search's start, as far as the search got. */
export interface LayerRun {
  /** The layer allows at the search's start. */
  open: boolean;
  /** When open: its open period reaches at least this far ([from, end) is open). */
  end: number;
  /** The period's end is known (it ended before the search's reach), or it was never open. */
  complete: boolean;
}

export interface SearchProgress {
  /** Merged periods in [from, reached) that every layer allows. */
  periods: readonly Interval[];
  /** How far the search got: periods ending before this are complete. */
  reached: number;
  /** Each layer's own open period from `from`, in layer order. */
  runs: readonly LayerRun[];
}

export interface OpenSearch extends SearchProgress {
  periods: Interval[];
  runs: LayerRun[];
  /** Each layer's windows' occurrences in the first chunk (every one containing `from`). */
  firstChunk: WindowOccurrences[][];
}

/**
 * Open periods of every layer together from `from` on, searched in growing chunks (1 day,
 * 4 days, 16 days, ...) until `enough` says so or `end` is reached: a decision costs what it
 * needs, not a year each time. One layer is the plain decision of one file.
 */
export function searchOpenPeriods(
  layers: readonly LayerWindows[],
  from: number,
  end: number,
  enough: (progress: SearchProgress) => boolean,
): OpenSearch {
  const periods: Interval[] = [];
  const runs: LayerRun[] = layers.map(() => ({ open: false, end: from, complete: false }));
  let firstChunk: WindowOccurrences[][] = [];
  let cursor = from;
  let size = FIRST_CHUNK_MS;
  while (cursor < end) {
    const next = Math.min(cursor + size, end);
    const collected = collectLayers(layers, cursor, next);
    if (cursor === from) firstChunk = collected;
    const opens = collected.map((layer) => openTime(layer, cursor, next));
    opens.forEach((open, index) => {
      const run = runs[index] as LayerRun;
      if (run.complete) return;
      const head = open[0];
      if (head === undefined || head.start !== cursor) {
        run.complete = true;
        return;
      }
      if (cursor === from) run.open = true;
      run.end = head.end;
      if (head.end < next) run.complete = true;
    });
    for (const piece of intersectAll(opens, cursor, next)) {
      const last = periods[periods.length - 1];
      if (last && last.end === piece.start) last.end = piece.end;
      else periods.push({ ...piece });
    }
    cursor = next;
    size *= CHUNK_GROWTH;
    if (enough({ periods, reached: cursor, runs })) break;
  }
  if (cursor === from) firstChunk = collectLayers(layers, from, from + 1);
  return { periods, reached: cursor, runs, firstChunk };
}
