// `reschedule: true`: a blocked run records "re-run me when the window opens" as a GitHub
// deployment (task deploy-window:rerun) whose latest status is `queued`.

import { errorMessage } from '../../core/errors.js';
import type { Decision } from '../../core/types.js';
import { PolicyReadError } from '../../node/policy-files.js';
import { githubContentsFiles, repositoryDefaultBranch } from '../policy-files.js';
import { isClaimable } from './claim.js';
import {
  describeApiError,
  latestStatus,
  listRerunDeployments,
  type Repo,
  setStatus,
} from './deployments.js';
import { formatLocal, isoUtc } from './format.js';
import { dispatchInputsFromEvent, rerunRefFromEnv, runUrl } from './run-facts.js';
import type { RerunContext, RerunPayload, RerunRecord } from './types.js';
import { DEFAULT_RERUN_ENVIRONMENT, RERUN_TASK } from './types.js';
import {
  inspectRerunWorkflow,
  isWorkflowFileName,
  WORKFLOW_FILE_LIMIT,
  workflowFileFromRef,
} from './workflow-file.js';

/**
 * Records a pending re-run of this workflow at decision.nextOpen. Returns null, after a
 * warning saying why, when nothing was recorded; never throws for an API failure.
 */
export async function recordRerun(
  ctx: RerunContext,
  decision: Decision,
): Promise<RerunRecord | null> {
  const { log, env } = ctx;
  if (decision.allowed) return null;
  if (decision.nextOpen === null) {
    log.warning('No re-run recorded: the window does not open again within the horizon.');
    return null;
  }
  const workflow = workflowFileFromRef(env.GITHUB_WORKFLOW_REF);
  if (!workflow) {
    log.warning(
      `No re-run recorded: cannot tell the workflow file from GITHUB_WORKFLOW_REF (${
        env.GITHUB_WORKFLOW_REF || 'unset'
      }).`,
    );
    return null;
  }
  const ref = rerunRefFromEnv(env);
  if (!ref) {
    log.warning(
      env.GITHUB_HEAD_REF
        ? `No re-run recorded: the pull request's head branch is not a branch of ${env.GITHUB_REPOSITORY || 'this repository'} (a fork's, or the event does not say whose), and its merge ref cannot be dispatched.`
        : env.GITHUB_EVENT_NAME === 'issue_comment'
          ? 'No re-run recorded: a run started by a comment on a pull request is on the default branch, whatever it deploys, so there is no branch to dispatch it on.'
          : `No re-run recorded: ${env.GITHUB_REF || 'this run'} is not a branch or tag a workflow can be dispatched on.`,
    );
    return null;
  }
  const target: Repo = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
  const inputs = await dispatchInputsFromEvent(env);
  if (!(await schedulerWouldDispatch(ctx, target, workflow, inputs))) return null;
  if (ctx.signal?.aborted) {
    log.warning('No re-run recorded: the job was cancelled.');
    return null;
  }

  const environment = ctx.environment ?? DEFAULT_RERUN_ENVIRONMENT;
  const payload: RerunPayload = {
    workflow,
    ref,
    notBefore: isoUtc(decision.nextOpen),
    runId: env.GITHUB_RUN_ID ?? null,
    inputs,
    // The scheduler fires a record only when this equals the deployment's environment.
    environment,
    sha: env.GITHUB_SHA ?? null,
  };
  const opening = `${payload.notBefore} (${formatLocal(payload.notBefore, decision.timezone)})`;

  const deploymentId = await createDeployment(ctx, environment, payload);
  if (deploymentId === null) return null;
  try {
    await setStatus(
      target,
      deploymentId,
      'queued',
      `Waiting for the deploy window: re-run of ${workflow} at ${opening}`,
      runUrl(env, ctx.owner, ctx.repo),
    );
  } catch (error) {
    log.warning(
      `No re-run recorded: could not mark deployment #${deploymentId} queued: ${describeApiError(error).message}`,
    );
    await discard(target, deploymentId);
    return null;
  }

  const superseded = await supersedeOlder(ctx, target, environment, ref, deploymentId);
  const message = `A re-run of ${workflow} on ${ref} is scheduled for ${opening}, when the window opens (deployment #${deploymentId}).`;
  for (const id of superseded) log.info(`It replaces the pending re-run in deployment #${id}.`);
  return { deploymentId, environment, payload, superseded, message };
}

/**
 * The scheduler judges the workflow by its copy at the default branch (docs/rerun.md): record
 * nothing it would refuse, and say why. When that copy cannot be read now, record anyway (the
 * scheduler checks again before it dispatches).
 */
