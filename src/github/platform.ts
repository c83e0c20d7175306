// GatePlatform for GitHub, shared by the action and `deploy-window gate --platform github`.
// Tokens come from the environment: DEPLOY_WINDOW_TOKEN (the action puts its github-token
// input there), else GITHUB_TOKEN; team look-ups use DEPLOY_WINDOW_EXEMPT_TOKEN if set. The
// config and CODEOWNERS are read at the policy ref (docs/github-action.md, "Where the policy
// comes from"): the default branch unless policy-ref says otherwise.
import { appendFile } from 'node:fs/promises';
import { formatIssue } from '../core/config/format.js';
import { renderMarkdown } from '../core/render/markdown.js';
import type { Config, Decision, ExemptConfig } from '../core/types.js';
import { systemClock } from '../gate/clock.js';
import type {
  ExemptionResult,
  GatePlatform,
  GateResult,
  NoteResult,
  PlatformContext,
} from '../gate/types.js';
import { DEFAULT_CONFIG_PATHS, readGateConfig } from '../node/config-file.js';
import {
  isSafeRef,
  type PolicyFiles,
  PolicyReadError,
  workspaceFiles,
} from '../node/policy-files.js';
import { createClient, type GitHubClient, messageOf } from './client.js';
import { classifyOwner, findCodeownersFile, parseCodeowners, ruleFor } from './codeowners.js';
import {
  fitNoteBody,
  type NoteTarget,
  noteMarker,
  readEventPayload,
  resolveNoteTarget,
  upsertNote,
} from './comment.js';
import { type CommentAuthor, commentAuthor } from './identity.js';
import { outputsOf, writeOutputs } from './outputs.js';
import { CONTENTS_GRANT, githubContentsFiles } from './policy-files.js';
import { type RerunContext, recordRerun, retirePendingReruns } from './rerun/index.js';
import { buildSummary } from './summary.js';
import { checkTeamMembership } from './teams.js';

const NO_EXEMPTIONS: ExemptConfig = { users: [], teams: [], codeowners: null };

export interface GitHubPlatformOptions {
  /** Aborts the re-run recorder's waits (the gate's own wait has its signal). */
  signal?: AbortSignal;
}

export function parseRepository(value: string | undefined): { owner: string; repo: string } | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value?.trim() ?? '');
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : null;
}

/** The event payload's `repository.default_branch`, when the payload is about this repository. */
export function defaultBranchFromEvent(
  payload: Record<string, unknown>,
  repository: { owner: string; repo: string },
): string | null {
  const about = payload.repository as { full_name?: unknown; default_branch?: unknown } | undefined;
  const branch = about?.default_branch;
  const sameRepository =
    typeof about?.full_name !== 'string' ||
    about.full_name.toLowerCase() === `${repository.owner}/${repository.repo}`.toLowerCase();
  return sameRepository && typeof branch === 'string' && isSafeRef(branch) ? branch : null;
}

