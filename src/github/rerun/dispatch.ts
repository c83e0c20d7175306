// `command: dispatch`: the scheduler. Fires every pending re-run whose opening has come with
// workflow_dispatch; waits (cancellably) for those falling due within the lookahead. It fires
// only records the gate made (trust.ts), at most one run per workflow, ref and environment.
// Dispatching only starts the workflow: the gate in it judges the window again.

import { claim, isPending } from './claim.js';
import {
  describeApiError,
  listRerunDeployments,
  type Repo,
  type RerunDeployment,
  setStatus,
  statusHistory,
} from './deployments.js';
import { formatWait, isoUtc } from './format.js';
import { pruneFinished } from './prune.js';
import { runUrl } from './run-facts.js';
import { trustJudge } from './trust.js';
import type {
  DispatchContext,
  DispatchOutcome,
  DispatchResultItem,
  DispatchSummary,
  RerunPayload,
} from './types.js';

export const DEFAULT_LOOKAHEAD_MINUTES = 15;
/** A re-run not fired within this long after its opening is retired, not fired by surprise. */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

interface Pending {
  deployment: RerunDeployment;
  payload: RerunPayload;
  due: number;
}

export async function runDispatch(ctx: DispatchContext): Promise<DispatchSummary> {
  const { log, clock } = ctx;
  const target: Repo = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
  const lookaheadMs = Math.max(0, ctx.lookaheadMinutes ?? DEFAULT_LOOKAHEAD_MINUTES) * 60_000;
  const schedulerRun = runUrl(ctx.env, ctx.owner, ctx.repo);
  const items: DispatchResultItem[] = [];
  const summary: DispatchSummary = {
    pending: 0,
    dispatched: 0,
    notDue: 0,
    failed: 0,
    skipped: 0,
    cancelled: false,
    items,
  };
  const record = (item: DispatchResultItem) => {
    items.push(item);
    if (item.outcome === 'dispatched') summary.dispatched++;
    else if (item.outcome === 'not-due' || item.outcome === 'cancelled') summary.notDue++;
    else if (['failed', 'invalid', 'refused'].includes(item.outcome)) summary.failed++;
    else summary.skipped++;
  };
  const recordAll = (group: Pending[], outcome: DispatchOutcome, detail: string) => {
    for (const one of group) record(itemOf(one.deployment, one.payload, outcome, detail));
  };

  const pending: Pending[] = [];
  const finished: RerunDeployment[] = [];
  for (const deployment of await listRerunDeployments(target, {}, log)) {
    const history = await statusHistory(target, deployment.id);
    const latest = history.statuses[0];
    if (!isPending(history, clock.now())) {
      if (latest?.state !== 'in_progress') finished.push(deployment);
      continue;
    }
    if (latest?.state === 'in_progress') {
      log.info(
        `Re-run #${deployment.id} was claimed at ${latest.createdAt} by a scheduler run that did not finish: claimable again.`,
      );
    }
    summary.pending++;
    if (!deployment.payload) {
      const detail =
        'Not a deploy-window re-run payload (workflow, ref, notBefore); not dispatched';
      await setStatusQuietly(ctx, target, deployment.id, 'error', detail, schedulerRun);
      record(itemOf(deployment, null, 'invalid', detail));
      continue;
    }
    pending.push({
      deployment,
      payload: deployment.payload,
      due: Date.parse(deployment.payload.notBefore),
    });
  }
  pending.sort((a, b) => a.due - b.due || a.deployment.id - b.deployment.id);
  log.info(`${pending.length} pending re-run(s) of task deploy-window:rerun.`);

  // Due now or within the lookahead, and made by the gate: grouped by (workflow, ref, env).
  const judge = trustJudge(target);
  const groups = new Map<string, Pending[]>();
  for (const entry of pending) {
    const { deployment, payload, due } = entry;
    const label = labelOf(entry);
    const now = clock.now();
    if (due > now + lookaheadMs) {
      log.info(`Re-run ${label} is due at ${payload.notBefore}; not yet.`);
      record(itemOf(deployment, payload, 'not-due', null));
      continue;
    }
    if (now - due > STALE_AFTER_MS) {
      const detail = `Expired: not dispatched within 7 days of ${payload.notBefore}`;
      await setStatusQuietly(ctx, target, deployment.id, 'inactive', detail, schedulerRun);
      log.warning(`Re-run ${label}: ${detail}.`);
      record(itemOf(deployment, payload, 'failed', detail));
      continue;
    }
    const verdict = await judge(deployment, payload);
    if (verdict.kind === 'refused') {
      const detail = `Not dispatched: ${verdict.reason}`;
      log.warning(`Re-run ${label}: ${detail}.`);
      await setStatusQuietly(ctx, target, deployment.id, 'error', detail, schedulerRun);
      record(itemOf(deployment, payload, 'refused', detail));
      continue;
    }
    if (verdict.kind === 'unchecked') {
      const detail = `Not checked, stays queued: ${verdict.reason}`;
      log.warning(`Re-run ${label}: ${detail}`);
      record(itemOf(deployment, payload, 'failed', detail));
      continue;
    }
    const group = groups.get(verdict.key) ?? [];
    group.push(entry);
    groups.set(verdict.key, group);
  }

  // One dispatch per group: its newest record (the latest blocked run), in order of due time.
  const chosen = [...groups.values()]
    .map((group) => group.sort((a, b) => b.deployment.id - a.deployment.id))
    .sort(
      (a, b) =>
        firstOf(a).due - firstOf(b).due || firstOf(a).deployment.id - firstOf(b).deployment.id,
    );
  for (const [entry, ...others] of chosen) {
    if (!entry) continue;
    const { deployment, payload, due } = entry;
    const label = labelOf(entry);
    if (summary.cancelled) {
      recordAll([entry, ...others], 'cancelled', 'scheduler cancelled before it fell due');
      continue;
    }
    const now = clock.now();
    if (due > now) {
      log.info(
        `Re-run ${label} falls due at ${payload.notBefore}: waiting ${formatWait(due - now)}.`,
      );
      const completed = await clock.sleep(due - now, ctx.signal);
      if (!completed || ctx.signal?.aborted) {
        log.warning(
          `Cancelled while waiting for ${payload.notBefore}; re-run ${label} stays queued.`,
        );
        summary.cancelled = true;
        recordAll([entry, ...others], 'cancelled', 'scheduler cancelled while waiting');
        continue;
      }
    }
    const fired = await fire(ctx, target, deployment, payload, schedulerRun);
    record(fired);
    for (const other of others)
      record(await settleDuplicate(ctx, target, other, entry, fired, schedulerRun));
  }

  if (!summary.cancelled) await pruneFinished(ctx, target, finished);
  log.info(
    `Re-runs: ${summary.dispatched} dispatched, ${summary.notDue} not due yet, ${summary.failed} failed, ${summary.skipped} skipped.`,
  );
  return summary;
}

