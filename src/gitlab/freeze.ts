// GitLab's own deploy freeze. GitLab sets CI_DEPLOY_FREEZE while one of the project's freeze
// periods is active; the gate treats that as a deny window `gitlab-deploy-freeze`. With a token
// it reads the freeze periods (cron start/end + zone) and lets the engine say when they end.
import { decide } from '../core/decide.js';
import { errorMessage } from '../core/errors.js';
import { parseFugitCron } from '../core/schedules/fugit-cron.js';
import { formatInstant } from '../core/time/instant.js';
import { isValidZone } from '../core/time/zones.js';
import { timeline } from '../core/timeline.js';
import type { Config, EpochMs, ExtraDeny, WindowConfig } from '../core/types.js';
import type { GitLabClient } from './client.js';
import { type GitLabFacts, projectPathId, TOKEN_HELP } from './facts.js';
import { ianaZoneOfRailsName } from './rails-zones.js';

export const FREEZE_WINDOW_NAME = 'gitlab-deploy-freeze';

export interface FreezePeriod {
  id: number;
  freeze_start: string;
  freeze_end: string;
  cron_timezone?: string | null;
}

/**
 * The IANA zone of a period's `cron_timezone` (UTC when none), read as GitLab reads it: an IANA
 * name, else a Rails name ("Eastern Time (US & Canada)"); null for neither.
 */
function periodZone(period: FreezePeriod): string | null {
  const zone = period.cron_timezone || 'UTC';
  if (typeof zone !== 'string') return null;
  if (isValidZone(zone)) return zone;
  return ianaZoneOfRailsName(zone);
}

/** A field of GitLab's answer as text; anything else reads as no cron (and is refused). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Freeze periods as deny windows of the engine's `cron: {start, end}` form. */
export function freezeWindows(periods: FreezePeriod[]): {
  windows: WindowConfig[];
  problems: string[];
} {
  const windows: WindowConfig[] = [];
  const problems: string[] = [];
  for (const period of periods) {
    const zone = periodZone(period);
    if (zone === null) {
      problems.push(
        `freeze period ${period.id} has a time zone this tool cannot read (${JSON.stringify(period.cron_timezone).slice(0, 100)}); it is left out`,
      );
      continue;
    }
    const start = parseFugitCron(textOf(period.freeze_start));
    const end = parseFugitCron(textOf(period.freeze_end));
    if (!start.ok || !end.ok) {
      const why = !start.ok ? start.message : !end.ok ? end.message : '';
      problems.push(`freeze period ${period.id} has a cron this tool cannot read (${why})`);
      continue;
    }
    windows.push({
      name: `${FREEZE_WINDOW_NAME}-${period.id}`,
      kind: 'deny',
      environments: null,
      timezone: zone,
      message: null,
      from: null,
      until: null,
      schedule: { form: 'cron-range', start: start.fields, end: end.fields },
    });
  }
  return { windows, problems };
}

/** What the project's freeze periods say from `at` on, their crons read once. */
export interface FreezeOutlook {
  /**
   * When the freeze active at `at` ends (overlapping periods chain). undefined: no period is
   * active at `at`; null: none ends within the horizon.
   */
  end: EpochMs | null | undefined;
  /**
   * The occurrences that begin after `at` within the horizon, as deny periods: a gate that
   * waits, or a deploy that runs on, must not cross into one (an occurrence that runs past the
   * horizon has no known end).
   */
  later: ExtraDeny[];
  problems: string[];
}

export function freezeOutlook(
  periods: FreezePeriod[],
  at: EpochMs,
  horizonMinutes: number,
): FreezeOutlook {
  const { windows, problems } = freezeWindows(periods);
  if (windows.length === 0) return { end: undefined, later: [], problems };
  const config = freezeConfig(windows);
  const decision = decide(config, { environment: null, at, horizon: horizonMinutes });
  const to = at + horizonMinutes * 60_000;
  const later = timeline(config, { environment: null, from: at, to })
    .occurrences.filter((occurrence) => occurrence.start > at)
    .map((occurrence) => ({
      name: FREEZE_WINDOW_NAME,
      start: occurrence.start,
      end: occurrence.end >= to ? null : occurrence.end,
      timezone: occurrence.timezone,
    }));
  return { end: decision.allowed ? undefined : decision.nextOpen, later, problems };
}

