// GatePlatform for GitHub, shared by the action and `deploy-window gate --platform github`.
// Tokens come in the platform context (the action's github-token and exempt-token inputs; the
// CLI's environment) and the platform options (policy-token). The config and CODEOWNERS are read
// at the policy ref (docs/github-action.md, "Where the policy comes from"): the default branch
// unless policy-ref says otherwise; the sources it extends through the contents API
// (docs/organisation.md). Overrides leave a deployment record, notifications go to webhooks
// (docs/overrides.md). Each step is a function of what it is handed: the run's facts, the
// policy, and what the gate passes.
import { appendFileSync } from 'node:fs';
import { formatIssue } from '../core/config/format.js';
import { errorMessage } from '../core/errors.js';
import { escapeMarkdown, quotedName } from '../core/render/escape.js';
import type { Decision, ExemptConfig, NotifyTarget } from '../core/types.js';
import { systemClock } from '../gate/clock.js';
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
  RescheduleResult,
} from '../gate/types.js';
import { DEFAULT_CONFIG_PATHS, readGateConfig } from '../node/config-file.js';
import {
  type Notification,
  type NotifyOptions,
  type NotifyRunFacts,
  sendNotifications,
} from '../node/notify.js';
import {
  isSafeRef,
  type PolicyFiles,
  PolicyReadError,
  workspaceFiles,
} from '../node/policy-files.js';
import { type GitHubClient, openClient, platformFetch } from './api.js';
import { classifyOwner, codeownersRuleFor, findCodeownersFile } from './codeowners.js';
import {
  type NoteTarget,
  noteMarker,
  readEventPayload,
  resolveNoteTarget,
  upsertNote,
} from './comment.js';
import { type CommentAuthor, commentAuthor } from './identity.js';
import { createsNote, noteBody } from './note-body.js';
import { outputsOf } from './outputs.js';
import { recordOverride } from './override-record.js';
import {
  CONTENTS_GRANT,
  githubContentsFiles,
  type Repository,
  refuseAmbiguousRef,
  repositoryDefaultBranch,
} from './policy-files.js';
import {
  type GitHubPolicySources,
  githubBlockingPolicies,
  githubPolicySources,
} from './policy-sources.js';
import {
  type RerunContext,
  recordRerun,
  rerunRefFromEnv,
  retirePendingReruns,
} from './rerun/index.js';
import { runUrl } from './rerun/run-facts.js';
import { buildSummary } from './summary.js';
import { checkTeamMembership } from './teams.js';
import { writeOutputs } from './workflow-commands.js';

export interface GitHubPlatformOptions {
  /** Aborts the re-run recorder's waits (the gate's own wait has its signal). */
  signal?: AbortSignal;
  /**
   * Reads the `github>` sources a config extends: the action's `policy-token` input. null or
   * absent: the API token (`github-token`). Never printed.
   */
  policyToken?: string | null;
  /** Webhook timings and client (tests shorten them); default those of docs/overrides.md. */
  notify?: Pick<
    NotifyOptions,
    'retries' | 'retryDelaysMs' | 'sleep' | 'attemptTimeoutMs' | 'totalTimeoutMs' | 'fetch'
  >;
}

export function parseRepository(value: string | undefined): Repository | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value?.trim() ?? '');
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : null;
}

/** The event payload's `repository.default_branch`, when the payload is about this repository. */
export function defaultBranchFromEvent(
  payload: Record<string, unknown>,
  repository: Repository,
): string | null {
  const about = payload.repository as { full_name?: unknown; default_branch?: unknown } | undefined;
  const branch = about?.default_branch;
  const sameRepository =
    typeof about?.full_name !== 'string' ||
    about.full_name.toLowerCase() === `${repository.owner}/${repository.repo}`.toLowerCase();
  return sameRepository && typeof branch === 'string' && isSafeRef(branch) ? branch : null;
}

/** What every step of one GitHub gate run works with, fixed when the platform is created. */
interface GitHubRun {
  env: Record<string, string | undefined>;
  log: GateLogger;
  options: GateOptions;
  workspace: string;
  /** GITHUB_REPOSITORY; null: not set, so nothing that needs the API is done. */
  repository: Repository | null;
  /** The client with the API token; null: no token. */
  client: GitHubClient | null;
  /** The client for team look-ups (the exempt token, else the API token); null: no token. */
  teamClient: GitHubClient | null;
  signal: AbortSignal | undefined;
  notify: GitHubPlatformOptions['notify'];
}