function firstOf(group: Pending[]): Pending {
  return group[0] as Pending;
}

function labelOf({ deployment, payload }: Pending): string {
  return `#${deployment.id} (${payload.workflow} on ${payload.ref}, ${deployment.environment})`;
}

/**
 * Another record for a (workflow, ref, environment) whose run this scheduler run just fired:
 * it is covered (set inactive, as a newer record supersedes an older one). When the dispatch
 * did not happen here, it is left queued: one attempt per run.
 */
async function settleDuplicate(
  ctx: DispatchContext,
  target: Repo,
  other: Pending,
  fired: Pending,
  outcome: DispatchResultItem,
  schedulerRun: string | undefined,
): Promise<DispatchResultItem> {
  if (outcome.outcome !== 'dispatched') {
    const detail = `left queued: this run already tried deployment #${fired.deployment.id} for the same workflow, ref and environment`;
    ctx.log.info(`Re-run ${labelOf(other)} ${detail}.`);
    return itemOf(other.deployment, other.payload, 'deferred', detail);
  }
  const detail = `Superseded by the re-run in deployment #${fired.deployment.id}, dispatched in the same scheduler run`;
  ctx.log.info(`Re-run ${labelOf(other)}: ${detail}.`);
  await setStatusQuietly(ctx, target, other.deployment.id, 'inactive', detail, schedulerRun);
  return itemOf(other.deployment, other.payload, 'superseded', detail);
}

/** Claim (in_progress), dispatch, then mark success or error. */
async function fire(
  ctx: DispatchContext,
  target: Repo,
  deployment: RerunDeployment,
  payload: RerunPayload,
  schedulerRun: string | undefined,
): Promise<DispatchResultItem> {
  const { log } = ctx;
  const label = `#${deployment.id} (${payload.workflow} on ${payload.ref})`;
  try {
    if (!(await claim(ctx, target, deployment.id, schedulerRun))) {
      log.info(`Re-run ${label} was taken by another scheduler run or replaced; skipped.`);
      return itemOf(deployment, payload, 'claimed-elsewhere', 'no longer queued');
    }
  } catch (error) {
    const detail = `Could not claim: ${describeApiError(error).message}`;
    log.warning(`Re-run ${label}: ${detail}`);
    return itemOf(deployment, payload, 'failed', detail);
  }

  try {
    await ctx.octokit.rest.actions.createWorkflowDispatch({
      owner: ctx.owner,
      repo: ctx.repo,
      workflow_id: payload.workflow,
      ref: payload.ref,
      inputs: payload.inputs,
    });
  } catch (error) {
    const detail = dispatchFailure(error, payload);
    log.warning(`Re-run ${label} could not be dispatched: ${detail}`);
    await setStatusQuietly(ctx, target, deployment.id, 'error', detail, schedulerRun);
    return itemOf(deployment, payload, 'failed', detail);
  }

  const detail = `Dispatched ${payload.workflow} on ${payload.ref} at ${isoUtc(ctx.clock.now())}`;
  log.info(`Re-run ${label}: ${detail}.`);
  await setStatusQuietly(ctx, target, deployment.id, 'success', detail, schedulerRun);
  return itemOf(deployment, payload, 'dispatched', detail);
}

function dispatchFailure(error: unknown, payload: RerunPayload): string {
  const { status, message } = describeApiError(error);
  if (status === 404)
    return `Workflow ${payload.workflow} or ref ${payload.ref} not found (404): ${message}`;
  if (status === 422) return `GitHub refused the dispatch (422): ${message}`;
  if (status === 403) return `Forbidden (403): the token needs actions: write. ${message}`;
  return `Dispatch failed (${status ?? 'network'}): ${message}`;
}

async function setStatusQuietly(
  ctx: DispatchContext,
  target: Repo,
  deploymentId: number,
  state: 'error' | 'success' | 'inactive',
  description: string,
  logUrl: string | undefined,
): Promise<void> {
  try {
    await setStatus(target, deploymentId, state, description, logUrl);
  } catch (error) {
    ctx.log.warning(
      `Could not set deployment #${deploymentId} to ${state}: ${describeApiError(error).message}`,
    );
  }
}

function itemOf(
  deployment: RerunDeployment,
  payload: RerunPayload | null,
  outcome: DispatchResultItem['outcome'],
  detail: string | null,
): DispatchResultItem {
  return {
    deploymentId: deployment.id,
    environment: deployment.environment,
    workflow: payload?.workflow ?? null,
    ref: payload?.ref ?? null,
    notBefore: payload?.notBefore ?? null,
    outcome,
    detail,
  };
}
