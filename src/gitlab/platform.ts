// GatePlatform for GitLab CI: `deploy-window gate --platform gitlab` (the include template).
// Facts come from GitLab's predefined variables, the tokens (DEPLOY_WINDOW_TOKEN, CI_JOB_TOKEN;
// never printed) in the platform context. The policy (config, CODEOWNERS) is read at the policy
// ref through the API, the files it `extends` from other projects with the job token or the
// token the `policy-token` input names, the actor is the job's user as `GET /job` reports it to
// the job token (docs/gitlab.md). Without a token everything that needs the API is a warning,
// never an exemption. An override is recorded in a note and in the dotenv report. Each step is a
// function of what it is handed: the run's facts and what the gate passes.
import { lstatSync, rmSync } from 'node:fs';
import { formatIssue } from '../core/config/format.js';
import { errorMessage } from '../core/errors.js';
import { withBlockingPolicies } from '../core/render/blocking-policies.js';
import { quotedName } from '../core/render/escape.js';
import { fitBody } from '../core/render/fit-body.js';
import { renderJson } from '../core/render/json.js';
import { renderMarkdown } from '../core/render/markdown.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision, ExemptConfig, ExtraDeny, NotifyTarget } from '../core/types.js';
import { once } from '../gate/once.js';
import type {
  ConfigLoad,
  ExemptionResult,
  GateLogger,
  GateOptions,
  GatePlatform,
  GateResult,
  NoteEvent,
  NoteFacts,
  NoteResult,
  PlatformContext,
  PlatformTokens,
  RescheduleResult,
} from '../gate/types.js';
import { DEFAULT_CONFIG_PATHS, readGateConfig } from '../node/config-file.js';
import { type Notification, type NotifyOptions, sendNotifications } from '../node/notify.js';
import { type PolicyFiles, repoRelativePath, workspaceFiles } from '../node/policy-files.js';
import { writeOwnFile } from '../node/write-file.js';
import { type JobUser, jobUserOf } from './actor.js';
import { GitLabClient, type TokenHeader } from './client.js';
import { confirmFacts } from './confirmed-facts.js';
import { dotenvPath, writeDotenv } from './dotenv.js';
import { checkGitLabExemption } from './exemption.js';
import { type GitLabFacts, malformedFacts, readGitLabFacts, TOKEN_HELP } from './facts.js';
import { deployFreezeDeny } from './freeze.js';
import { gitlabLogger } from './log.js';
import { GITLAB_NOTE, publishGitLabNote } from './notes.js';
import { recordGitLabOverride } from './override-record.js';
import { gitlabRepositoryFiles, unreadablePolicy } from './policy-files.js';
import {
  type GitLabSources,
  gitlabBlockingPolicies,
  gitlabPolicySources,
  type PolicyTokenSource,
  readPolicyToken,
} from './policy-sources.js';
import { isScheduleId, removeRerunSchedule, scheduleRerun } from './schedules.js';

export interface GitLabPlatformOverrides {
  /** Tests: a fetch to use, and backoff without real sleeping. */
  fetch?: typeof fetch;
  retryDelayMs?: number;
  /** Time-out of one API request (default 30 s). */
  timeoutMs?: number;
  /** Where collapsible section lines go (default: stdout). */
  write?: (text: string) => void;
  /**
   * The template's `policy-token` input (`--policy-token-env`): the NAME of the CI/CD variable
   * holding the token that reads the policy projects a config extends. The token itself is read
   * from the job's environment here and never printed. null or absent: the job token.
   */
  policyTokenVariable?: string | null;
  /** Tests: notification retries and time-outs without real sleeping. */
  notify?: Pick<NotifyOptions, 'retryDelaysMs' | 'sleep' | 'attemptTimeoutMs' | 'totalTimeoutMs'>;
}