/** Where the config and CODEOWNERS come from (docs/github-action.md, "Where the policy comes from"). */
async function resolvePolicy(run: GitHubRun): Promise<PolicyFiles> {
  const { client, env, options, repository, workspace } = run;
  if (options.policyRef === 'workspace') return workspaceFiles(workspace);
  if (!repository) {
    throw new PolicyReadError(
      'GITHUB_REPOSITORY is not set (owner/repo), so the policy cannot be read from the repository; set it, or policy-ref: workspace to read the checkout',
    );
  }
  if (!client) {
    throw new PolicyReadError(
      "no token to read the policy with: the github-token input (DEPLOY_WINDOW_TOKEN) is empty; pass a token that can read this repository (`contents: read` in the workflow's `permissions:`), or set policy-ref: workspace to read the checkout",
    );
  }
  if (options.policyRef !== null) await refuseAmbiguousRef(client, repository, options.policyRef);
  let ref =
    options.policyRef ??
    defaultBranchFromEvent(readEventPayload(env.GITHUB_EVENT_PATH), repository);
  if (ref === null) {
    try {
      ref = await repositoryDefaultBranch(client, repository);
    } catch (error) {
      throw new PolicyReadError(
        `cannot read the policy: ${errorMessage(error)}; ${CONTENTS_GRANT}, or name the ref with policy-ref`,
      );
    }
  }
  return githubContentsFiles(
    client,
    repository,
    ref,
    'set policy-ref to a branch, tag or commit that does',
  );
}

async function loadGitHubConfig(
  run: GitHubRun,
  policy: Promise<PolicyFiles>,
): Promise<ConfigLoad & { notice?: string | null }> {
  let source: PolicyFiles;
  try {
    source = await policy;
  } catch (error) {
    const file = run.options.configPath.trim() || DEFAULT_CONFIG_PATHS[0];
    return {
      ok: false,
      errors: [{ file, line: 1, column: 1, path: '', message: errorMessage(error) }],
    };
  }
  const result = await readGateConfig(
    run.options.configPath,
    source,
    source.ref === null ? null : workspaceFiles(run.workspace),
  );
  if (!result.ok) return { ok: false, errors: result.errors };
  for (const warning of result.warnings) run.log.warning(formatIssue(warning));
  return { ok: true, config: result.config, notice: result.notice };
}

async function teamMember(
  run: GitHubRun,
  team: string,
  actor: string,
  warnings: string[],
): Promise<boolean> {
  const result = await checkTeamMembership(run.teamClient, team, actor);
  if (result.warning) warnings.push(result.warning);
  return result.member;
}

/** `codeowners:@owner` when the owners of `path` in the policy's CODEOWNERS include the actor. */
async function codeownersExemption(
  run: GitHubRun,
  policy: Promise<PolicyFiles>,
  path: string,
  actor: string,
  warnings: string[],
): Promise<string | null> {
  let source: PolicyFiles;
  let file: { path: string; text: string } | null;
  try {
    source = await policy;
    file = await findCodeownersFile(source);
  } catch (error) {
    warnings.push(`Could not read CODEOWNERS, so it exempts nobody: ${errorMessage(error)}.`);
    return null;
  }
  const at = source.ref === null ? 'in the workspace' : `at ${source.describe}`;
  if (!file) {
    warnings.push(
      `exempt.codeowners is set, but there is no CODEOWNERS file ${at} (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).`,
    );
    return null;
  }
  const rule = codeownersRuleFor(file.text, path);
  if (!rule || rule.owners.length === 0) {
    run.log.info(`${file.path} ${at} names no owner of ${path}.`);
    return null;
  }
  run.log.info(
    `${file.path}:${rule.line} ${at} (${rule.pattern}) owns ${path}: ${rule.owners.join(' ')}`,
  );
  for (const owner of rule.owners.map(classifyOwner)) {
    if (owner.kind === 'user' && owner.login.toLowerCase() === actor.toLowerCase()) {
      return `codeowners:@${owner.login}`;
    }
    if (owner.kind === 'team' && (await teamMember(run, owner.team, actor, warnings))) {
      return `codeowners:@${owner.team}`;
    }
  }
  return null;
}

/** `policy`: the files whose CODEOWNERS count (this repository's policy, or an extended layer's). */
async function checkGitHubExemption(
  run: GitHubRun,
  policy: Promise<PolicyFiles>,
  exempt: ExemptConfig,
  actor: string,
): Promise<ExemptionResult> {
  const warnings: string[] = [];
  for (const team of exempt.teams) {
    run.log.info(`Checking whether ${actor} is an active member of ${team}.`);
    if (await teamMember(run, team, actor, warnings)) {
      return { exempt: true, via: `team:${team.replace(/^@/, '')}`, warnings };
    }
  }
  if (exempt.codeowners) {
    const via = await codeownersExemption(run, policy, exempt.codeowners, actor, warnings);
    if (via) return { exempt: true, via, warnings };
  }
  return { exempt: false, via: null, warnings };
}

