// The one search of open time from an instant on, over every policy layer at once: the time
// all layers allow, and how far each layer's own open period reaches (docs/engine.md).
import { complement, subtract } from '../intervals.js';
import type { Interval } from '../types.js';
import { type LayerWindows, layerOpenTime } from './open-time.js';

const DAY_MS = 86_400_000;
const FIRST_CHUNK_MS = DAY_MS;
const CHUNK_GROWTH = 4;
/** Chunks grow to this size at most, so that one chunk of dense windows stays small in memory. */
const MAX_CHUNK_MS = 64 * DAY_MS;

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
}

/**
 * Open periods of every layer together from `from` on, searched in growing chunks (1 day,
 * 4 days, 16 days, then 64 days at a time) until `enough` says so or `end` is reached: a decision costs what it
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
  let cursor = from;
  let size = FIRST_CHUNK_MS;
  while (cursor < end) {
    const next = Math.min(cursor + size, end);
    // The time every layer allows; a layer is skipped once nothing is left and its own open
    // period is known (deny-everything layers end the work early).
    let everywhere: Interval[] = [{ start: cursor, end: next }];
    layers.forEach((layer, index) => {
      const run = runs[index] as LayerRun;
      if (everywhere.length === 0 && run.complete) return;
      const open = layerOpenTime(layer, cursor, next);
      if (!run.complete) {
        const head = open[0];
        if (head === undefined || head.start !== cursor) run.complete = true;
        else {
          if (cursor === from) run.open = true;
          run.end = head.end;
          if (head.end < next) run.complete = true;
        }
      }
      if (everywhere.length > 0) everywhere = subtract(everywhere, complement(open, cursor, next));
    });
    for (const piece of everywhere) {
      const last = periods[periods.length - 1];
      if (last && last.end === piece.start) last.end = piece.end;
      else periods.push({ ...piece });
    }
    cursor = next;
    size = Math.min(size * CHUNK_GROWTH, MAX_CHUNK_MS);
    if (enough({ periods, reached: cursor, runs })) break;
  }
  return { periods, reached: cursor, runs };
}