/** The API clients of a run: DEPLOY_WINDOW_TOKEN's (PRIVATE-TOKEN), the job token's, the policy token's. */
function createClients(
  apiUrl: string | null,
  tokens: PlatformTokens,
  policyToken: PolicyTokenSource | null,
  overrides: GitLabPlatformOverrides,
): {
  client: GitLabClient | null;
  jobClient: GitLabClient | null;
  policyClient: GitLabClient | null;
} {
  const clientWith = (token: string | null, tokenHeader: TokenHeader) =>
    token && apiUrl
      ? new GitLabClient({
          apiUrl,
          token,
          tokenHeader,
          fetch: overrides.fetch,
          baseDelayMs: overrides.retryDelayMs,
          timeoutMs: overrides.timeoutMs,
        })
      : null;
  return {
    client: clientWith(tokens.api, 'PRIVATE-TOKEN'),
    // `GET /job`, and the policy without DEPLOY_WINDOW_TOKEN.
    jobClient: clientWith(tokens.job, 'JOB-TOKEN'),
    // The policy projects a config extends, when the policy-token input names a variable.
    policyClient: clientWith(policyToken?.token ?? null, 'PRIVATE-TOKEN'),
  };
}

/** Where the window config may be in the repository: the path given, else the default paths. */
function configPaths(given: string | null | undefined): readonly string[] {
  const wanted = given?.trim() ?? '';
  if (wanted === '') return DEFAULT_CONFIG_PATHS;
  const relative = repoRelativePath(wanted);
  return relative === null ? [] : [relative];
}

/** The `policy-ref` value that means "the project's default branch" (the template's default). */
const DEFAULT_BRANCH_REF = '$CI_DEFAULT_BRANCH';

/**
 * Where the policy is read: `workspace` = the checkout (trusting the change); else a ref of the
 * project through the repository files API, with DEPLOY_WINDOW_TOKEN or else the job token.
 */
function policySource(
  policyRef: string | null,
  facts: GitLabFacts,
  client: GitLabClient | null,
  jobClient: GitLabClient | null,
  workspace: string,
): { policy: PolicyFiles; checkout: PolicyFiles | null } {
  const checkout = workspaceFiles(workspace);
  const wanted = policyRef?.trim() ?? '';
  if (wanted === 'workspace') return { policy: checkout, checkout: null };
  const atDefault = wanted === '' || wanted === DEFAULT_BRANCH_REF;
  const ref = atDefault ? facts.defaultBranch : wanted;
  if (!ref) {
    return {
      policy: unreadablePolicy(
        'the default branch',
        'CI_DEFAULT_BRANCH is not set; give the policy-ref input a branch or tag',
      ),
      checkout,
    };
  }
  const reader = client ?? jobClient;
  if (!reader || !facts.projectId) {
    const why = !facts.apiUrl
      ? 'CI_API_V4_URL is not set to an http(s) URL (is this a GitLab CI job?)'
      : !facts.projectId
        ? 'CI_PROJECT_ID is not set'
        : 'neither DEPLOY_WINDOW_TOKEN nor CI_JOB_TOKEN is set';
    return { policy: unreadablePolicy(ref, why), checkout };
  }
  const describe = (atDefault && facts.defaultBranchLabel) || undefined;
  // Only the default branch (as GitLab names it) is read without the branch/tag look-up. A ref
  // the pipeline file names is checked even when CI_DEFAULT_BRANCH, which a pipeline variable
  // can set, names it too.
  const checkRef = !atDefault;
  return {
    policy: gitlabRepositoryFiles(reader, facts.projectId, ref, { describe, checkRef }),
    checkout,
  };
}

/** What every step of one GitLab gate run works with, fixed when the platform is created. */
interface GitLabRun {
  facts: GitLabFacts;
  log: GateLogger;
  options: GateOptions;
  /** DEPLOY_WINDOW_TOKEN's client; null: no token (or no API URL). */
  client: GitLabClient | null;
  /** The job token's client; null: no CI_JOB_TOKEN (or no API URL). */
  jobClient: GitLabClient | null;
  tokens: PlatformTokens;
  outputFile: string | null;
  /** The checkout: reports are written only into its real folders. */
  workspace: string;
  env: Record<string, string | undefined>;
  overrides: GitLabPlatformOverrides;
  /** `GET /job` to the job token, asked once (who started the job, its project). */
  job: () => Promise<unknown>;
  /** How `extends` was read, once a config extends anything: where each layer came from. */
  sources?: GitLabSources;
}