/** Where the note goes: the event's pull request, else the commit's (docs/github-action.md, "The comment"). */
function noteTarget(run: GitHubRun, client: GitHubClient, repository: Repository) {
  return resolveNoteTarget(
    client,
    repository,
    {
      eventName: run.env.GITHUB_EVENT_NAME,
      payload: readEventPayload(run.env.GITHUB_EVENT_PATH),
      sha: run.env.GITHUB_SHA,
    },
    run.log,
  );
}

interface NoteWriter {
  client: GitHubClient;
  repository: Repository;
  /** This run's pull request or commit (null: none to write on). */
  target: Promise<NoteTarget | null>;
  /** Who this token writes as: only its own comments are edited. */
  author: CommentAuthor;
}

async function publishGitHubNote(
  run: GitHubRun,
  writer: NoteWriter | null,
  sources: GitHubPolicySources,
  decision: Decision,
  event: NoteEvent,
  facts: NoteFacts,
): Promise<NoteResult> {
  const create = createsNote(decision, event);
  if (!writer) {
    // Nothing to update without API access; only a block or an override is worth a warning.
    if (!create) return { url: null };
    run.log.warning(
      `No comment written: ${!run.repository ? 'GITHUB_REPOSITORY is not set' : 'no token (github-token / DEPLOY_WINDOW_TOKEN)'}.`,
    );
    return { url: null };
  }
  const where = await writer.target;
  if (!where) return { url: null };
  const marker = noteMarker(decision.environment);
  // Within GitHub's size limit: a huge config message is clipped, and the note says so.
  const body = noteBody(decision, event, {
    ...facts,
    marker,
    blockingPolicies: githubBlockingPolicies(decision, sources.originOf, serverUrl(run.env)),
  });
  const written = await upsertNote(
    writer.client,
    writer.repository,
    where,
    marker,
    body,
    create,
    writer.author,
  );
  if (written.warning) run.log.warning(written.warning);
  const place = where.kind === 'pull' ? `pull request #${where.number}` : `commit ${where.sha}`;
  if (written.action === 'none') {
    run.log.info(`No blocked note on ${place} to update.`);
  } else {
    run.log.info(`Note ${written.action} on ${place}: ${written.url}`);
  }
  return { url: written.url };
}

function rerunContext(run: GitHubRun, decision: Decision): RerunContext | null {
  if (!run.client || !run.repository) return null;
  return {
    octokit: run.client,
    ...run.repository,
    env: run.env,
    log: run.log,
    clock: systemClock,
    signal: run.signal,
    environment: decision.environment,
  };
}

async function recordGitHubRerun(run: GitHubRun, decision: Decision): Promise<RescheduleResult> {
  const rerun = rerunContext(run, decision);
  if (!rerun) {
    run.log.warning('No re-run recorded: no token or GITHUB_REPOSITORY.');
    return { rerunAt: null };
  }
  const record = await recordRerun(rerun, decision);
  if (!record) return { rerunAt: null };
  run.log.info(record.message);
  return { rerunAt: record.payload.notBefore };
}

