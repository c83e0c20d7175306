// A window compiled for the engine: its occurrences (merged into periods, kept per block), its
// validity span and its environment matcher; one compilation per Config object.
import { type EnvironmentMatcher, environmentMatcher } from '../environments.js';
import { clip, merge } from '../intervals.js';
import { addDays } from '../time/local-date.js';
import { startOfLocalDay } from '../time/resolve.js';
import type { Config, Interval, WindowConfig, WindowKind } from '../types.js';
import { scheduleStartsPerDay } from './density.js';
import { compileSchedule, type OccurrenceFn } from './index.js';

export interface CompiledWindow {
  name: string;
  kind: WindowKind;
  timezone: string;
  message: string | null;
  appliesTo: EnvironmentMatcher;
  /** When the window is in force: [from 00:00, the day after until 00:00), local. */
  validity: Interval;
  /**
   * The window's occurrences overlapping [from, to), cut to the validity span, sorted; touching
   * or overlapping occurrences are one period (an every-minute rule is one long period, as far
   * as the span asked for reaches).
   */
  occurrences(from: number, to: number): Interval[];
}

export interface CompiledConfig {
  config: Config;
  windows: CompiledWindow[];
}

const DAY_MS = 86_400_000;
/** Occurrences are computed and kept per aligned block of this many days... */
const BLOCK_MS = 8 * DAY_MS;
/** ...for at most this many blocks per window (about 16 months), least recently used first out. */
const MAX_BLOCKS = 64;
/** Spans longer than this many blocks (long listings) are computed directly, not kept. */
const MAX_BLOCKS_PER_QUERY = 16;
/** A direct computation asks the schedule for pieces of about this many occurrences at most. */
const PIECE_OCCURRENCES = 20_000;

/** Appends merged, sorted periods to merged, sorted `out` (which ends before they start, or touches). */
function appendMerged(out: Interval[], periods: readonly Interval[]): void {
  for (const period of periods) {
    const last = out[out.length - 1];
    if (last && period.start <= last.end) {
      if (period.end > last.end) last.end = period.end;
    } else out.push({ start: period.start, end: period.end });
  }
}

/**
 * Wraps an occurrence function: its occurrences merged into periods, with a bounded per-block
 * memo (repeated decisions on one config reuse expansions instead of expanding again), and
 * long spans asked for in pieces, so that a dense rule never holds more than a piece of raw
 * occurrences at once.
 */
function periodsByBlock(schedule: OccurrenceFn, startsPerDay: number): OccurrenceFn {
  const blocks = new Map<number, Interval[]>();
  const block = (index: number): Interval[] => {
    let found = blocks.get(index);
    if (found) {
      blocks.delete(index);
    } else {
      found = merge(schedule(index * BLOCK_MS, (index + 1) * BLOCK_MS));
      if (blocks.size >= MAX_BLOCKS) blocks.delete(blocks.keys().next().value as number);
    }
    blocks.set(index, found);
    return found;
  };
  const pieceMs = Math.max(BLOCK_MS, Math.floor(PIECE_OCCURRENCES / startsPerDay) * DAY_MS);
  return (from, to) => {
    const first = Math.floor(from / BLOCK_MS);
    const last = Math.floor((to - 1) / BLOCK_MS);
    const out: Interval[] = [];
    if (last - first < MAX_BLOCKS_PER_QUERY && Number.isFinite(first + last)) {
      for (let index = first; index <= last; index++) appendMerged(out, block(index));
    } else {
      for (let start = from; start < to; start += pieceMs) {
        appendMerged(out, merge(schedule(start, Math.min(to, start + pieceMs))));
      }
    }
    return out.filter((period) => period.start < to && period.end > from);
  };
}

export function compileWindow(window: WindowConfig): CompiledWindow {
  const zone = window.timezone;
  const validity: Interval = {
    start: window.from ? startOfLocalDay(window.from, zone) : Number.NEGATIVE_INFINITY,
    end: window.until ? startOfLocalDay(addDays(window.until, 1), zone) : Number.POSITIVE_INFINITY,
  };
  const schedule = periodsByBlock(compileSchedule(window), Math.max(1, scheduleStartsPerDay(window)));
  return {
    name: window.name,
    kind: window.kind,
    timezone: zone,
    message: window.message,
    appliesTo: environmentMatcher(window.environments),
    validity,
    occurrences(from, to) {
      const start = Math.max(from, validity.start);
      const end = Math.min(to, validity.end);
      if (end <= start) return [];
      return clip(schedule(start, end), validity.start, validity.end);
    },
  };
}

// One compilation per Config object; entries go when the Config is collected.
const compiled = new WeakMap<Config, CompiledConfig>();

export function compileConfig(config: Config): CompiledConfig {
  let entry = compiled.get(config);
  if (!entry) {
    entry = { config, windows: config.windows.map(compileWindow) };
    compiled.set(config, entry);
  }
  return entry;
}