/** Why an API step cannot run: the token is missing, or the API URL. */
function missing(run: GitLabRun, what: string): string {
  return !run.tokens.api
    ? `${what}: ${TOKEN_HELP}`
    : `${what}: CI_API_V4_URL is not set to an http(s) URL (is this a GitLab CI job?)`;
}

/**
 * Who started the job, as GitLab reports it to the job token (never GITLAB_USER_LOGIN: a
 * pipeline variable can replace it). null, after a warning, when GitLab would not say.
 */
async function lookUpJobUser(run: GitLabRun): Promise<JobUser | null> {
  if (!run.jobClient) {
    run.log.warning(
      `${run.facts.apiUrl ? 'CI_JOB_TOKEN is not set' : 'CI_API_V4_URL is not set'}, so who started this job is unknown: nobody is exempt.`,
    );
    return null;
  }
  try {
    return jobUserOf(await run.job());
  } catch (error) {
    run.log.warning(
      `Could not learn who started this job from GitLab (GET /job): ${errorMessage(error)}; nobody is exempt.`,
    );
    return null;
  }
}

async function writeNote(
  run: GitLabRun,
  decision: Decision,
  event: NoteEvent,
  facts: NoteFacts,
): Promise<NoteResult> {
  const { client, log } = run;
  if (!client) {
    if (event !== 'allowed') {
      log.warning(missing(run, 'No note written on the merge request or commit'));
    }
    return { url: null };
  }
  const blocking =
    event === 'allowed' || !run.sources
      ? null
      : gitlabBlockingPolicies(decision, run.sources, run.facts);
  const result = await publishGitLabNote(
    { client, facts: run.facts, log },
    decision,
    event,
    (marker) =>
      fitBody(
        decision.message,
        (message) => {
          const body = renderMarkdown(
            { ...decision, message },
            { event, exemptions: facts.exemptions, rerunAt: facts.rerunAt, marker },
          );
          return blocking ? withBlockingPolicies(body, blocking) : body;
        },
        GITLAB_NOTE,
      ),
  );
  if (result.url) log.info(`Note (${event}): ${result.url}`);
  return result;
}

async function scheduleGitLabRerun(run: GitLabRun, decision: Decision): Promise<RescheduleResult> {
  const { client, log } = run;
  if (!client) throw new Error(missing(run, 'no pipeline schedule created'));
  const scheduled = await scheduleRerun({ client, facts: run.facts }, decision);
  log.info(
    `Re-run scheduled: pipeline schedule ${scheduled.scheduleId} runs ${scheduled.ref} at "${scheduled.cron}" (${scheduled.timezone}), the opening ${formatInstant(decision.nextOpen)}.`,
  );
  if (scheduled.replaced.length > 0) {
    log.info(
      `It replaces schedule ${scheduled.replaced.join(', ')} for the same environment and ref.`,
    );
  }
  return { rerunAt: formatInstant(decision.nextOpen) };
}

/** Removes the re-run schedule that started this pipeline (DEPLOY_WINDOW_RERUN), if it is ours. */
async function removeOwnRerunSchedule(run: GitLabRun, id: string): Promise<void> {
  const { client, log } = run;
  if (!client) {
    log.warning(missing(run, `The re-run schedule ${id} that started this pipeline stays`));
    return;
  }
  try {
    const removal = await removeRerunSchedule(
      { client, facts: run.facts },
      id,
      run.options.environment,
    );
    if (removal.removed) {
      log.info(`Removed the re-run schedule ${id} that started this pipeline.`);
    } else {
      log.info(`DEPLOY_WINDOW_RERUN=${id}: no schedule removed, as ${removal.why}.`);
    }
  } catch (error) {
    log.warning(`Could not remove the re-run schedule ${id}: ${errorMessage(error)}`);
  }
}

