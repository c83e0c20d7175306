// The "Deploy window changes" note of a merge request (docs/preview.md): the policy read at the
// merge request's diff base and at the pipeline's commit through the repository files API, and
// when the change touches it, one note with what it does to the open time, found again by its
// marker and its author (this token's user) and updated in place.
import { formatIssue } from '../core/config/format.js';
import { errorMessage } from '../core/errors.js';
import { diffText, PREVIEW_MARKER } from '../core/render/diff.js';
import { carriesMarker } from '../core/render/marker.js';
import {
  type PreviewFacts,
  previewDiffMarkdown,
  previewInvalidMarkdown,
  previewUnchangedMarkdown,
  previewUnreadLine,
  previewUnreadMarkdown,
} from '../core/render/preview.js';
import type { GateLogger, PlatformTokens } from '../gate/types.js';
import type { PolicyFiles } from '../node/policy-files.js';
import {
  differingPolicyFiles,
  previewPolicies,
  readableForHead,
  readPolicySide,
} from '../node/policy-preview.js';
import { GitLabClient } from './client.js';
import { confirmFacts } from './confirmed-facts.js';
import { type GitLabFacts, projectPathId, readGitLabFacts, TOKEN_HELP } from './facts.js';
import { GITLAB_NOTE } from './notes.js';
import { writtenByToken } from './own-notes.js';
import { gitlabRepositoryFiles } from './policy-files.js';
import { gitlabPolicySources, readPolicyToken } from './policy-sources.js';

/** A commit sha (SHA-1 or SHA-256), as GitLab's predefined variables give it. */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export interface GitLabPreviewOptions {
  env: Record<string, string | undefined>;
  /** `api` (DEPLOY_WINDOW_TOKEN) writes the note; the policy is read with it, else `job`. */
  tokens: PlatformTokens;
  /** null: the first default path that exists. */
  configPath: string | null;
  /**
   * The variable holding the token that reads the policy projects a config extends (the
   * template's `policy-token` input); null: they are read as this project's policy is.
   */
  policyTokenVariable?: string | null;
  /**
   * Projects (`gitlab>acme/deploy-policy`) the head's `extends` may read although the base's
   * policy does not: the template's `preview-repositories` input.
   */
  previewRepositories?: readonly string[];
  /** Empty: every environment the two policies name. */
  environments: readonly string[];
  from: number;
  days: number;
  log: Pick<GateLogger, 'info' | 'warning' | 'error'>;
  /** Tests: a fetch to use, and backoff without real sleeping. */
  fetch?: typeof fetch;
  retryDelayMs?: number;
  timeoutMs?: number;
}

export interface GitLabPreviewOutcome {
  /** 0: done (whether or not the policy changed); 2: the new policy is invalid, or no preview. */
  exitCode: 0 | 2;
  changed: boolean;
  noteUrl: string | null;
}

interface MergeRequestNote {
  id: number;
  body: string;
  system?: boolean;
  author?: { id?: unknown; username?: unknown } | null;
}

function isNote(value: unknown): value is MergeRequestNote {
  const note = value as Partial<MergeRequestNote> | null;
  return (
    typeof note === 'object' &&
    note !== null &&
    typeof note.id === 'number' &&
    typeof note.body === 'string'
  );
}

function client(
  options: GitLabPreviewOptions,
  apiUrl: string,
  token: string,
  tokenHeader: 'PRIVATE-TOKEN' | 'JOB-TOKEN',
): GitLabClient {
  return new GitLabClient({
    apiUrl,
    token,
    tokenHeader,
    fetch: options.fetch,
    baseDelayMs: options.retryDelayMs,
    timeoutMs: options.timeoutMs,
  });
}

interface NoteTarget {
  client: GitLabClient;
  facts: GitLabFacts;
  projectId: string;
  iid: string;
  log: Pick<GateLogger, 'info' | 'warning'>;
}

