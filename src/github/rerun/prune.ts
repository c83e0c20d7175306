// Keeping the scheduler's cost bounded: finished re-run records are removed after a while.

import {
  describeApiError,
  listStatuses,
  type Repo,
  type RerunDeployment,
  setStatus,
} from './deployments.js';
import type { DispatchContext } from './types.js';

/** Finished re-run records are kept this long (for the trail in the Deployments view). */
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_PRUNED_PER_RUN = 5;

/**
 * Every scheduler run reads the latest status of every re-run record, so finished records
 * (fired, failed, superseded) older than RETENTION_MS are deleted, a few per run, to keep
 * that cost (and the API rate limit it draws on) bounded.
 */
export async function pruneFinished(
  ctx: DispatchContext,
  target: Repo,
  finished: RerunDeployment[],
): Promise<void> {
  const cutoff = ctx.clock.now() - RETENTION_MS;
  const old = finished.filter((d) => Date.parse(d.createdAt) < cutoff).slice(0, MAX_PRUNED_PER_RUN);
  for (const deployment of old) {
    try {
      const latest = (await listStatuses(target, deployment.id))[0];
      if (latest?.state !== 'inactive') {
        await setStatus(
          target,
          deployment.id,
          'inactive',
          'deploy-window: finished re-run record removed',
        );
      }
      await target.octokit.rest.repos.deleteDeployment({
        owner: target.owner,
        repo: target.repo,
        deployment_id: deployment.id,
      });
      ctx.log.info(
        `Removed the finished re-run record #${deployment.id} (${deployment.createdAt}).`,
      );
    } catch (error) {
      ctx.log.warning(
        `Could not remove the finished re-run record #${deployment.id}: ${describeApiError(error).message}`,
      );
      return;
    }
  }
}
