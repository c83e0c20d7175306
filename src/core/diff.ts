// What a policy change does: the open periods before and after, per environment, the time
// gained and lost, and findings about confusing windows (docs/preview.md). Pure.
import { applyingWindows } from './decide.js';
import { clip, merge, subtract } from './intervals.js';
import type { PolicyLayer } from './layers.js';
import type { CompiledWindow } from './schedules/compile.js';
import { collectOccurrences, openTime } from './schedules/open-time.js';
import { offsetAt } from './time/zones.js';
import { layeredTimeline } from './timeline.js';
import type { Config, Interval } from './types.js';

const DAY_MS = 86_400_000;
/** Findings look a year ahead, whatever span the periods are shown for. */
const FINDINGS_DAYS = 366;

export interface DiffQuery {
  /** Environments to compare; empty: the literal names the two configs' globs mention. */
  environments: readonly string[];
  from: number;
  days: number;
}

export type FindingKind = 'never-opens' | 'allow-hidden' | 'no-open-time' | 'straddles-dst';

export interface Finding {
  kind: FindingKind;
  environment: string | null;
  /** The window it is about; null for an environment-wide finding. */
  window: string | null;
  /** The window's (else the config's) zone, for showing instants. */
  timezone: string;
  /** For straddles-dst: the first occurrence that crosses a change of UTC offset. */
  occurrence: Interval | null;
}

export interface EnvironmentDiff {
  /** null: no environment (every window applies). */
  environment: string | null;
  timezone: string;
  before: Interval[];
  after: Interval[];
  gained: Interval[];
  lost: Interval[];
}

export interface PolicyDiff {
  from: number;
  to: number;
  environments: EnvironmentDiff[];
  /** Findings about the new policy. */
  findings: Finding[];
  changed: boolean;
}

/** Literal environment names in the windows' globs (`production`, not `prod-*`), sorted. */
export function namedEnvironments(...configs: readonly Config[]): string[] {
  const names = new Map<string, string>();
  for (const config of configs) {
    for (const window of config.windows) {
      for (const pattern of window.environments ?? []) {
        if (/[*?[\]{}!]/.test(pattern)) continue;
        const key = pattern.toLowerCase();
        if (!names.has(key)) names.set(key, pattern);
      }
    }
  }
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}

/** A policy as the diff sees it: one file, or its layers (outermost first, the file last). */
export type PolicyVersion = Config | readonly PolicyLayer[];

function layersOf(policy: PolicyVersion): readonly PolicyLayer[] {
  return Array.isArray(policy)
    ? policy
    : [{ source: (policy as Config).file, config: policy as Config }];
}

function ownConfig(policy: PolicyVersion): Config {
  const layers = layersOf(policy);
  return (layers[layers.length - 1] as PolicyLayer).config;
}

/** The time every layer allows in [from, to). */
function openPeriods(policy: PolicyVersion, environment: string | null, from: number, to: number) {
  return layeredTimeline(layersOf(policy), { environment, from, to }).open;
}

/** The first occurrence whose start and end lie on different UTC offsets of its zone. */
function straddling(occurrences: readonly Interval[], zone: string): Interval | null {
  for (const occurrence of occurrences) {
    if (!Number.isFinite(occurrence.end)) continue;
    if (offsetAt(zone, occurrence.start) !== offsetAt(zone, occurrence.end - 1)) return occurrence;
  }
  return null;
}

/**
 * Findings are gathered this many days at a time: a year of a window every minute is half a
 * million occurrences a window, which a pull request's config may hold (about 500 MB at once).
 */
const FINDINGS_CHUNK_MS = 16 * DAY_MS;

/** What is known of one window's findings so far. */
interface WindowFacts {
  occurs: boolean;
  /** An allow window: some of its time is not under a deny window. */
  shows: boolean;
  crossing: Interval | null;
}

