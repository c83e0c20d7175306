// GatePlatform for GitLab CI: `deploy-window gate --platform gitlab` (the include template).
// Facts come from GitLab's predefined variables, the token from DEPLOY_WINDOW_TOKEN (never
// printed). The policy (config, CODEOWNERS) is read at the policy ref through the API, the
// actor is the job's user as `GET /job` reports it to the job token (docs/gitlab.md). Without a
// token everything that needs the API is a warning, never an exemption.
import { writeFileSync } from 'node:fs';
import { formatIssue } from '../core/config/format.js';
import { renderJson } from '../core/render/json.js';
import { renderMarkdown } from '../core/render/markdown.js';
import type { Config, Decision, ExemptConfig, ExtraDeny } from '../core/types.js';
import type {
  ConfigLoad,
  ExemptionResult,
  GatePlatform,
  GateResult,
  NoteResult,
  PlatformContext,
} from '../gate/types.js';
import { readGateConfig } from '../node/config-file.js';
import { type PolicyFiles, workspaceFiles } from '../node/policy-files.js';
import { type JobUser, jobUser } from './actor.js';
import { GitLabClient } from './client.js';
import { writeDotenv } from './dotenv.js';
import { checkGitLabExemption } from './exemption.js';
import { type GitLabFacts, readGitLabFacts, TOKEN_HELP } from './facts.js';
import { deployFreezeDeny } from './freeze.js';
import { gitlabLogger } from './log.js';
import { publishGitLabNote } from './notes.js';
import { gitlabRepositoryFiles, unreadablePolicy } from './policy-files.js';
import { removeRerunSchedule, scheduleRerun } from './schedules.js';

const NO_EXEMPTIONS: ExemptConfig = { users: [], teams: [], codeowners: null };

export interface GitLabPlatformOverrides {
  /** Tests: a fetch to use, and backoff without real sleeping. */
  fetch?: typeof fetch;
  retryDelayMs?: number;
  /** Time-out of one API request (default 30 s). */
  timeoutMs?: number;
  /** Where collapsible section lines go (default: stdout). */
  write?: (text: string) => void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createGitLabClient(
  facts: GitLabFacts,
  overrides: GitLabPlatformOverrides = {},
): GitLabClient | null {
  if (!facts.token || !facts.apiUrl) return null;
  return new GitLabClient({
    apiUrl: facts.apiUrl,
    token: facts.token,
    fetch: overrides.fetch,
    baseDelayMs: overrides.retryDelayMs,
    timeoutMs: overrides.timeoutMs,
  });
}

/** A client with the job token (JOB-TOKEN): `GET /job`, and the policy without DEPLOY_WINDOW_TOKEN. */
function createJobClient(
  facts: GitLabFacts,
  overrides: GitLabPlatformOverrides,
): GitLabClient | null {
  if (!facts.jobToken || !facts.apiUrl) return null;
  return new GitLabClient({
    apiUrl: facts.apiUrl,
    token: facts.jobToken,
    tokenHeader: 'JOB-TOKEN',
    fetch: overrides.fetch,
    baseDelayMs: overrides.retryDelayMs,
    timeoutMs: overrides.timeoutMs,
  });
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
  const ref = wanted === '' || wanted === DEFAULT_BRANCH_REF ? facts.defaultBranch : wanted;
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
  return { policy: gitlabRepositoryFiles(reader, facts.projectId, ref), checkout };
}

export async function createGitLabPlatform(
  ctx: PlatformContext,
  overrides: GitLabPlatformOverrides = {},
): Promise<GatePlatform> {
  const { options, workspace } = ctx;
  const facts = readGitLabFacts(ctx.env);
  const log = gitlabLogger(ctx.log, overrides.write);
  const client = createGitLabClient(facts, overrides);
  const jobClient = createJobClient(facts, overrides);
  const { policy, checkout } = policySource(options.policyRef, facts, client, jobClient, workspace);
  // The actor judged for exemption: --actor, else the job's user as GitLab reports it, looked up
  // once the config shows someone could be exempt (never GITLAB_USER_LOGIN: a pipeline variable
  // can replace it).
  let actorLookup: Promise<JobUser | null> | null = null;
  const lookUpActor = (): Promise<JobUser | null> => {
    actorLookup ??= (async () => {
      if (!jobClient) {
        log.warning(
          `${facts.apiUrl ? 'CI_JOB_TOKEN is not set' : 'CI_API_V4_URL is not set'}, so who started this job is unknown: nobody is exempt.`,
        );
        return null;
      }
      try {
        const user = await jobUser(jobClient);
        if (options.actor === null) options.actor = user.username;
        return user;
      } catch (error) {
        log.warning(
          `Could not learn who started this job from GitLab (GET /job): ${errorText(error)}; nobody is exempt.`,
        );
        return null;
      }
    })();
    return actorLookup;
  };
  let noticeShown = false;

  let config: Config | null = null;
  let freeze: Promise<ExtraDeny[]> | null = null;
  let rerunAt: string | null = null;

  const missing = (what: string): string =>
    !facts.token
      ? `${what}: ${TOKEN_HELP}`
      : `${what}: CI_API_V4_URL is not set to an http(s) URL (is this a GitLab CI job?)`;

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
      config = result.config;
      const { users, teams, codeowners } = result.config.exempt;
      if (options.actor === null && (users.length > 0 || teams.length > 0 || codeowners)) {
        await lookUpActor();
      }
      return { ok: true, config: result.config };
    },