/**
 * Creates or updates the one preview note: the newest note with the marker written by this
 * token's user (`GET /user`). A note by anyone else is never edited, whatever it holds; when the
 * user cannot be learned, no note is edited. With `createIfMissing` false only an existing note
 * is updated.
 */
async function upsertPreviewNote(
  target: NoteTarget,
  body: string,
  createIfMissing: boolean,
): Promise<string | null> {
  const { log } = target;
  const iid = encodeURIComponent(target.iid);
  const endpoint = `/projects/${projectPathId(target.projectId)}/merge_requests/${iid}/notes`;
  const notes = (
    await target.client.getAll<unknown>(endpoint, { sort: 'asc', order_by: 'created_at' })
  ).filter(isNote);
  const marked = notes.filter((note) => !note.system && carriesMarker(note.body, PREVIEW_MARKER));
  const ours = await writtenByToken(target.client, marked, log, 'note(s)');
  const existing = ours.at(-1);
  const link = (id: number) =>
    target.facts.projectUrl
      ? `${target.facts.projectUrl}/-/merge_requests/${iid}#note_${id}`
      : null;
  if (existing) {
    if (existing.body === body) {
      log.info(`The preview note is up to date: ${link(existing.id) ?? existing.id}`);
    } else {
      await target.client.put(`${endpoint}/${existing.id}`, { body });
      log.info(`Preview note updated: ${link(existing.id) ?? existing.id}`);
    }
    return link(existing.id);
  }
  if (!createIfMissing) return null;
  const created = await target.client.post<unknown>(endpoint, { body });
  if (!isNote(created)) throw new Error('GitLab answered the new note with no note id');
  log.info(`Preview note created: ${link(created.id) ?? created.id}`);
  return link(created.id);
}

/** Writes the note when a token allows; a failure is a warning (the log shows the preview). */
async function writeNote(
  target: NoteTarget | null,
  body: string,
  createIfMissing: boolean,
): Promise<string | null> {
  if (!target) return null;
  try {
    return await upsertPreviewNote(target, body, createIfMissing);
  } catch (error) {
    target.log.warning(`Could not write the preview note: ${errorMessage(error)}`);
    return null;
  }
}

function fail(
  log: GitLabPreviewOptions['log'],
  message: string,
): GitLabPreviewOutcome & { exitCode: 2 } {
  log.error(message);
  return { exitCode: 2, changed: false, noteUrl: null };
}