/**
 * The override's record: a note on the merge request (else a commit comment), whatever
 * `comment` says. Without DEPLOY_WINDOW_TOKEN, or when GitLab refuses, a warning: the deploy
 * was allowed by the config, and the log, the JSON and the dotenv report still say so.
 */
async function recordOverride(run: GitLabRun, decision: Decision): Promise<void> {
  const { client, log } = run;
  const unrecorded = 'The override was not recorded in a note';
  if (!client) {
    log.warning(
      `${missing(run, unrecorded)}. The job log, deploy-window.json and DEPLOY_WINDOW_OVERRIDE=true still record it.`,
    );
    return;
  }
  try {
    const recorded = await recordGitLabOverride(client, run.facts, decision);
    if (recorded) {
      log.info(
        `The override is recorded in a note on ${recorded.where}${recorded.url ? `: ${recorded.url}` : ''}.`,
      );
    }
  } catch (error) {
    log.warning(
      `${unrecorded}: ${errorMessage(error)}. The job log, deploy-window.json and DEPLOY_WINDOW_OVERRIDE=true still record it.`,
    );
  }
}

/** One notification to every target (docs/overrides.md, "Notifications"); returns warnings. */
async function notifyTargets(
  run: GitLabRun,
  targets: readonly NotifyTarget[],
  notification: Notification,
): Promise<string[]> {
  const report = await sendNotifications(targets, notification, {
    env: run.env,
    facts: {
      repository: run.facts.projectPath,
      ref: run.facts.refName,
      runUrl: run.facts.jobUrl,
    },
    fetch: run.overrides.fetch,
    ...run.overrides.notify,
  });
  for (const name of report.sent) {
    run.log.info(`Notified ${quotedName(name)} (${notification.event}).`);
  }
  return report.warnings;
}

/**
 * The decision JSON and the dotenv report beside it (`--output`), each on its own: a directory
 * the checkout holds at deploy-window.json cannot keep the dotenv report from being written (a
 * committed deploy-window.env would otherwise be the report later jobs read), and a directory
 * at deploy-window.env is replaced.
 */
function writeReports(run: GitLabRun, result: GateResult, outputFile: string): void {
  const { decision } = result;
  if (decision) {
    try {
      writeOwnFile(outputFile, renderJson(decision), { root: run.workspace });
    } catch (error) {
      run.log.warning(`Could not write ${outputFile}: ${errorMessage(error)}`);
    }
  }
  const path = dotenvPath(outputFile);
  try {
    // Only a directory of the report's own name is removed, never what `--output` names.
    if (lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      rmSync(path, { recursive: true, force: true });
    }
    writeDotenv(outputFile, result, run.workspace);
    run.log.info(`Wrote ${path} (artifacts:reports:dotenv).`);
  } catch (error) {
    run.log.warning(`Could not write the dotenv report ${path}: ${errorMessage(error)}`);
  }
}