async function schedulerWouldDispatch(
  ctx: RerunContext,
  target: Repo,
  workflow: string,
  inputs: Record<string, string>,
): Promise<boolean> {
  const { log } = ctx;
  if (!isWorkflowFileName(workflow)) {
    log.warning(
      `No re-run recorded: ${workflow} is not a workflow file name the scheduler dispatches (letters, digits, _ . -, ending .yml or .yaml).`,
    );
    return false;
  }
  const path = `.github/workflows/${workflow}`;
  let branch: string;
  let text: string | null;
  try {
    branch = await repositoryDefaultBranch(target.octokit, target);
    text = await githubContentsFiles(target.octokit, target, branch).read(
      path,
      WORKFLOW_FILE_LIMIT,
    );
  } catch (error) {
    const message = errorMessage(error);
    if (error instanceof PolicyReadError && error.aboutFile) {
      log.warning(`No re-run recorded: ${message}.`);
      return false;
    }
    log.info(
      `Could not check ${path} at the default branch (${message}); recording the re-run anyway: the scheduler checks it before dispatching.`,
    );
    return true;
  }
  if (text === null) {
    log.warning(
      `No re-run recorded: ${path} does not exist at ${branch}, the default branch; the scheduler dispatches only workflows that do.`,
    );
    return false;
  }
  const inspection = inspectRerunWorkflow(text, `${path} at ${branch}`);
  if (!inspection.ok) {
    log.warning(`No re-run recorded: ${inspection.message}`);
    return false;
  }
  const undeclared = Object.keys(inputs).filter((name) => !inspection.inputs.includes(name));
  if (undeclared.length > 0) {
    log.warning(
      `No re-run recorded: this run's inputs ${undeclared.join(', ')} are not declared by ${path} at ${branch}; the scheduler dispatches only declared inputs.`,
    );
    return false;
  }
  return true;
}

async function createDeployment(
  ctx: RerunContext,
  environment: string,
  payload: RerunPayload,
): Promise<number | null> {
  try {
    const response = await ctx.octokit.rest.repos.createDeployment({
      owner: ctx.owner,
      repo: ctx.repo,
      ref: payload.ref,
      task: RERUN_TASK,
      environment,
      auto_merge: false,
      required_contexts: [],
      // biome-ignore lint/suspicious/noExplicitAny: Octokit types payload as a loose map.
      payload: payload as any,
      description: `deploy-window: re-run ${payload.workflow} at ${payload.notBefore}`,
      transient_environment: false,
    });
    const id = (response.data as { id?: number }).id;
    if (typeof id !== 'number') {
      ctx.log.warning(
        `No re-run recorded: GitHub did not create the deployment (${response.status}).`,
      );
      return null;
    }
    return id;
  } catch (error) {
    const { status, message } = describeApiError(error);
    const scope =
      status === 403 || status === 404
        ? ' The token needs `deployments: write` (workflow `permissions:`).'
        : '';
    ctx.log.warning(
      `No re-run recorded: creating the deployment failed (${status ?? 'network'}): ${message}.${scope}`,
    );
    return null;
  }
}

/** A deployment left without a status is invisible to the scheduler; remove it if we can. */
async function discard(target: Repo, deploymentId: number): Promise<void> {
  try {
    await setStatus(target, deploymentId, 'inactive', 'deploy-window: recording failed');
    await target.octokit.rest.repos.deleteDeployment({
      owner: target.owner,
      repo: target.repo,
      deployment_id: deploymentId,
    });
  } catch {
    // Best effort: a deployment with no queued status is never dispatched.
  }
}

/**
 * Sets the pending re-runs (queued, or a stale claim: claim.ts) of this environment and ref
 * that `pick` selects to `inactive`, with
 * `description`. Returns their ids. A failure is a warning naming `what` was being done.
 */
async function deactivatePending(
  ctx: RerunContext,
  target: Repo,
  scope: { environment: string; ref: string; what: string },
  pick: (deploymentId: number) => boolean,
  description: string,
  logUrl?: string,
): Promise<number[]> {
  const deactivated: number[] = [];
  try {
    const listed = await listRerunDeployments(target, scope, ctx.log);
    for (const deployment of listed.filter((d) => pick(d.id))) {
      const status = await latestStatus(target, deployment.id);
      // Pending: queued, or claimed by a scheduler that died (which the next one would take).
      if (!isClaimable(status ?? undefined, ctx.clock.now())) continue;
      await setStatus(target, deployment.id, 'inactive', description, logUrl);
      deactivated.push(deployment.id);
    }
  } catch (error) {
    ctx.log.warning(
      `Could not ${scope.what} of ${scope.environment} on ${scope.ref}: ${describeApiError(error).message}`,
    );
  }
  return deactivated;
}

function supersedeOlder(
  ctx: RerunContext,
  target: Repo,
  environment: string,
  ref: string,
  newId: number,
): Promise<number[]> {
  return deactivatePending(
    ctx,
    target,
    { environment, ref, what: 'retire older pending re-runs' },
    (id) => id < newId,
    `Superseded by the re-run in deployment #${newId}`,
  );
}

/**
 * After a run of this environment and ref was allowed (inside the window, or exempt), the
 * pending re-run is no longer needed: retire it so the scheduler does not deploy again.
 * Returns the retired deployment ids; failures are warnings.
 */
export async function retirePendingReruns(ctx: RerunContext): Promise<number[]> {
  const ref = rerunRefFromEnv(ctx.env);
  if (!ref) return [];
  const environment = ctx.environment ?? DEFAULT_RERUN_ENVIRONMENT;
  const target: Repo = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
  const retired = await deactivatePending(
    ctx,
    target,
    { environment, ref, what: 'retire pending re-runs' },
    () => true,
    `Not needed: run ${ctx.env.GITHUB_RUN_ID ?? ''} was allowed to deploy ${environment} from ${ref}`,
    runUrl(ctx.env, ctx.owner, ctx.repo),
  );
  for (const id of retired) {
    ctx.log.info(`The pending re-run in deployment #${id} is no longer needed: retired.`);
  }
  return retired;
}
