// Two scheduler runs may overlap (a late cron run, a manual one): the claim makes sure a
// re-run is dispatched once.

import { listStatuses, type Repo, setStatus } from './deployments.js';
import type { DispatchContext } from './types.js';

/**
 * Marks the deployment in_progress so an overlapping scheduler will not fire it too. If two
 * claim at once, the first in_progress status after the last `queued` one wins.
 */
export async function claim(
  ctx: DispatchContext,
  target: Repo,
  deploymentId: number,
  schedulerRun: string | undefined,
): Promise<boolean> {
  const before = await listStatuses(target, deploymentId);
  if (before[0]?.state !== 'queued') return false;
  const queuedId = before[0].id;
  const mine = await setStatus(
    target,
    deploymentId,
    'in_progress',
    `dispatching (scheduler run ${ctx.env.GITHUB_RUN_ID ?? 'local'})`,
    schedulerRun,
  );
  const after = await listStatuses(target, deploymentId);
  const sinceQueued = after.filter((status) => status.id > queuedId);
  const firstClaim = sinceQueued
    .filter((status) => status.state === 'in_progress')
    .reduce<number | null>(
      (min, status) => (min === null || status.id < min ? status.id : min),
      null,
    );
  const retired = sinceQueued.find((status) => status.id < mine.id && status.state === 'inactive');
  if (retired) {
    // Superseded between our read and our claim: put the record back the way it was left.
    await setStatus(target, deploymentId, 'inactive', retired.description || 'Superseded');
    return false;
  }
  if (firstClaim === mine.id) return true;
  // Lost to a scheduler run that already finished: our late claim must not be the last word.
  const outcome = sinceQueued.find(
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