export async function createGitHubPlatform(
  ctx: PlatformContext,
  platformOptions: GitHubPlatformOptions = {},
): Promise<GatePlatform> {
  const { env, log, options, workspace } = ctx;
  const repository = parseRepository(env.GITHUB_REPOSITORY);
  const baseUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const token = env.DEPLOY_WINDOW_TOKEN || env.GITHUB_TOKEN || '';
  const exemptToken = env.DEPLOY_WINDOW_EXEMPT_TOKEN || token;

  const clients = new Map<string, GitHubClient>();
  const clientFor = (secret: string): GitHubClient | null => {
    if (!secret) return null;
    let client = clients.get(secret);
    if (!client) {
      client = createClient(secret, { baseUrl, log, env });
      clients.set(secret, client);
    }
    return client;
  };

  let config: Config | null = null;
  let target: NoteTarget | null | undefined;
  let rerunAt: string | null = null;
  let noteUrl: string | null = null;
  let policy: Promise<PolicyFiles> | null = null;
  let noticed = false;
  let author: CommentAuthor | null = null;

  /** The repository's default branch: the event payload says, else the API. */
  async function defaultBranch(
    client: GitHubClient,
    where: { owner: string; repo: string },
  ): Promise<string> {
    const fromEvent = defaultBranchFromEvent(readEventPayload(env.GITHUB_EVENT_PATH), where);
    if (fromEvent) return fromEvent;
    try {
      const { data } = await client.rest.repos.get({ ...where });
      const branch = (data as { default_branch?: unknown } | null)?.default_branch;
      if (typeof branch === 'string' && isSafeRef(branch)) return branch;
      throw new Error('the answer names no default branch');
    } catch (error) {
      throw new PolicyReadError(
        `cannot learn the default branch of ${where.owner}/${where.repo} to read the policy at (${messageOf(error)}); ${CONTENTS_GRANT}, or name the ref with policy-ref`,
      );
    }
  }

  /** Where the config and CODEOWNERS come from, decided once per run. */
  async function resolvePolicy(): Promise<PolicyFiles> {
    if (options.policyRef === 'workspace') return workspaceFiles(workspace);
    if (!repository) {
      throw new PolicyReadError(
        'GITHUB_REPOSITORY is not set (owner/repo), so the policy cannot be read from the repository; set it, or policy-ref: workspace to read the checkout',
      );
    }
    const client = clientFor(token);
    if (!client) {
      throw new PolicyReadError(
        "no token to read the policy with: the github-token input (DEPLOY_WINDOW_TOKEN) is empty; pass a token that can read this repository (`contents: read` in the workflow's `permissions:`), or set policy-ref: workspace to read the checkout",
      );
    }
    const ref = options.policyRef ?? (await defaultBranch(client, repository));
    return githubContentsFiles(client, repository, ref);
  }

  function policySource(): Promise<PolicyFiles> {
    policy ??= resolvePolicy();
    return policy;
  }
  async function noteTarget(client: GitHubClient): Promise<NoteTarget | null> {
    if (target !== undefined || !repository) return target ?? null;
    target = await resolveNoteTarget(
      client,
      repository,
      {
        eventName: env.GITHUB_EVENT_NAME,
        payload: readEventPayload(env.GITHUB_EVENT_PATH),
        sha: env.GITHUB_SHA,
      },
      log,
    );
    return target;
  }

  async function teamMember(team: string, actor: string, warnings: string[]): Promise<boolean> {
    const result = await checkTeamMembership(clientFor(exemptToken), team, actor);
    if (result.warning) warnings.push(result.warning);
    return result.member;
  }

  async function codeownersExemption(
    path: string,
    actor: string,
    warnings: string[],
  ): Promise<string | null> {
    let source: PolicyFiles;
    let file: { path: string; text: string } | null;
    try {
      source = await policySource();
      file = await findCodeownersFile(source);
    } catch (error) {
      warnings.push(`Could not read CODEOWNERS, so it exempts nobody: ${messageOf(error)}.`);
      return null;
    }
    const at = source.ref === null ? 'in the workspace' : `at ${source.describe}`;
    if (!file) {
      warnings.push(
        `exempt.codeowners is set, but there is no CODEOWNERS file ${at} (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).`,
      );
      return null;
    }
    const rule = ruleFor(parseCodeowners(file.text), path);
    if (!rule || rule.owners.length === 0) {
      log.info(`${file.path} ${at} names no owner of ${path}.`);
      return null;
    }
    log.info(
      `${file.path}:${rule.line} ${at} (${rule.pattern}) owns ${path}: ${rule.owners.join(' ')}`,
    );
    for (const owner of rule.owners.map(classifyOwner)) {
      if (owner.kind === 'user' && owner.login.toLowerCase() === actor.toLowerCase()) {
        return `codeowners:@${owner.login}`;
      }
      if (owner.kind === 'team' && (await teamMember(owner.team, actor, warnings))) {
        return `codeowners:@${owner.team}`;
      }
    }
    return null;
  }

  function rerunContext(decision: Decision): RerunContext | null {
    const client = clientFor(token);
    if (!client || !repository) return null;
    return {
      octokit: client,
      ...repository,
      env,
      workspace,
      log,
      clock: systemClock,
      signal: platformOptions.signal,
      environment: decision.environment,
    };
  }

  return {
    name: 'github',
    log,

    async loadConfig() {
      let source: PolicyFiles;
      try {
        source = await policySource();
      } catch (error) {
        const file = options.configPath.trim() || DEFAULT_CONFIG_PATHS[0];
        return {
          ok: false,
          errors: [{ file, line: 1, column: 1, path: '', message: messageOf(error) }],
        };
      }
      const result = await readGateConfig(
        options.configPath,
        source,
        source.ref === null ? null : workspaceFiles(workspace),
      );
      if (!result.ok) return { ok: false, errors: result.errors };
      if (result.notice && !noticed) {
        noticed = true;
        log.info(result.notice);
      }
      for (const warning of result.warnings) log.warning(formatIssue(warning));
      config = result.config;
      return { ok: true, config: result.config };
    },

    async extraDeny() {
      return [];
    },

    async checkExemption(exempt, actor): Promise<ExemptionResult> {
      const warnings: string[] = [];
      for (const team of exempt.teams) {
        log.info(`Checking whether ${actor} is an active member of ${team}.`);
        if (await teamMember(team, actor, warnings)) {
          return { exempt: true, via: `team:${team.replace(/^@/, '')}`, warnings };
        }
      }
      if (exempt.codeowners) {
        const via = await codeownersExemption(exempt.codeowners, actor, warnings);
        if (via) return { exempt: true, via, warnings };
      }
      return { exempt: false, via: null, warnings };
    },

    async publishNote(decision: Decision, event): Promise<NoteResult> {
      const client = clientFor(token);
      if (!client || !repository) {
        // Nothing to update without API access; only a block is worth a warning.
        if (event === 'allowed') return { url: null };
        log.warning(
          `No comment written: ${!repository ? 'GITHUB_REPOSITORY is not set' : 'no token (github-token / DEPLOY_WINDOW_TOKEN)'}.`,
        );
        return { url: null };
      }
      const where = await noteTarget(client);
      if (!where) return { url: null };
      const marker = noteMarker(decision.environment);
      // Within GitHub's size limit: a huge config message is clipped, and the note says so.
      const body = fitNoteBody(decision.message, (message) =>
        renderMarkdown(
          { ...decision, message },
          { event, exemptions: config?.exempt ?? NO_EXEMPTIONS, rerunAt, marker },
        ),
      );
      author ??= commentAuthor(client);
      const written = await upsertNote(
        client,
        repository,
        where,
        marker,
        body,
        event !== 'allowed',
        author,
      );
      if (written.warning) log.warning(written.warning);
      const place = where.kind === 'pull' ? `pull request #${where.number}` : `commit ${where.sha}`;
      if (written.action === 'none') {
        log.info(`No blocked note on ${place} to update.`);
      } else {
        log.info(`Note ${written.action} on ${place}: ${written.url}`);
      }
      noteUrl = written.url ?? noteUrl;
      return { url: written.url };
    },

    async reschedule(decision) {
      const rerun = rerunContext(decision);
      if (!rerun) {
        log.warning('No re-run recorded: no token or GITHUB_REPOSITORY.');
        return;
      }
      const record = await recordRerun(rerun, decision);
      if (record) {
        rerunAt = record.payload.notBefore;
        log.info(record.message);
      }
    },

    async retireReschedules(decision) {
      const rerun = rerunContext(decision);
      if (rerun) await retirePendingReruns(rerun);
    },

    // The CLI writes ctx.outputFile itself (`gate --output`); the action has none.
    async report(result: GateResult) {
      if (env.GITHUB_OUTPUT) writeOutputs(env.GITHUB_OUTPUT, outputsOf(result));
      if (env.GITHUB_STEP_SUMMARY) {
        try {
          const text = buildSummary(result, {
            mode: options.mode,
            noteUrl: result.noteUrl ?? noteUrl,
            rerunAt,
          });
          await appendFile(env.GITHUB_STEP_SUMMARY, text, 'utf8');
        } catch (error) {
          log.warning(`Could not write the job summary: ${messageOf(error)}`);
        }
      }
    },
  };
}
