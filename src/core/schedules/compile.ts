import { type EnvironmentMatcher, environmentMatcher } from '../environments.js';
import { clip } from '../intervals.js';
import { addDays } from '../time/local-date.js';
import { startOfLocalDay } from '../time/resolve.js';
import type { Config, Interval, WindowConfig, WindowKind } from '../types.js';
import { compileSchedule } from './index.js';

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

export function compileWindow(window: WindowConfig): CompiledWindow {
  const zone = window.timezone;
  const validity: Interval = {
    start: window.from ? startOfLocalDay(window.from, zone) : Number.NEGATIVE_INFINITY,
    end: window.until ? startOfLocalDay(addDays(window.until, 1), zone) : Number.POSITIVE_INFINITY,
  };
  const schedule = compileSchedule(window);
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
