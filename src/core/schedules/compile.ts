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
  /**
   * The same, computed without the shared block cache: for a pass that reads every window of a
   * config once (validate's warnings), which would only push out the blocks that repeated
   * decisions reuse.
   */
  occurrencesOnce(from: number, to: number): Interval[];
  /**
   * For listings: each occurrence on its own (overlapping [from, to), cut to the validity
   * span, sorted), except for a dense window (more than LISTED_STARTS_PER_DAY starts a day),
   * which is listed as its merged periods.
   */
  listed(from: number, to: number): Interval[];
}

/** Windows that start more often than this a day are listed as merged periods. */
export const LISTED_STARTS_PER_DAY = 24;

export interface CompiledConfig {
  config: Config;
  windows: CompiledWindow[];
}

const DAY_MS = 86_400_000;
/** Occurrences are computed and kept per aligned block of this many days... */
const BLOCK_MS = 8 * DAY_MS;
/**
 * ...in one cache shared by every window, least recently used first out, holding at most this
 * many periods in all (a 1,000-window config cannot fill memory with them).
 */
const CACHED_PERIODS = 50_000;
/** Spans longer than this many blocks (long listings) are computed directly, not kept. */
const MAX_BLOCKS_PER_QUERY = 16;
/** A direct computation asks the schedule for pieces of about this many occurrences at most. */
const PIECE_OCCURRENCES = 20_000;

/** Blocks of every compiled window by `${window id}:${block index}`, oldest first. */
const blockCache = new Map<string, Interval[]>();
let cachedPeriods = 0;
let nextWindowId = 0;

function cacheBlock(key: string, periods: Interval[]): void {
  if (periods.length > CACHED_PERIODS / 4) return;
  while (cachedPeriods + periods.length > CACHED_PERIODS) {
    const oldest = blockCache.keys().next().value as string;
    cachedPeriods -= (blockCache.get(oldest) as Interval[]).length;
    blockCache.delete(oldest);
  }
  blockCache.set(key, periods);
  cachedPeriods += periods.length;
}

/**
 * Appends merged, sorted periods to merged, sorted `out`, joining where they meet. The
 * periods may be shared (cached): one is copied only when it has to grow.
 */
function appendMerged(out: Interval[], periods: readonly Interval[]): void {
  for (const period of periods) {
    const last = out[out.length - 1];
    if (last && period.start <= last.end) {
      if (period.end > last.end) out[out.length - 1] = { start: last.start, end: period.end };
    } else out.push(period);
  }
}

/**
 * Wraps an occurrence function: its occurrences merged into periods, with a bounded per-block
 * memo (repeated decisions on one config reuse expansions instead of expanding again), and
 * long spans asked for in pieces, so that a dense rule never holds more than a piece of raw
 * occurrences at once.
 */
function periodsByBlock(
  schedule: OccurrenceFn,
  startsPerDay: number,
): { cached: OccurrenceFn; direct: OccurrenceFn } {
  const id = nextWindowId++;
  const block = (index: number): Interval[] => {
    const key = `${id}:${index}`;
    let found = blockCache.get(key);
    if (found) {
      // Most recently used: to the end of the queue.
      blockCache.delete(key);
      blockCache.set(key, found);
    } else {
      found = merge(schedule(index * BLOCK_MS, (index + 1) * BLOCK_MS));
      cacheBlock(key, found);
    }
    return found;
  };
  const pieceMs = Math.max(BLOCK_MS, Math.floor(PIECE_OCCURRENCES / startsPerDay) * DAY_MS);
  const direct: OccurrenceFn = (from, to) => {
    const out: Interval[] = [];
    for (let start = from; start < to; start += pieceMs) {
      appendMerged(out, merge(schedule(start, Math.min(to, start + pieceMs))));
    }
    return out;
  };
  const cached: OccurrenceFn = (from, to) => {
    const first = Math.floor(from / BLOCK_MS);
    const last = Math.floor((to - 1) / BLOCK_MS);
    if (last - first >= MAX_BLOCKS_PER_QUERY || !Number.isFinite(first + last)) {
      return direct(from, to);
    }
    const out: Interval[] = [];
    for (let index = first; index <= last; index++) appendMerged(out, block(index));
    return out.filter((period) => period.start < to && period.end > from);
  };
  return { cached, direct };
}

export function compileWindow(window: WindowConfig): CompiledWindow {
  const zone = window.timezone;
  const validity: Interval = {
    start: window.from ? startOfLocalDay(window.from, zone) : Number.NEGATIVE_INFINITY,
    end: window.until ? startOfLocalDay(addDays(window.until, 1), zone) : Number.POSITIVE_INFINITY,
  };
  const density = Math.max(1, scheduleStartsPerDay(window));
  const raw = compileSchedule(window);
  const periods = periodsByBlock(raw, density);
  const inForce = (from: number, to: number) => ({
    start: Math.max(from, validity.start),
    end: Math.min(to, validity.end),
  });
  return {
    name: window.name,
    kind: window.kind,
    timezone: zone,
    message: window.message,
    appliesTo: environmentMatcher(window.environments),
    validity,
    occurrences(from, to) {
      const { start, end } = inForce(from, to);
      if (end <= start) return [];
      return clip(periods.cached(start, end), validity.start, validity.end);
    },
    occurrencesOnce(from, to) {
      const { start, end } = inForce(from, to);
      if (end <= start) return [];
      return clip(periods.direct(start, end), validity.start, validity.end);
    },
    listed(from, to) {
      if (density > LISTED_STARTS_PER_DAY) return this.occurrences(from, to);
      const { start, end } = inForce(from, to);
      if (end <= start) return [];
      return clip(raw(start, end), validity.start, validity.end);
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