export async function createGitLabPlatform(
  ctx: PlatformContext,
  overrides: GitLabPlatformOverrides = {},
): Promise<GatePlatform> {
  const { options, tokens, workspace } = ctx;
  const stated = readGitLabFacts(ctx.env);
  const log = gitlabLogger(ctx.log, overrides.write);
  for (const wrong of malformedFacts(ctx.env)) log.warning(`${wrong}: read as unset.`);
  const policyToken = readPolicyToken(ctx.env, overrides.policyTokenVariable);
  const { client, jobClient, policyClient } = createClients(
    stated.apiUrl,
    tokens,
    policyToken,
    overrides,
  );
  const job = once(() => (jobClient ? jobClient.get<unknown>('/job') : Promise.resolve(null)));
  const wantedRef = options.policyRef?.trim() ?? '';
  const atDefault = wantedRef === '' || wantedRef === DEFAULT_BRANCH_REF;
  const facts = await confirmFacts(stated, {
    job,
    reader: client ?? jobClient,
    configPaths: atDefault ? configPaths(options.configPath) : null,
    info: (line) => log.info(line),
    warn: (line) => log.warning(line),
  });
  const run: GitLabRun = {
    facts,
    log,
    options,
    client,
    jobClient,
    tokens,
    outputFile: ctx.outputFile,
    workspace,
    env: ctx.env,
    overrides,
    job,
  };
  const { policy, checkout } = policySource(options.policyRef, facts, client, jobClient, workspace);
  // Built on first use: only a config with `extends` reads other projects.
  let sources: GitLabSources | null = null;
  const orgSources = (): GitLabSources => {
    sources ??= gitlabPolicySources({
      policy,
      policyClient,
      policyToken,
      jobClient,
      apiUrlMissing: facts.apiUrl === null,
    });
    run.sources = sources;
    return sources;
  };
  // Facts of the run, each learned once and only when a step needs it.
  const jobUserOnce = once(() => lookUpJobUser(run));
  // CI_DEPLOY_FREEZE describes the job's start: judge it once, at the gate's first instant, so
  // that after a wait the freeze's known end lies behind us.
  const freezeOnce = once(() =>
    deployFreezeDeny(
      {
        client,
        facts,
        info: (line) => log.info(line),
        warn: (line) => log.warning(line),
        horizonMinutes: options.horizon,
      },
      options.at ?? Date.now(),
    ),
  );
  let noticeShown = false;

  return {
    name: 'gitlab',
    log,

    async loadConfig(): Promise<ConfigLoad> {
      const result = await readGateConfig(options.configPath || null, policy, checkout);
      if (result.notice && !noticeShown) {
        noticeShown = true;
        log.warning(result.notice);
      }
      if (!result.ok) return result;
      for (const warning of result.warnings) log.warning(formatIssue(warning));
      return { ok: true, config: result.config };
    },

    async resolveActor() {
      // A re-run schedule's pipeline runs as the token's user, not as whoever was blocked; a
      // schedule left behind fires again a year on, in whatever freeze holds then.
      if (facts.rerunScheduleId) {
        // A variable's text reaches the log only in its form.
        const id = isScheduleId(facts.rerunScheduleId) ? facts.rerunScheduleId : '?';
        log.info(
          `This pipeline is deploy-window's re-run (schedule ${id}): it runs as the token's user, not as whoever was blocked, so nobody is exempt and the windows decide.`,
        );
        return null;
      }
      return (await jobUserOnce())?.username ?? null;
    },

    extraDeny: (): Promise<ExtraDeny[]> => freezeOnce(),

    async checkExemption(
      exempt: ExemptConfig,
      actor: string,
      files?: PolicyFiles | null,
    ): Promise<ExemptionResult> {
      return checkGitLabExemption(
        {
          client,
          facts,
          // An extended layer's CODEOWNERS comes from its own project and ref; roles are in it.
          policy: files ?? policy,
          project: orgSources().projectOf(files),
          // The actor is the job's user when the caller named nobody (resolveActor).
          jobUser: options.actor === null ? await jobUserOnce() : null,
          info: (line) => log.info(line),
        },
        exempt,
        actor,
      );
    },

    // A policy from the checkout is the change's: the files its `extends` names in other
    // projects must not be quoted through their errors (docs/organisation.md).
    policySources: () => ({
      ...orgSources().options,
      withholdOtherRepositoryErrors: options.policyRef?.trim() === 'workspace',
    }),

    notify: (targets, notification) => notifyTargets(run, targets, notification),

    publishNote: (decision, event, facts) => writeNote(run, decision, event, facts),

    reschedule: (decision) => scheduleGitLabRerun(run, decision),

    async report(result: GateResult): Promise<void> {
      if (facts.rerunScheduleId) await removeOwnRerunSchedule(run, facts.rerunScheduleId);
      if (result.decision?.override) await recordOverride(run, result.decision);
      if (run.outputFile) writeReports(run, result, run.outputFile);
    },
  };
}
