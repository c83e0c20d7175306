// The decision: allowed now (with the runway asked for)? When does it close, when does it next
// open, which windows are behind it? One pass over every policy layer; one file is one layer.
import { formatDuration } from './duration.js';
import { contains } from './intervals.js';
import { type LayerName, layerNames, type PolicyLayer } from './layers.js';
import { type CompiledWindow, compileConfig } from './schedules/compile.js';
import { collectLayers, type LayerWindows, type WindowOccurrences } from './schedules/open-time.js';
import { type LayerRun, searchOpenPeriods } from './schedules/search.js';
import type {
  Config,
  Decision,
  DecisionQuery,
  Interval,
  LayerDecision,
  OpenPeriod,
  Reason,
} from './types.js';

const MINUTE_MS = 60_000;
/** 366 days. */
export const DEFAULT_HORIZON_MINUTES = 527_040;
export const DEFAULT_UPCOMING_COUNT = 5;

/** The windows that apply to an environment (null: all of them). */
export function applyingWindows(config: Config, environment: string | null): CompiledWindow[] {
  return compileConfig(config).windows.filter((window) => window.appliesTo(environment));
}

/**
 * Each layer's applying windows; the platform's deny periods (GitLab's freezes) belong to the
 * last layer, the file itself.
 */
export function layerWindows(
  layers: readonly PolicyLayer[],
  environment: string | null,
  extra: DecisionQuery['extraDeny'] = [],
): LayerWindows[] {
  return layers.map((layer, index) => ({
    windows: applyingWindows(layer.config, environment),
    extra: index === layers.length - 1 ? extra : [],
  }));
}

/** The zone of the first window (outermost layer first, in file order) with an edge at `instant`. */
function zoneOfEdge(layers: readonly LayerWindows[], instant: number): string | null {
  for (const around of collectLayers(layers, instant - 1, instant + 1)) {
    for (const window of around) {
      if (window.timezone === null) continue;
      const occurrenceEdge = window.occurrences.some(
        (o) => o.start === instant || o.end === instant,
      );
      const validityEdge =
        window.kind === 'allow' &&
        (window.validity.start === instant || window.validity.end === instant);
      if (occurrenceEdge || validityEdge) return window.timezone;
    }
  }
  return null;
}

function reasonFor(
  hasWindows: boolean,
  active: readonly WindowOccurrences[],
  allowed: boolean,
): Reason {
  if (!hasWindows) return 'no-windows';
  if (active.some((window) => window.kind === 'deny')) return 'inside-deny-window';
  // Closed, or open with too little runway left.
  if (!allowed) return 'outside-allow-window';
  if (active.some((window) => window.kind === 'allow')) return 'inside-allow-window';
  return 'no-allow-windows';
}

/** Whole minutes, shown the way durations are written; under a minute says so. */
function describeMinutes(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  return minutes < 1 ? 'less than 1m' : formatDuration(minutes);
}

/**
 * The message of the window that blocks (docs/engine.md, `message`): the first active deny
 * window with one; outside every allow window, the first allow window in force (file order)
 * with one. Null: the file's own message.
 */
function blockingMessage(
  reason: Reason,
  active: readonly WindowOccurrences[],
  atInstant: readonly WindowOccurrences[],
  at: number,
): string | null {
  const deny = active.find((window) => window.kind === 'deny' && window.message !== null);
  if (deny) return deny.message;
  if (reason !== 'outside-allow-window') return null;
  const allow = atInstant.find(
    (window) => window.kind === 'allow' && window.message !== null && contains(window.validity, at),
  );
  return allow?.message ?? null;
}

/** One layer's standing at the instant: its own windows, zones and environment globs. */
interface LayerStanding {
  layer: PolicyLayer;
  names: LayerName;
  active: WindowOccurrences[];
  allowed: boolean;
  reason: Reason;
  message: string | null;
}

function standing(
  layer: PolicyLayer,
  names: LayerName,
  windows: LayerWindows,
  atInstant: readonly WindowOccurrences[],
  run: LayerRun,
  at: number,
  runway: number,
): LayerStanding {
  const active = atInstant.filter((window) =>
    window.occurrences.some((occurrence) => contains(occurrence, at)),
  );
  const allowed = run.open && run.end - at >= runway;
  const hasWindows = windows.windows.length > 0 || windows.extra.length > 0;
  const reason = reasonFor(hasWindows, active, allowed);
  return {
    layer,
    names,
    active,
    allowed,
    reason,
    message: blockingMessage(reason, active, atInstant, at) ?? layer.config.message,
  };
}

/**
 * The decision for an environment at an instant when every layer must allow (docs/
 * organisation.md): the layers are searched together, once, over the time all of them allow.
 * `layers` go outermost first; the last one is the file itself, whose windows keep their bare
 * names (the others' are `SOURCE#name`). Pure.
 */
