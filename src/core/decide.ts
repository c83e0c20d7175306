import { formatDuration } from './duration.js';
import { contains } from './intervals.js';
import { type CompiledWindow, compileConfig } from './schedules/compile.js';
import { collectOccurrences, type WindowOccurrences } from './schedules/open-time.js';
import { searchOpenPeriods } from './schedules/search.js';
import type {
  Config,
  Decision,
  DecisionQuery,
  ExtraDeny,
  Interval,
  OpenPeriod,
  Reason,
} from './types.js';

const MINUTE_MS = 60_000;
/** 366 days. */
export const DEFAULT_HORIZON_MINUTES = 527_040;
export const DEFAULT_UPCOMING_COUNT = 5;

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** The windows that apply to an environment (null: all of them). */
export function applyingWindows(config: Config, environment: string | null): CompiledWindow[] {
  return compileConfig(config).windows.filter((window) => window.appliesTo(environment));
}

/** The zone of the first window (in config order) with an edge at `instant`. */
function zoneOfEdge(
  windows: readonly CompiledWindow[],
  extra: readonly ExtraDeny[],
  instant: number,
): string | null {
  const around = collectOccurrences(windows, extra, instant - 1, instant + 1);
  for (const window of around) {
    if (window.timezone === null) continue;
    const occurrenceEdge = window.occurrences.some((o) => o.start === instant || o.end === instant);
    const validityEdge =
      window.kind === 'allow' &&
      (window.validity.start === instant || window.validity.end === instant);
    if (occurrenceEdge || validityEdge) return window.timezone;
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
 * The decision for an environment at an instant: allowed now (with the runway asked for)?
 * When does it close, when does it next open, which windows are behind it? Pure.
 */
export function decide(config: Config, query: DecisionQuery): Decision {
  const at = query.at;
  const minDuration = query.minDuration ?? 0;
  const horizon = query.horizon ?? DEFAULT_HORIZON_MINUTES;
  const upcomingCount = query.upcomingCount ?? DEFAULT_UPCOMING_COUNT;
  const extra = query.extraDeny ?? [];
  const runway = minDuration * MINUTE_MS;
  const horizonEnd = at + horizon * MINUTE_MS;
  const windows = applyingWindows(config, query.environment);

  const longEnough = (period: Interval) => period.end - Math.max(period.start, at) >= runway;
  const wanted = Math.max(1, upcomingCount);
  // At least a minute, so that a zero horizon still judges the instant itself.
  const searchEnd = Math.max(horizonEnd + runway, at + MINUTE_MS);
  const search = searchOpenPeriods(windows, extra, at, searchEnd, (periods, reached) => {
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

  const active = search.firstChunk.filter((window) =>
    window.occurrences.some((occurrence) => contains(occurrence, at)),
  );
  const blocking = active.filter((window) => window.kind === 'deny');
  const reason = reasonFor(windows.length > 0 || extra.length > 0, active, allowed);

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
    start: iso(Math.max(period.start, at)),
    end: period.end < horizonEnd ? iso(period.end) : null,
  }));

  return {
    allowed,
    reason,
    environment: query.environment,
    at: iso(at),
    activeWindows: active.map((window) => window.name),
    blockingWindows: blocking.map((window) => window.name),
    closesAt: closesAt === null ? null : iso(closesAt),
    nextOpen: nextOpen === null ? null : iso(nextOpen),
    message: blocking.find((window) => window.message !== null)?.message ?? config.message,
    warnings,
    exempt: false,
    exemptBy: null,
    timezone: (edge !== null && zoneOfEdge(windows, extra, edge)) || config.timezone,
    minDuration,
    horizon,
    upcoming,
  };
}