function freezeConfig(windows: WindowConfig[]): Config {
  return {
    version: 1,
    file: 'freeze_periods',
    timezone: 'UTC',
    message: null,
    exempt: { users: [], teams: [], codeowners: null },
    windows,
  };
}

export interface FreezeDeps {
  client: GitLabClient | null;
  facts: GitLabFacts;
  info: (line: string) => void;
  warn: (line: string) => void;
  horizonMinutes: number;
}

/** The freeze as a deny window from `at` to its end (in the periods' zone when there is one). */
function freezeFrom(at: EpochMs, end: EpochMs | null, periods: FreezePeriod[]): ExtraDeny[] {
  const only = periods.length === 1 ? periods[0] : undefined;
  const zone = only?.cron_timezone ? periodZone(only) : null;
  return [{ name: FREEZE_WINDOW_NAME, start: at, end, ...(zone ? { timezone: zone } : {}) }];
}

/**
 * Without CI_DEPLOY_FREEZE: the freeze periods themselves, when the token may read them. A
 * pipeline variable can clear CI_DEPLOY_FREEZE like any predefined variable, so an active
 * period still freezes; periods that cannot be read change nothing (the windows decide).
 */
async function freezeWithoutVariable(deps: FreezeDeps, at: EpochMs): Promise<ExtraDeny[]> {
  const { client, facts } = deps;
  if (!client || !facts.projectId) return [];
  let periods: FreezePeriod[];
  try {
    periods = await client.getAll<FreezePeriod>(
      `/projects/${projectPathId(facts.projectId)}/freeze_periods`,
    );
  } catch (error) {
    deps.info(
      `The project's freeze periods were not read (${errorMessage(error)}); a deploy freeze is known only from CI_DEPLOY_FREEZE.`,
    );
    return [];
  }
  let outlook: FreezeOutlook;
  try {
    outlook = freezeOutlook(periods, at, deps.horizonMinutes);
  } catch (error) {
    deps.warn(`The project's freeze periods could not be evaluated: ${errorMessage(error)}`);
    return [];
  }
  for (const problem of outlook.problems) deps.warn(problem);
  const { end, later } = outlook;
  if (end === undefined) return later;
  deps.warn(
    `CI_DEPLOY_FREEZE is not set, but a freeze period of the project is active at ${formatInstant(at)} (a CI/CD variable may have replaced CI_DEPLOY_FREEZE): deploys are frozen.`,
  );
  return [...freezeFrom(at, end, periods), ...later];
}

/**
 * The extra deny window for GitLab's deploy freeze: CI_DEPLOY_FREEZE, or a freeze period the
 * token reads as active (docs/gitlab.md, "What the gate does on GitLab").
 */
export async function deployFreezeDeny(deps: FreezeDeps, at: EpochMs): Promise<ExtraDeny[]> {
  const { client, facts, warn } = deps;
  if (!facts.deployFreeze) return freezeWithoutVariable(deps, at);
  const openEnded = (why: string): ExtraDeny[] => {
    warn(`CI_DEPLOY_FREEZE is set: deploys are frozen; ${why}`);
    return [{ name: FREEZE_WINDOW_NAME, start: at, end: null }];
  };
  if (!client || !facts.projectId) {
    return openEnded(`to know when the freeze ends, ${TOKEN_HELP}`);
  }
  let periods: FreezePeriod[];
  try {
    periods = await client.getAll<FreezePeriod>(
      `/projects/${projectPathId(facts.projectId)}/freeze_periods`,
    );
  } catch (error) {
    const why = errorMessage(error);
    return openEnded(
      `its end is unknown (${why}; reading freeze periods needs a token with the api or read_api scope and at least the Developer role)`,
    );
  }
  let result: FreezeOutlook;
  try {
    result = freezeOutlook(periods, at, deps.horizonMinutes);
  } catch (error) {
    const why = errorMessage(error);
    return openEnded(`its end is unknown (the freeze periods could not be evaluated: ${why})`);
  }
  for (const problem of result.problems) warn(problem);
  if (result.end === undefined) {
    return openEnded(
      `but no freeze period of the project is active at ${formatInstant(at)}, so its end is unknown`,
    );
  }
  return [...freezeFrom(at, result.end, periods), ...result.later];
}
