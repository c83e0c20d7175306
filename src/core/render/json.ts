// The decision as `check --format json` prints it: the contract's fields first, in its order,
// its instants as ISO 8601 UTC strings (docs/engine.md).
import { DEFAULT_UPCOMING_COUNT } from '../decide.js';
import { formatInstant } from '../time/instant.js';
import type { Decision } from '../types.js';
import { jsonDocument } from './escape.js';

const CONTRACT_ORDER = [
  'allowed',
  'reason',
  'environment',
  'at',
  'activeWindows',
  'blockingWindows',
  'closesAt',
  'nextOpen',
  'message',
  'warnings',
  'exempt',
  'exemptBy',
  'override',
  'timezone',
  'minDuration',
  'horizon',
  'upcoming',
  // One entry per policy layer (docs/organisation.md).
  'layers',
] as const;

/**
 * The decision with every instant written as ISO 8601 UTC, each key where it was. `upcoming`
 * lists the first DEFAULT_UPCOMING_COUNT open periods, as `check` decides them: a gate decides
 * more for the timeline of its comment, and its JSON (the action's `decision` output, the
 * GitLab report, `--output`) is still `check`'s (docs/engine.md, "upcoming").
 */
function withIsoInstants(decision: Decision): Record<string, unknown> {
  const { override } = decision;
  return {
    ...decision,
    at: formatInstant(decision.at),
    closesAt: formatInstant(decision.closesAt),
    nextOpen: formatInstant(decision.nextOpen),
    upcoming: decision.upcoming.slice(0, DEFAULT_UPCOMING_COUNT).map((period) => ({
      ...period,
      start: formatInstant(period.start),
      end: formatInstant(period.end),
    })),
    ...(override ? { override: { ...override, at: formatInstant(override.at) } } : {}),
  };
}

/**
 * The decision as a JSON-ready object with a stable key order (contract keys first, then any
 * others) and its instants as ISO 8601 UTC strings.
 */
export function orderedDecision(decision: Decision): Record<string, unknown> {
  const source = withIsoInstants(decision);
  const ordered: Record<string, unknown> = {};
  for (const key of CONTRACT_ORDER) {
    // Always present: null when no exempt actor overrode the windows (docs/overrides.md).
    if (key === 'override') ordered[key] = source[key] ?? null;
    else if (key in source) ordered[key] = source[key];
  }
  for (const key of Object.keys(source)) {
    if (!(key in ordered)) ordered[key] = source[key];
  }
  return ordered;
}

/** Pretty-printed JSON, one object, newline-terminated. */
export function renderJson(decision: Decision): string {
  return jsonDocument(orderedDecision(decision));
}
