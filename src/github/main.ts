// The action's entry: read the inputs, then gate this job (`command: check`), fire due re-runs
// (`command: dispatch`) or preview a pull request's policy change (`command: preview`).
import { errorMessage } from '../core/errors.js';
import { trimAsciiSpace } from '../core/exempt.js';
import { systemClock } from '../gate/clock.js';
import { runGate } from '../gate/run-gate.js';
import type { GateOptions, PlatformContext } from '../gate/types.js';
import { openClient } from './api.js';
import { readEventPayload } from './comment.js';
import { type ActionInputs, getInputs } from './inputs.js';
import { actionsLogger } from './logger.js';
import { createGitHubPlatform, parseRepository } from './platform.js';
import { githubPolicySources } from './policy-sources.js';
import { runPreview } from './preview.js';
import { clockStartingAt, dispatchSummaryMarkdown, runDispatch } from './rerun/index.js';
import { notifyDispatchedReruns } from './rerun/notify.js';
import * as core from './workflow-commands.js';

/** How far ahead the engine looks for closings and openings (docs/engine.md, "Horizon": 366 days). */
const HORIZON_MINUTES = 366 * 1440;

/** A client for one of the action's tokens, on the run's API (GITHUB_API_URL). */
function actionClient(token: string, env: Record<string, string | undefined>) {
  return openClient(token, {
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    log: actionsLogger,
    env,
  });
}

/** Who started this attempt (a re-run's triggering actor), else who started the workflow. */
export function actorFrom(env: Record<string, string | undefined>): string | null {
  return (
    trimAsciiSpace(env.GITHUB_TRIGGERING_ACTOR ?? '') ||
    trimAsciiSpace(env.GITHUB_ACTOR ?? '') ||
    null
  );
}

export function gateOptionsFrom(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): GateOptions {
  return {
    platform: 'github',
    configPath: inputs.config ?? '',
    policyRef: inputs.policyRef,
    environment: inputs.environment,
    at: inputs.at,
    mode: inputs.mode,
    maxWait: inputs.maxWait,
    minDuration: inputs.minDuration,
    horizon: HORIZON_MINUTES,
    comment: inputs.comment,
    reschedule: inputs.reschedule,
    actor: actorFrom(env),
    reason: inputs.reason,
  };
}

/** Aborts on the runner's cancel signals (SIGINT, then SIGTERM) until `release` is called. */
function cancellation(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) core.info(`Received ${name}: stopping.`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function dispatch(inputs: ActionInputs, signal: AbortSignal): Promise<void> {
  const env = process.env;
  const repository = parseRepository(env.GITHUB_REPOSITORY);
  if (!repository) throw new Error('GITHUB_REPOSITORY is not set (owner/repo).');
  if (!inputs.githubToken)
    throw new Error('Input "github-token" is empty: dispatch needs a token.');
  const octokit = await actionClient(inputs.githubToken, env);
  const clock = inputs.at === null ? systemClock : clockStartingAt(systemClock, inputs.at);
  const summary = await runDispatch({
    octokit,
    ...repository,
    env,
    log: actionsLogger,
    clock,
    signal,
    lookaheadMinutes: inputs.lookahead,
  });
  await notifyDispatchedReruns(
    {
      octokit,
      policyClient: inputs.policyToken ? await actionClient(inputs.policyToken, env) : null,
      repository,
      env,
      log: actionsLogger,
      configPath: inputs.config,
      now: () => clock.now(),
    },
    summary,
  );
  if (env.GITHUB_STEP_SUMMARY) {
    await core.appendSummary(dispatchSummaryMarkdown(summary));
  }
  core.setOutput('dispatched', String(summary.dispatched));
  core.setOutput('pending', String(summary.notDue));
  if (summary.failed > 0) {
    core.setFailed(
      `${summary.failed} re-run${summary.failed === 1 ? '' : 's'} could not be dispatched.`,
    );
  }
}

/** `command: preview`: the "Deploy window changes" comment of a pull request (docs/preview.md). */
async function preview(inputs: ActionInputs): Promise<void> {
  const env = process.env;
  const repository = parseRepository(env.GITHUB_REPOSITORY);
  if (!repository) throw new Error('GITHUB_REPOSITORY is not set (owner/repo).');
  if (!inputs.githubToken) {
    throw new Error(
      'Input "github-token" is empty: preview reads the policy and writes the comment with a token.',
    );
  }
  const octokit = await actionClient(inputs.githubToken, env);
  // `extends` is read as the gate reads it: github> sources with the policy token.
  const policyClient = inputs.policyToken ? await actionClient(inputs.policyToken, env) : octokit;
  const outcome = await runPreview({
    octokit,
    repository,
    policySources: (files) =>
      githubPolicySources({ client: policyClient, own: () => files, repository, sha: null })
        .options,
    previewRepositories: inputs.previewRepositories,
    eventName: env.GITHUB_EVENT_NAME,
    payload: readEventPayload(env.GITHUB_EVENT_PATH),
    configPath: inputs.config,
    environment: inputs.environment,
    from: inputs.at ?? Date.now(),
    log: actionsLogger,
  });
  if (env.GITHUB_OUTPUT) {
    core.writeOutputs(env.GITHUB_OUTPUT, {
      changed: String(outcome.changed),
      'comment-url': outcome.commentUrl ?? '',
    });
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const summary =
      outcome.markdown ??
      '### Deploy window changes\n\nThis pull request does not change the deploy window policy.\n';
    await core.appendSummary(summary);
  }
  if (outcome.failure) {
    actionsLogger.error(outcome.failure);
    process.exitCode = 1;
  }
}

export async function run(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = getInputs();
  } catch (error) {
    core.setFailed(errorMessage(error));
    return;
  }
  for (const secret of [inputs.githubToken, inputs.exemptToken, inputs.policyToken]) {
    if (secret) core.setSecret(secret);
  }
  const { signal, release } = cancellation();
  try {
    if (inputs.command === 'dispatch') {
      await dispatch(inputs, signal);
      return;
    }
    if (inputs.command === 'preview') {
      await preview(inputs);
      return;
    }
    const env = process.env;
    const options = gateOptionsFrom(inputs, env);
    const ctx: PlatformContext = {
      env,
      // The action's tokens are its inputs, never the environment.
      tokens: { api: inputs.githubToken || null, exempt: inputs.exemptToken, job: null },
      options,
      log: actionsLogger,
      workspace: env.GITHUB_WORKSPACE || process.cwd(),
      outputFile: null,
    };
    const platform = await createGitHubPlatform(ctx, {
      signal,
      policyToken: inputs.policyToken,
    });
    const result = await runGate(options, platform, systemClock, signal);
    // The gate already logged why as an error annotation; only the step result is left.
    if (result.exitCode !== 0) process.exitCode = result.exitCode;
  } catch (error) {
    core.setFailed(errorMessage(error));
  } finally {
    release();
  }
}
