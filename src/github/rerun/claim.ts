// Two scheduler runs may overlap (a late cron run, a manual one): the claim makes sure a
// re-run is dispatched once. A claim whose scheduler died is taken over after a while.

import { type DeploymentStatus, listStatuses, type Repo, setStatus } from './deployments.js';
import type { DispatchContext } from './types.js';

/** A claim (`in_progress`) older than this was left by a scheduler that did not finish. */
export const RECLAIM_AFTER_MS = 15 * 60_000;

/** `queued`, or `in_progress` written more than 15 minutes before `now`. */
export function isClaimable(status: DeploymentStatus | undefined, now: number): boolean {
  if (status?.state === 'queued') return true;
  return status?.state === 'in_progress' && isStaleClaim(status, now);
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
  const before = await listStatuses(target, deploymentId);
  const base = before[0];
  if (!base || !isClaimable(base, ctx.clock.now())) return false;
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
