import { applyingWindows } from './decide.js';
import { collectOccurrences, openTime } from './schedules/open-time.js';
import type { Config, ExtraDeny, Interval, WindowKind } from './types.js';

export interface TimelineQuery {
  environment: string | null;
  from: number;
  to: number;
  extraDeny?: ExtraDeny[];
}

export interface TimelineOccurrence {
  window: string;
  kind: WindowKind;
  start: number;
  /** Open-ended platform deny periods end at the timeline's `to`. */
  end: number;
  timezone: string;
}

export interface Timeline {
  /** Merged allowed periods, cut to [from, to). */
  open: Interval[];
  /** Every applying window's occurrences overlapping [from, to), by start. */
  occurrences: TimelineOccurrence[];
}

/** The open periods and window occurrences of a span, for listings and calendar feeds. */
export function timeline(config: Config, query: TimelineQuery): Timeline {
  const windows = applyingWindows(config, query.environment);
  const collected = collectOccurrences(windows, query.extraDeny ?? [], query.from, query.to);
  const occurrences: TimelineOccurrence[] = collected
    .flatMap((window) =>
      window.occurrences.map((occurrence) => ({
        window: window.name,
        kind: window.kind,
        start: occurrence.start,
        end: Number.isFinite(occurrence.end) ? occurrence.end : query.to,
        timezone: window.timezone ?? config.timezone,
      })),
    )
    .sort((a, b) => a.start - b.start);
  return { open: openTime(collected, query.from, query.to), occurrences };
}