/** Findings about one config for one environment over [from, to). */
export function findings(config: Config, environment: string | null, from: number, to: number) {
  const windows = applyingWindows(config, environment);
  const facts: WindowFacts[] = windows.map(() => ({ occurs: false, shows: false, crossing: null }));
  let open = false;
  for (let start = from; start < to; start += FINDINGS_CHUNK_MS) {
    const end = Math.min(to, start + FINDINGS_CHUNK_MS);
    const collected = collectOccurrences(windows, [], start, end);
    const deny = merge(
      collected
        .filter((window) => window.kind === 'deny')
        .flatMap((window) => clip(window.occurrences, start, end)),
    );
    collected.forEach((window, index) => {
      const known = facts[index] as WindowFacts;
      if (window.occurrences.length === 0) return;
      known.occurs = true;
      if (window.kind === 'allow' && !known.shows) {
        known.shows = subtract(clip(merge(window.occurrences), start, end), deny).length > 0;
      }
      // Touching occurrences are one period in `occurrences`: where one crosses a change, the
      // occurrence named is the one of them that does (a window of whole days names the day
      // of the change, not the run of days around it).
      const zone = window.timezone ?? config.timezone;
      if (known.crossing === null && straddling(window.occurrences, zone)) {
        known.crossing = straddling((windows[index] as CompiledWindow).listed(start, end), zone);
      }
    });
    if (!open) open = openTime(collected, start, end).length > 0;
  }
  const found: Finding[] = [];
  const base = { environment, occurrence: null };
  windows.forEach((window, index) => {
    const known = facts[index] as WindowFacts;
    const timezone = window.timezone ?? config.timezone;
    if (!known.occurs) {
      found.push({ ...base, kind: 'never-opens', window: window.name, timezone });
      return;
    }
    if (window.kind === 'allow' && !known.shows) {
      found.push({ ...base, kind: 'allow-hidden', window: window.name, timezone });
    }
    if (known.crossing) {
      found.push({
        ...base,
        kind: 'straddles-dst',
        window: window.name,
        timezone,
        occurrence: known.crossing,
      });
    }
  });
  if (!open) {
    found.push({ ...base, kind: 'no-open-time', window: null, timezone: config.timezone });
  }
  return found;
}

/**
 * Compares two versions of a policy over [from, from + days). With layers (`extends`), the
 * open time is what every layer allows; findings are about the file's own windows.
 */
export function diffPolicies(
  beforePolicy: PolicyVersion,
  afterPolicy: PolicyVersion,
  query: DiffQuery,
): PolicyDiff {
  const before = ownConfig(beforePolicy);
  const after = ownConfig(afterPolicy);
  const to = query.from + query.days * DAY_MS;
  const named =
    query.environments.length > 0 ? [...query.environments] : namedEnvironments(before, after);
  const environments: (string | null)[] = named.length > 0 ? named : [null];
  const diffs = environments.map((environment): EnvironmentDiff => {
    const was = openPeriods(beforePolicy, environment, query.from, to);
    const is = openPeriods(afterPolicy, environment, query.from, to);
    return {
      environment,
      timezone: after.timezone,
      before: was,
      after: is,
      gained: subtract(is, was),
      lost: subtract(was, is),
    };
  });
  const yearEnd = query.from + FINDINGS_DAYS * DAY_MS;
  const found = environments.flatMap((environment) =>
    findings(after, environment, query.from, yearEnd),
  );
  return {
    from: query.from,
    to,
    environments: diffs,
    findings: dedupe(found),
    changed: diffs.some((diff) => diff.gained.length > 0 || diff.lost.length > 0),
  };
}

/** A window-level finding reported once, not once per environment it applies to. */
function dedupe(found: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return found.filter((finding) => {
    const key =
      finding.window === null || finding.kind === 'allow-hidden'
        ? `${finding.kind}|${finding.window}|${finding.environment}`
        : `${finding.kind}|${finding.window}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