export function decideLayers(layers: readonly PolicyLayer[], query: DecisionQuery): Decision {
  const own = layers[layers.length - 1];
  if (own === undefined) throw new Error('decideLayers: expected at least one layer');
  const at = query.at;
  const minDuration = query.minDuration ?? 0;
  const horizon = query.horizon ?? DEFAULT_HORIZON_MINUTES;
  const upcomingCount = query.upcomingCount ?? DEFAULT_UPCOMING_COUNT;
  const runway = minDuration * MINUTE_MS;
  const horizonEnd = at + horizon * MINUTE_MS;
  const windows = layerWindows(layers, query.environment, query.extraDeny ?? []);

  const longEnough = (period: Interval) => period.end - Math.max(period.start, at) >= runway;
  const wanted = Math.max(1, upcomingCount);
  // At least a minute, so that a zero horizon still judges the instant itself.
  const searchEnd = Math.max(horizonEnd + runway, at + MINUTE_MS);
  const search = searchOpenPeriods(windows, at, searchEnd, ({ periods, reached, runs }) => {
    // Each layer's own verdict needs its open period known as far as the runway.
    const settled = runs.every((run) => !run.open || run.complete || run.end - at >= runway);
    if (!settled) return false;
    let complete = 0;
    for (const period of periods) {
      if (period.start >= horizonEnd) return true;
      if (period.end < reached && longEnough(period)) complete++;
    }
    return complete >= wanted;
  });

  const qualifying = search.periods.filter((p) => longEnough(p) && p.start < horizonEnd);
  const current = search.periods[0] && search.periods[0].start <= at ? search.periods[0] : null;
  const openNow = current !== null;
  const allowed = current !== null && longEnough(current);
  const closesAt = allowed && current.end < horizonEnd ? current.end : null;
  const nextOpen = allowed ? null : (qualifying[0]?.start ?? null);

  const names = layerNames(layers);
  // Every window in force at the instant, allow or deny (a one-millisecond span).
  const atInstant = collectLayers(windows, at, at + 1);
  const standings = layers.map((layer, index) =>
    standing(
      layer,
      names[index] as LayerName,
      windows[index] as LayerWindows,
      atInstant[index] ?? [],
      search.runs[index] as LayerRun,
      at,
      runway,
    ),
  );
  const named = (layer: LayerStanding, kinds: 'all' | 'deny') =>
    layer.active
      .filter((window) => kinds === 'all' || window.kind === 'deny')
      .map((window) => layer.names.window(window.name));
  const allActive = standings.flatMap((layer) => layer.active);
  const hasWindows = windows.some((layer) => layer.windows.length > 0 || layer.extra.length > 0);
  const reason = reasonFor(hasWindows, allActive, allowed);
  const firstBlocking = standings.find((layer) => !layer.allowed && layer.message !== null);
  const ownStanding = standings[standings.length - 1] as LayerStanding;

  const warnings: string[] = [];
  if (query.environment === null) {
    warnings.push('no environment given: every window applies');
  }
  if (openNow && !allowed) {
    warnings.push(
      `only ${describeMinutes(current.end - at)} left in the open period; ` +
        `min-duration is ${formatDuration(minDuration)}`,
    );
  }
  if (!allowed && nextOpen === null) {
    const size = minDuration > 0 ? ` of at least ${formatDuration(minDuration)}` : '';
    warnings.push(`no open period${size} within the horizon (${formatDuration(horizon)})`);
  }

  const edge = closesAt ?? nextOpen;
  const upcoming: OpenPeriod[] = qualifying.slice(0, upcomingCount).map((period) => ({
    start: Math.max(period.start, at),
    end: period.end < horizonEnd ? period.end : null,
  }));
  const layerDecisions: LayerDecision[] = standings.map((layer) => ({
    source: layer.names.source,
    allowed: layer.allowed,
    reason: layer.reason,
    blockingWindows: named(layer, 'deny'),
  }));

  return {
    allowed,
    reason,
    environment: query.environment,
    at,
    activeWindows: standings.flatMap((layer) => named(layer, 'all')),
    blockingWindows: standings.flatMap((layer) => named(layer, 'deny')),
    closesAt,
    nextOpen,
    message: (firstBlocking ?? ownStanding).message,
    warnings,
    exempt: false,
    exemptBy: null,
    timezone: (edge !== null && zoneOfEdge(windows, edge)) || own.config.timezone,
    minDuration,
    horizon,
    upcoming,
    layers: layerDecisions,
  };
}

/**
 * The decision for one file on its own: the one-layer case of decideLayers. `layers` has one
 * entry whose source is the file's path.
 */
export function decide(config: Config, query: DecisionQuery): Decision {
  return decideLayers([{ source: config.file, config }], query);
}
