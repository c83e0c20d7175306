// `rerun` notifications of the scheduler (docs/overrides.md, "Notifications"): once `command:
// dispatch` has fired re-runs, the `notify:` targets of the config at the default branch (and of
// the policies it extends) hear of each. The config is read only when something was dispatched
// (one contents request, and one per extended source); a config that cannot be read is a
// warning, never a failure of the scheduler: the dispatches already happened.
import { formatIssue } from '../../core/config/format.js';
import { errorMessage } from '../../core/errors.js';
import type { NotifyTarget } from '../../core/types.js';
import type { GateLogger } from '../../gate/types.js';
import { readConfigFile } from '../../node/config-file.js';
import { type NotifyOptions, sendNotifications } from '../../node/notify.js';
import { resolvePolicyLayers } from '../../node/policy-sources.js';
import { type GitHubClient, platformFetch } from '../api.js';
import { readEventPayload } from '../comment.js';
import { defaultBranchFromEvent } from '../platform.js';
import { githubContentsFiles, type Repository, repositoryDefaultBranch } from '../policy-files.js';
import { githubPolicySources } from '../policy-sources.js';
import { runUrl } from './run-facts.js';
import type { DispatchSummary, RerunEnv } from './types.js';

/** At most this many re-runs are announced per scheduler run; the rest in one warning. */
export const MAX_RERUN_NOTIFICATIONS = 20;

export interface RerunNotifyContext {
  octokit: GitHubClient;
  /** Reads the sources the config extends (policy-token); null: `octokit`. */
  policyClient?: GitHubClient | null;
  repository: Repository;
  env: RerunEnv;
  log: Pick<GateLogger, 'info' | 'warning'>;
  /** The `config` input; null: the first default path that exists. */
  configPath: string | null;
  /** The dispatch instant, for the message. */
  now: () => number;
  /** Webhook timings and client (tests shorten them). */
  notify?: Pick<
    NotifyOptions,
    'retries' | 'retryDelaysMs' | 'sleep' | 'attemptTimeoutMs' | 'totalTimeoutMs' | 'fetch'
  >;
}

/** The `notify:` targets named for `rerun` in the config at the default branch and its layers. */
async function rerunTargets(ctx: RerunNotifyContext): Promise<NotifyTarget[]> {
  const { octokit, repository, env, log } = ctx;
  const branch =
    defaultBranchFromEvent(readEventPayload(env.GITHUB_EVENT_PATH), repository) ??
    (await repositoryDefaultBranch(octokit, repository));
  const files = githubContentsFiles(octokit, repository, branch);
  const load = await readConfigFile(ctx.configPath, files);
  if (!load.ok) {
    const first = load.errors[0];
    throw new Error(
      `the config at ${branch} is not valid${first ? ` (${formatIssue(first)})` : ''}`,
    );
  }
  let layers = [load.config];
  if ((load.config.extends ?? []).length > 0) {
    const sources = githubPolicySources({
      client: ctx.policyClient ?? octokit,
      own: () => files,
      repository,
      sha: null,
    });
    const resolved = await resolvePolicyLayers(load.config, sources.options);
    if ('errors' in resolved) {
      const first = resolved.errors[0];
      log.warning(
        `Re-run notifications go to this repository's targets only: an extended policy could not be read${first ? ` (${formatIssue(first)})` : ''}.`,
      );
    } else {
      layers = resolved.layers.map((layer) => layer.config);
    }
  }
  return layers
    .flatMap((config) => config.notify ?? [])
    .filter((target) => target.on.includes('rerun'));
}

/**
 * Sends one `rerun` notification per re-run dispatched in this scheduler run (all at once,
 * within the notification time-out). Never throws; problems are warnings.
 */
export async function notifyDispatchedReruns(
  ctx: RerunNotifyContext,
  summary: DispatchSummary,
): Promise<void> {
  const dispatched = summary.items.filter((item) => item.outcome === 'dispatched');
  if (dispatched.length === 0) return;
  let targets: NotifyTarget[];
  try {
    targets = await rerunTargets(ctx);
  } catch (error) {
    ctx.log.warning(`No re-run notification sent: ${errorMessage(error)}.`);
    return;
  }
  if (targets.length === 0) return;
  const { owner, repo } = ctx.repository;
  const announced = dispatched.slice(0, MAX_RERUN_NOTIFICATIONS);
  if (dispatched.length > announced.length) {
    ctx.log.warning(
      `${dispatched.length} re-runs were dispatched; notifications were sent for the first ${announced.length}.`,
    );
  }
  const at = new Date(ctx.now()).toISOString();
  const reports = await Promise.all(
    announced.map((item) =>
      sendNotifications(
        targets,
        {
          event: 'rerun',
          rerun: { environment: item.environment, ref: item.ref, workflow: item.workflow, at },
        },
        {
          env: ctx.env,
          facts: {
            repository: `${owner}/${repo}`,
            ref: item.ref,
            runUrl: runUrl(ctx.env, owner, repo) ?? null,
          },
          fetch: platformFetch(ctx.env),
          ...ctx.notify,
        },
      ),
    ),
  );
  for (const report of reports) for (const warning of report.warnings) ctx.log.warning(warning);
  const sent = reports.reduce((count, report) => count + report.sent.length, 0);
  if (sent > 0) ctx.log.info(`Re-run notifications sent: ${sent}.`);
}