    extraDeny(): Promise<ExtraDeny[]> {
      // CI_DEPLOY_FREEZE describes the job's start: judge it once, at the gate's first instant,
      // so that after a wait the freeze's known end lies behind us.
      freeze ??= deployFreezeDeny(
        { client, facts, warn: (line) => log.warning(line), horizonMinutes: options.horizon },
        options.at ?? Date.now(),
      );
      return freeze;
    },

    async checkExemption(exempt: ExemptConfig, actor: string): Promise<ExemptionResult> {
      return checkGitLabExemption(
        {
          client,
          facts,
          policy,
          jobUser: actorLookup ? await actorLookup : null,
          info: (line) => log.info(line),
        },
        exempt,
        actor,
      );
    },

    async publishNote(decision: Decision, event): Promise<NoteResult> {
      if (!client) {
        if (event !== 'allowed')
          log.warning(missing('No note written on the merge request or commit'));
        return { url: null };
      }
      const result = await publishGitLabNote({ client, facts }, decision, event, (marker) =>
        renderMarkdown(decision, {
          event,
          exemptions: config?.exempt ?? NO_EXEMPTIONS,
          rerunAt,
          marker,
        }),
      );
      if (result.url) log.info(`Note (${event}): ${result.url}`);
      return result;
    },

    async reschedule(decision: Decision): Promise<void> {
      if (!client) throw new Error(missing('no pipeline schedule created'));
      const scheduled = await scheduleRerun({ client, facts }, decision);
      rerunAt = decision.nextOpen;
      log.info(
        `Re-run scheduled: pipeline schedule ${scheduled.scheduleId} runs ${scheduled.ref} at "${scheduled.cron}" (${scheduled.timezone}), the opening ${decision.nextOpen}.`,
      );
      if (scheduled.replaced.length > 0) {
        log.info(
          `It replaces schedule ${scheduled.replaced.join(', ')} for the same environment and ref.`,
        );
      }
    },

    async report(result: GateResult): Promise<void> {
      if (facts.rerunScheduleId) {
        const id = facts.rerunScheduleId;
        if (!client) {
          log.warning(missing(`The re-run schedule ${id} that started this pipeline stays`));
        } else {
          try {
            const removal = await removeRerunSchedule({ client, facts }, id, options.environment);
            if (removal.removed) {
              log.info(`Removed the re-run schedule ${id} that started this pipeline.`);
            } else {
              log.info(`DEPLOY_WINDOW_RERUN=${id}: no schedule removed, as ${removal.why}.`);
            }
          } catch (error) {
            log.warning(`Could not remove the re-run schedule ${id}: ${errorText(error)}`);
          }
        }
      }
      if (ctx.outputFile) {
        try {
          if (result.decision) writeFileSync(ctx.outputFile, renderJson(result.decision), 'utf8');
          const path = writeDotenv(ctx.outputFile, result);
          log.info(`Wrote ${path} (artifacts:reports:dotenv).`);
        } catch (error) {
          log.warning(
            `Could not write ${ctx.outputFile} and its dotenv report: ${errorText(error)}`,
          );
        }
      }
    },
  };
}