export async function runGitLabPreview(
  options: GitLabPreviewOptions,
): Promise<GitLabPreviewOutcome> {
  const { log } = options;
  const stated = readGitLabFacts(options.env);
  if (!stated.mergeRequestIid) {
    return fail(
      log,
      'The preview runs in merge request pipelines: CI_MERGE_REQUEST_IID is not set (rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event").',
    );
  }
  const base = options.env.CI_MERGE_REQUEST_DIFF_BASE_SHA?.trim() ?? '';
  const head = stated.commitSha ?? '';
  if (!SHA.test(base) || !SHA.test(head)) {
    return fail(
      log,
      'CI_MERGE_REQUEST_DIFF_BASE_SHA and CI_COMMIT_SHA must name the commits to compare (40 or 64 hexadecimal digits).',
    );
  }
  if (!stated.apiUrl || !stated.projectId) {
    return fail(
      log,
      `${stated.apiUrl ? 'CI_PROJECT_ID' : 'CI_API_V4_URL'} is not set, so the policy cannot be read through the GitLab API (is this a GitLab CI job?).`,
    );
  }
  const { api, job } = options.tokens;
  const jobClient = job ? client(options, stated.apiUrl, job, 'JOB-TOKEN') : null;
  // The project is the job's, as GitLab answers the job token (a pipeline variable can replace
  // CI_PROJECT_ID); the commits compared come from variables (docs/security.md).
  const confirmed = await confirmFacts(stated, {
    job: () => (jobClient ? jobClient.get<unknown>('/job') : Promise.resolve(null)),
    reader: null,
    configPaths: null,
    info: (line) => log.info(line),
    warn: (line) => log.warning(line),
  });
  const facts = {
    ...confirmed,
    apiUrl: stated.apiUrl,
    projectId: confirmed.projectId ?? stated.projectId,
  };
  const mergeRequestIid = facts.mergeRequestIid ?? stated.mergeRequestIid;
  const tokenClient = api ? client(options, facts.apiUrl, api, 'PRIVATE-TOKEN') : null;
  const reader = tokenClient ?? jobClient;
  if (!reader) {
    return fail(log, `Neither DEPLOY_WINDOW_TOKEN nor CI_JOB_TOKEN is set: ${TOKEN_HELP}.`);
  }
  const target: NoteTarget | null = tokenClient
    ? { client: tokenClient, facts, projectId: facts.projectId, iid: mergeRequestIid, log }
    : null;
  if (!target) log.warning(`No preview note is written: ${TOKEN_HELP}. The log shows the preview.`);

  const baseFiles = gitlabRepositoryFiles(reader, facts.projectId, base);
  const headFiles = gitlabRepositoryFiles(reader, facts.projectId, head);
  // `extends` is read as the gate reads it: plain paths at the same commit, gitlab> sources
  // with the policy token when the template names one, else as this project's policy is read.
  const policyToken = readPolicyToken(options.env, options.policyTokenVariable);
  const policyClient = policyToken?.token
    ? client(options, facts.apiUrl, policyToken.token, 'PRIVATE-TOKEN')
    : null;
  const sources = (files: PolicyFiles) =>
    gitlabPolicySources({
      policy: files,
      policyClient,
      policyToken,
      jobClient: reader,
      apiUrlMissing: false,
    }).options;
  const before = await readPolicySide(options.configPath, baseFiles, sources);
  const after = await readPolicySide(
    options.configPath,
    headFiles,
    sources,
    readableForHead(before, options.previewRepositories),
  );
  // The diff base is where the merge request branched off: what differs is what it changes.
  const touched = await differingPolicyFiles(before, after);
  const previewFacts: PreviewFacts = { change: 'merge request', base, head, files: touched };
  if (touched.length === 0) {
    log.info(`Merge request !${facts.mergeRequestIid} does not change the deploy window policy.`);
    const noteUrl = await writeNote(target, previewUnchangedMarkdown(previewFacts), false);
    return { exitCode: 0, changed: false, noteUrl };
  }
  log.info(`Merge request !${facts.mergeRequestIid} changes the policy: ${touched.join(', ')}`);
  const preview = previewPolicies(before, after, {
    environments: options.environments,
    from: options.from,
    days: options.days,
  });
  if (preview.kind === 'invalid') {
    const noteUrl = await writeNote(
      target,
      previewInvalidMarkdown(preview.errors, previewFacts, GITLAB_NOTE.characters),
      true,
    );
    const count = preview.errors.length;
    log.error(
      [
        `The policy in this merge request is invalid (${count} problem${count === 1 ? '' : 's'}); once merged, the gate would block every deploy:`,
        ...preview.errors.map(formatIssue),
      ].join('\n'),
    );
    return { exitCode: 2, changed: true, noteUrl };
  }
  if (preview.kind === 'unread') {
    log.info(previewUnreadLine('merge request', preview.sources));
    const noteUrl = await writeNote(
      target,
      previewUnreadMarkdown(preview.sources, previewFacts, GITLAB_NOTE.characters),
      true,
    );
    return { exitCode: 0, changed: true, noteUrl };
  }
  for (const line of diffText(preview.diff).trimEnd().split('\n')) log.info(line);
  const body = previewDiffMarkdown(
    preview.diff,
    previewFacts,
    preview.baseErrors,
    GITLAB_NOTE.characters,
  );
  const noteUrl = await writeNote(target, body, true);
  return { exitCode: 0, changed: true, noteUrl };
}
