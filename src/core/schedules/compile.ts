import { type EnvironmentMatcher, environmentMatcher } from '../environments.js';
import { clip } from '../intervals.js';
import { addDays } from '../time/local-date.js';
import { startOfLocalDay } from '../time/resolve.js';
import type { Config, Interval, WindowConfig, WindowKind } from '../types.js';
import { compileSchedule, type OccurrenceFn } from './index.js';
import { finish } from './occurrences.js';

export interface CompiledWindow {
  name: string;
  kind: WindowKind;
  timezone: string;
  message: string | null;
  appliesTo: EnvironmentMatcher;
  /** When the window is in force: [from 00:00, the day after until 00:00), local. */
  validity: Interval;
  /** Occurrences overlapping [from, to), cut to the validity span, sorted by start. */
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

/**
 * Wraps an occurrence function with a bounded per-block memo: repeated decisions on one config
 * (a gate polling, a bench) reuse expansions instead of running rrule.js and zone math again.
 */
function memoizedByBlock(schedule: OccurrenceFn): OccurrenceFn {
  const blocks = new Map<number, Interval[]>();
  const block = (index: number): Interval[] => {
    let found = blocks.get(index);
    if (found) {
      blocks.delete(index);
    } else {
      found = schedule(index * BLOCK_MS, (index + 1) * BLOCK_MS);
      if (blocks.size >= MAX_BLOCKS) blocks.delete(blocks.keys().next().value as number);
    }
    blocks.set(index, found);
    return found;
  };
  return (from, to) => {
    const first = Math.floor(from / BLOCK_MS);
    const last = Math.floor((to - 1) / BLOCK_MS);
    if (last - first >= MAX_BLOCKS_PER_QUERY || !Number.isFinite(first + last)) {
      return schedule(from, to);
    }
    const found: Interval[] = [];
    for (let index = first; index <= last; index++) found.push(...block(index));
    return finish(found, from, to);
  };
}

export function compileWindow(window: WindowConfig): CompiledWindow {
  const zone = window.timezone;
  const validity: Interval = {
    start: window.from ? startOfLocalDay(window.from, zone) : Number.NEGATIVE_INFINITY,
    end: window.until ? startOfLocalDay(addDays(window.until, 1), zone) : Number.POSITIVE_INFINITY,
  };
  const schedule = memoizedByBlock(compileSchedule(window));
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
