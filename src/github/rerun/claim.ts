// Two scheduler runs may overlap (a late cron run, a manual one): the claim makes sure a
// re-run is dispatched once. A claim whose scheduler died is taken over after a while.

import {
  type DeploymentStatus,
  listStatuses,
  type Repo,
  setStatus,
  statusHistory,
} from './deployments.js';
import type { DispatchContext } from './types.js';

/** A claim (`in_progress`) older than this was left by a scheduler that did not finish. */
export const RECLAIM_AFTER_MS = 15 * 60_000;

/** `queued`, or `in_progress` written more than 15 minutes before `now`. */
export function isClaimable(status: DeploymentStatus | undefined, now: number): boolean {
  if (status?.state === 'queued') return true;
  return status?.state === 'in_progress' && isStaleClaim(status, now);
}

/** The states after which a record is never fired again, whatever is written after them. */
const FINAL_STATES: ReadonlySet<string> = new Set(['success', 'error', 'inactive', 'failure']);

/**
 * A record the scheduler may fire: claimable by its latest status, and no final status in its
 * whole history, read to the end. Anyone with deployments: write can add a `queued` status to
 * a record that was fired or superseded; that must not fire it again.
 */
export function isPending(
  history: { statuses: readonly DeploymentStatus[]; complete: boolean },
  now: number,
): boolean {
  if (!history.complete) return false;
  if (history.statuses.some((status) => FINAL_STATES.has(status.state))) return false;
  return isClaimable(history.statuses[0], now);
}

export function isStaleClaim(status: DeploymentStatus, now: number): boolean {
  const at = Date.parse(status.createdAt);
  return Number.isFinite(at) && now - at > RECLAIM_AFTER_MS;
}

/**
 * Marks the deployment in_progress so an overlapping scheduler will not fire it too. If two
 * claim at once, the first in_progress status after the status both read (`queued`, or a
 * stale claim) wins.
 */
export async function claim(
  ctx: DispatchContext,
  target: Repo,
  deploymentId: number,
  schedulerRun: string | undefined,
): Promise<boolean> {
  const before = await statusHistory(target, deploymentId);
  const base = before.statuses[0];
  if (!base || !isPending(before, ctx.clock.now())) return false;
  const mine = await setStatus(
    target,
    deploymentId,
    'in_progress',
    `dispatching (scheduler run ${ctx.env.GITHUB_RUN_ID ?? 'local'})`,
    schedulerRun,
  );
  const after = await listStatuses(target, deploymentId);
  const sinceBase = after.filter((status) => status.id > base.id);
  const firstClaim = sinceBase
    .filter((status) => status.state === 'in_progress')
    .reduce<number | null>(
      (min, status) => (min === null || status.id < min ? status.id : min),
      null,
    );
  const retired = sinceBase.find((status) => status.id < mine.id && status.state === 'inactive');
  if (retired) {
    // Superseded between our read and our claim: put the record back the way it was left.
    await setStatus(target, deploymentId, 'inactive', retired.description || 'Superseded');
    return false;
  }
  if (firstClaim === mine.id) return true;
  // Lost to a scheduler run that already finished: our late claim must not be the last word.
  const outcome = sinceBase.find(
    (status) => status.id < mine.id && (status.state === 'success' || status.state === 'error'),
  );
  if (outcome) {
    await setStatus(
      target,
      deploymentId,
      outcome.state as 'success' | 'error',
      outcome.description,
    );
  }
  return false;
}