/** GITHUB_SERVER_URL (links to files and runs), `https://github.com` when the runner set none. */
function serverUrl(env: Record<string, string | undefined>): string {
  return (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
}

/** What a notification says about the run: repository, branch or tag, the run's page. */
function notifyFacts(run: GitHubRun): NotifyRunFacts {
  const { env, repository } = run;
  return {
    repository: env.GITHUB_REPOSITORY?.trim() || null,
    ref: env.GITHUB_REF_NAME?.trim() || null,
    runUrl: repository ? (runUrl(env, repository.owner, repository.repo) ?? null) : null,
  };
}

/** One notification to the layers' targets (docs/overrides.md): warnings only, never thrown. */
async function notifyGitHub(
  run: GitHubRun,
  targets: readonly NotifyTarget[],
  notification: Notification,
): Promise<string[]> {
  const report = await sendNotifications(targets, notification, {
    env: run.env,
    facts: notifyFacts(run),
    fetch: platformFetch(run.env),
    ...run.notify,
  });
  if (report.sent.length > 0) {
    run.log.info(`Notified ${report.sent.map(quotedName).join(', ')} (${notification.event}).`);
  }
  return report.warnings;
}

/**
 * The durable record of an override (docs/overrides.md): a deployment of task
 * `deploy-window:override`. Returns the line for the summary; a failure is a warning.
 */
async function recordGitHubOverride(run: GitHubRun, decision: Decision): Promise<string | null> {
  if (!decision.override) return null;
  const { client, env, log, repository } = run;
  if (!client || !repository) {
    log.warning(
      `The override was not recorded as a GitHub deployment: ${!repository ? 'GITHUB_REPOSITORY is not set' : 'no token (github-token / DEPLOY_WINDOW_TOKEN)'}.`,
    );
    return null;
  }
  const record = await recordOverride({
    octokit: client,
    ...repository,
    decision,
    ref: rerunRefFromEnv(env),
    sha: env.GITHUB_SHA?.trim() || null,
    logUrl: runUrl(env, repository.owner, repository.repo) ?? null,
  });
  if (!record.recorded) {
    if (record.warning) log.warning(record.warning);
    return null;
  }
  log.info(record.message);
  return record.message;
}

/** Step outputs, the override record and the job summary. The CLI writes ctx.outputFile itself. */
async function reportGitHub(
  run: GitHubRun,
  sources: GitHubPolicySources,
  result: GateResult,
): Promise<void> {
  const { env, log } = run;
  if (env.GITHUB_OUTPUT) writeOutputs(env.GITHUB_OUTPUT, outputsOf(result));
  const decision = result.decision;
  const recorded = decision ? await recordGitHubOverride(run, decision) : null;
  if (!env.GITHUB_STEP_SUMMARY) return;
  try {
    const blocking =
      decision && !decision.allowed
        ? githubBlockingPolicies(decision, sources.originOf, serverUrl(env))
        : null;
    const text = buildSummary(result, {
      mode: run.options.mode,
      noteUrl: result.noteUrl,
      rerunAt: result.rerunAt ?? null,
      // The record's line is text (an environment typed at dispatch); the summary is Markdown.
      notes: [blocking, recorded === null ? null : escapeMarkdown(recorded)].filter(
        (note): note is string => note !== null,
      ),
    });
    appendFileSync(env.GITHUB_STEP_SUMMARY, text, 'utf8');
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}

export async function createGitHubPlatform(
  ctx: PlatformContext,
  platformOptions: GitHubPlatformOptions = {},
): Promise<GatePlatform> {
  const { env, log, options, tokens, workspace } = ctx;
  const baseUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const clientFor = async (token: string | null) =>
    token ? await openClient(token, { baseUrl, log, env }) : null;
  const client = await clientFor(tokens.api);
  const policyToken = platformOptions.policyToken || tokens.api;
  const policyClient = policyToken === tokens.api ? client : await clientFor(policyToken);
  const run: GitHubRun = {
    env,
    log,
    options,
    workspace,
    repository: parseRepository(env.GITHUB_REPOSITORY),
    client,
    teamClient:
      tokens.exempt && tokens.exempt !== tokens.api ? await clientFor(tokens.exempt) : client,
    signal: platformOptions.signal,
    notify: platformOptions.notify,
  };
  // Facts of the run, each learned once and only when a step needs it.
  const policy = once(() => resolvePolicy(run));
  /** The policy once read (extends resolves after the config is loaded, so it is there). */
  let policyRead: PolicyFiles | null = null;
  const sources = githubPolicySources({
    client: policyClient,
    own: () =>
      policyRead ?? {
        describe: 'the policy ref',
        ref: null,
        read: async (path, limit) => (await policy()).read(path, limit),
      },
    repository: run.repository,
    sha: env.GITHUB_SHA?.trim() || null,
  });
  const noteWriter = once((): NoteWriter | null => {
    if (!run.client || !run.repository) return null;
    return {
      client: run.client,
      repository: run.repository,
      target: noteTarget(run, run.client, run.repository),
      author: commentAuthor(run.client),
    };
  });
  let noticeShown = false;

  return {
    name: 'github',
    log,

    async loadConfig() {
      policy().then(
        (files) => {
          policyRead = files;
        },
        () => {},
      );
      const { notice, ...load } = await loadGitHubConfig(run, policy());
      if (notice && !noticeShown) {
        noticeShown = true;
        if (log.notice) log.notice(notice);
        else log.info(notice);
      }
      return load;
    },

    async extraDeny() {
      return [];
    },

    checkExemption: (exempt, actor, files) =>
      checkGitHubExemption(run, files ? Promise.resolve(files) : policy(), exempt, actor),

    // A policy from the checkout is the change's: the files its `extends` names in other
    // repositories must not be quoted through their errors (docs/organisation.md).
    policySources: () => ({
      ...sources.options,
      withholdOtherRepositoryErrors: run.options.policyRef === 'workspace',
    }),

    notify: (targets, notification) => notifyGitHub(run, targets, notification),

    publishNote: (decision, event, facts) =>
      publishGitHubNote(run, noteWriter(), sources, decision, event, facts),

    reschedule: (decision) => recordGitHubRerun(run, decision),

    async retireReschedules(decision) {
      const rerun = rerunContext(run, decision);
      if (rerun) await retirePendingReruns(rerun);
    },

    report: (result) => reportGitHub(run, sources, result),
  };
}
