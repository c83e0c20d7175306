// The open periods and window occurrences of a span, for listings and calendar feeds: of one
// file, or of every policy layer together (the time all of them allow).
import { layerWindows } from './decide.js';
import { LimitExceeded } from './errors.js';
import { layerNames, type PolicyLayer } from './layers.js';
import {
  collectLayers,
  type LayerWindows,
  layeredOpenTime,
  type WindowOccurrences,
} from './schedules/open-time.js';
import type { Config, ExtraDeny, Interval, WindowKind } from './types.js';

export interface TimelineQuery {
  environment: string | null;
  from: number;
  to: number;
  extraDeny?: ExtraDeny[];
}

export interface TimelineOccurrence {
  /** Bare for the file's own windows, `SOURCE#name` for an extended file's. */
  window: string;
  kind: WindowKind;
  start: number;
  /** Open-ended platform deny periods end at the timeline's `to`. */
  end: number;
  timezone: string;
  /** layeredTimeline only: the layer it comes from (its source as written, or the file's path). */
  layer?: string;
  /** layeredTimeline only: the window's message, else its layer's file message. */
  message?: string | null;
}

export interface Timeline {
  /** Merged allowed periods (allowed by every layer), cut to [from, to). */
  open: Interval[];
  /** Every applying window's occurrences overlapping [from, to), by start. */
  occurrences: TimelineOccurrence[];
}

/** What a listing shows of one collected window: compiled windows list their own way. */
function listedOccurrences(
  layer: LayerWindows | undefined,
  index: number,
  collected: WindowOccurrences,
  query: TimelineQuery,
): Interval[] {
  const compiled = layer?.windows[index];
  // Platform deny periods follow the compiled windows in a collected layer.
  return compiled ? compiled.listed(query.from, query.to) : collected.occurrences;
}

function spanOf(layers: readonly PolicyLayer[], query: TimelineQuery, detail: boolean): Timeline {
  const windows = layerWindows(layers, query.environment, query.extraDeny ?? []);
  const collected = collectLayers(windows, query.from, query.to);
  const names = layerNames(layers);
  const occurrences: TimelineOccurrence[] = collected
    .flatMap((layerWindows, index) => {
      const layer = layers[index] as PolicyLayer;
      const name = names[index] as (typeof names)[number];
      return layerWindows.flatMap((window, windowIndex) =>
        listedOccurrences(windows[index], windowIndex, window, query).map((occurrence) => {
          const entry: TimelineOccurrence = {
            window: name.window(window.name),
            kind: window.kind,
            start: occurrence.start,
            end: Number.isFinite(occurrence.end) ? occurrence.end : query.to,
            timezone: window.timezone ?? layer.config.timezone,
          };
          if (detail) {
            entry.layer = layer.source;
            entry.message = window.message ?? layer.config.message;
          }
          return entry;
        }),
      );
    })
    .sort((a, b) => a.start - b.start);
  return { open: layeredOpenTime(collected, query.from, query.to), occurrences };
}

/**
 * The timeline of every layer together (outermost first, the file itself last): the time all
 * of them allow, and each window's occurrences with its layer and message.
 */
export function layeredTimeline(layers: readonly PolicyLayer[], query: TimelineQuery): Timeline {
  return spanOf(layers, query, true);
}

/** The open periods and window occurrences of one file: the one-layer timeline. */
export function timeline(config: Config, query: TimelineQuery): Timeline {
  return spanOf([{ source: config.file, config }], query, false);
}

/** The timeline of a config's layers (the file itself last): layered when it extends others. */
export function timelineOfLayers(layers: readonly PolicyLayer[], query: TimelineQuery): Timeline {
  const own = layers[layers.length - 1] as PolicyLayer;
  return layers.length > 1 ? layeredTimeline(layers, query) : timeline(own.config, query);
}

/**
 * At most this many open periods and window occurrences in a listing (`windows`, `calendar`):
 * a config may start a window every minute, and a year of that as JSON or a calendar feed took
 * gigabytes and minutes (docs/cli.md, "Limits").
 */
export const MAX_LISTED = 20_000;

/**
 * The timeline, if a listing can hold it beside the `listed` entries it already holds (a
 * calendar's other environments); else LimitExceeded, saying how many it would hold.
 */
export function listable(timeline: Timeline, listed = 0): Timeline {
  const entries = listed + timeline.open.length + timeline.occurrences.length;
  if (entries > MAX_LISTED) {
    const count = (n: number) => n.toLocaleString('en-US');
    throw new LimitExceeded(
      `the listing holds ${listed > 0 ? 'at least ' : ''}${count(entries)} open periods and window occurrences, more than ${count(MAX_LISTED)} (docs/cli.md, "Limits"); list fewer --days${listed > 0 ? ' or --environment' : ''}`,
    );
  }
  return timeline;
}
