// `command: preview`: on a pull request that changes the deploy window policy, one "Deploy
// window changes" comment with what the change does to the open time (docs/preview.md). The
// policy is read at the pull request's base and head commits through the contents API, so no
// checkout is needed and nothing of the change is run.

import { formatIssue } from '../core/config/format.js';
import { errorMessage } from '../core/errors.js';
import { diffText, PREVIEW_MARKER } from '../core/render/diff.js';
import {
  type PreviewFacts,
  previewDiffMarkdown,
  previewInvalidMarkdown,
  previewUnchangedMarkdown,
  previewUnreadLine,
  previewUnreadMarkdown,
} from '../core/render/preview.js';
import type { GateLogger } from '../gate/types.js';
import { isSafeRef, type PolicyFiles } from '../node/policy-files.js';
import {
  differingPolicyFiles,
  type PolicySide,
  previewPolicies,
  readableForHead,
  readPolicySide,
  touchedPolicyFiles,
} from '../node/policy-preview.js';
import type { ResolveOptions } from '../node/policy-sources.js';
import type { GitHubClient } from './api.js';
import { COMMENT_BODY_LIMIT, type NoteWrite, upsertNote } from './comment.js';
import { type CommentAuthor, commentAuthor } from './identity.js';
import { githubContentsFiles, type Repository } from './policy-files.js';

/** The days the preview compares, from its instant on (the issue's "next 14 days"). */
export const PREVIEW_DAYS = 14;
/** GitHub lists at most 3,000 files of a pull request: 30 pages of 100. */
const MAX_FILE_PAGES = 30;
const FILES_PER_PAGE = 100;

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export interface PullRequestFacts {
  number: number;
  /** The base commit (else the base branch) and the head commit the event names. */
  base: string;
  head: string;
}

/** A commit sha (SHA-1 or SHA-256), as the event payload gives it. */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The pull request of a `pull_request` / `pull_request_target` event, or why there is none. */
export function pullRequestOfEvent(
  eventName: string | undefined,
  payload: Record<string, unknown>,
): PullRequestFacts | { error: string } {
  if (!eventName || !PULL_REQUEST_EVENTS.has(eventName)) {
    return {
      error: `command: preview runs on pull_request and pull_request_target events; this run is a ${eventName ? `"${eventName.slice(0, 40)}"` : 'run without an'} event`,
    };
  }
  const pull = payload.pull_request as
    | { number?: unknown; base?: { sha?: unknown; ref?: unknown }; head?: { sha?: unknown } }
    | undefined;
  const number = pull?.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) {
    return { error: 'the event payload names no pull request number' };
  }
  const headSha = pull?.head?.sha;
  if (typeof headSha !== 'string' || !SHA.test(headSha)) {
    return { error: 'the event payload names no head commit of the pull request' };
  }
  const baseSha = pull?.base?.sha;
  const baseRef = pull?.base?.ref;
  const base =
    typeof baseSha === 'string' && SHA.test(baseSha)
      ? baseSha
      : typeof baseRef === 'string' && isSafeRef(baseRef)
        ? baseRef
        : null;
  if (base === null) return { error: 'the event payload names no base of the pull request' };
  return { number, base, head: headSha };
}

interface ChangedFiles {
  files: string[];
  /** False when GitHub's list may be cut short (it lists at most 3,000 files). */
  complete: boolean;
}

/** The files a pull request changes (`GET /repos/{o}/{r}/pulls/{n}/files`), renames' old names too. */
export async function pullRequestFiles(
  octokit: GitHubClient,
  repository: Repository,
  number: number,
): Promise<ChangedFiles> {
  const files = new Set<string>();
  let pages = 0;
  let lastPageFull = false;
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    ...repository,
    pull_number: number,
    per_page: FILES_PER_PAGE,
  })) {
    if (!Array.isArray(page.data)) throw new Error('the list of changed files is not a list');
    for (const entry of page.data as unknown[]) {
      const file = entry as { filename?: unknown; previous_filename?: unknown } | null;
      if (typeof file?.filename !== 'string') {
        throw new Error('an entry of the list of changed files has no file name');
      }
      files.add(file.filename);
      if (typeof file.previous_filename === 'string') files.add(file.previous_filename);
    }
    pages += 1;
    lastPageFull = page.data.length >= FILES_PER_PAGE;
    if (pages >= MAX_FILE_PAGES) break;
  }
  return { files: [...files], complete: !(pages >= MAX_FILE_PAGES && lastPageFull) };
}

export interface PreviewOptions {
  octokit: GitHubClient;
  repository: Repository;
  eventName: string | undefined;
  payload: Record<string, unknown>;
  /** The config input; null: the first default path that exists. */
  configPath: string | null;
  /** The environment input; null: every environment the policies name. */
  environment: string | null;
  /** The first instant compared (the `at` input, else now). */
  from: number;
  /**
   * How `extends` is read, given one commit's files (plain paths come from that commit); none:
   * each side is its config file alone.
   */
  policySources?: (files: PolicyFiles) => ResolveOptions;
  /**
   * Repositories (`github>acme/deploy-policy`) the head's `extends` may read although the
   * base's policy does not: the `preview-repositories` input.
   */
  previewRepositories?: readonly string[];
  log: Pick<GateLogger, 'info' | 'warning'>;
  author?: CommentAuthor;
}

export interface PreviewOutcome {
  /** The pull request changes the policy. */
  changed: boolean;
  commentUrl: string | null;
  /** The comment's Markdown (also for the job summary); null when there is none to show. */
  markdown: string | null;
  /** Why the step fails (the new policy is invalid, or the preview could not be made). */
  failure: string | null;
}

function describeWrite(write: NoteWrite, number: number): string {
  switch (write.action) {
    case 'created':
      return `Preview comment created on pull request #${number}: ${write.url}`;
    case 'updated':
      return `Preview comment updated on pull request #${number}: ${write.url}`;
    case 'unchanged':
      return `Preview comment on pull request #${number} is up to date: ${write.url}`;
    case 'none':
      return `No preview comment on pull request #${number} to update.`;
  }
}

/** Posts or updates the one preview comment; a failure to write it is a warning. */
async function writeComment(
  options: PreviewOptions,
  number: number,
  body: string,
  createIfMissing: boolean,
): Promise<string | null> {
  const { octokit, repository, log } = options;
  try {
    const write = await upsertNote(
      octokit,
      repository,
      { kind: 'pull', number },
      PREVIEW_MARKER,
      body,
      createIfMissing,
      options.author ?? commentAuthor(octokit),
    );
    if (write.warning) log.warning(write.warning);
    log.info(describeWrite(write, number));
    return write.url;
  } catch (error) {
    log.warning(
      `Could not write the preview comment on pull request #${number} (${errorMessage(error)}); it needs \`pull-requests: write\`. The job summary shows the preview.`,
    );
    return null;
  }
}

function sideLine(label: string, side: PolicySide): string {
  const file = side.config?.file ?? side.errors[0]?.file ?? 'no config';
  return `${label} ${side.describe}: ${file}${side.config ? '' : ` (${side.errors.length} problem${side.errors.length === 1 ? '' : 's'})`}`;
}

export async function runPreview(options: PreviewOptions): Promise<PreviewOutcome> {
  const { octokit, repository, log } = options;
  const pull = pullRequestOfEvent(options.eventName, options.payload);
  if ('error' in pull) {
    return { changed: false, commentUrl: null, markdown: null, failure: `${pull.error}.` };
  }
  let changedFiles: ChangedFiles;
  try {
    changedFiles = await pullRequestFiles(octokit, repository, pull.number);
  } catch (error) {
    return {
      changed: false,
      commentUrl: null,
      markdown: null,
      failure: `Could not list the files of pull request #${pull.number} (${errorMessage(error)}); the token needs \`pull-requests: read\` (\`pull-requests: write\` for the comment).`,
    };
  }
  const baseFiles = githubContentsFiles(octokit, repository, pull.base);
  const headFiles = githubContentsFiles(octokit, repository, pull.head);
  const base = await readPolicySide(options.configPath, baseFiles, options.policySources);
  const head = await readPolicySide(
    options.configPath,
    headFiles,
    options.policySources,
    readableForHead(base, options.previewRepositories),
  );
  log.info(sideLine('Policy at the base', base));
  log.info(sideLine('Policy at the head', head));
  // The list of files says what the pull request itself changes (the base branch may have moved
  // on since it branched off); past GitHub's 3,000 files, the texts are compared instead.
  const touched = changedFiles.complete
    ? touchedPolicyFiles(changedFiles.files, base, head)
    : await differingPolicyFiles(base, head);
  const facts: PreviewFacts = {
    change: 'pull request',
    base: pull.base,
    head: pull.head,
    files: touched,
  };

  if (touched.length === 0) {
    log.info(`Pull request #${pull.number} does not change the deploy window policy.`);
    // A comment of an earlier push that did is updated, not left stale; none is created.
    const url = await writeComment(options, pull.number, previewUnchangedMarkdown(facts), false);
    return { changed: false, commentUrl: url, markdown: null, failure: null };
  }
  log.info(`Pull request #${pull.number} changes the policy: ${touched.join(', ')}`);

  const preview = previewPolicies(base, head, {
    environments: options.environment === null ? [] : [options.environment],
    from: options.from,
    days: PREVIEW_DAYS,
  });
  if (preview.kind === 'invalid') {
    const body = previewInvalidMarkdown(preview.errors, facts, COMMENT_BODY_LIMIT);
    const url = await writeComment(options, pull.number, body, true);
    const count = preview.errors.length;
    return {
      changed: true,
      commentUrl: url,
      markdown: body,
      failure: [
        `The policy in this pull request is invalid (${count} problem${count === 1 ? '' : 's'}); once merged, the gate would block every deploy:`,
        ...preview.errors.map(formatIssue),
      ].join('\n'),
    };
  }
  if (preview.kind === 'unread') {
    log.info(previewUnreadLine('pull request', preview.sources));
    const body = previewUnreadMarkdown(preview.sources, facts, COMMENT_BODY_LIMIT);
    const url = await writeComment(options, pull.number, body, true);
    return { changed: true, commentUrl: url, markdown: body, failure: null };
  }
  for (const line of diffText(preview.diff).trimEnd().split('\n')) log.info(line);
  const body = previewDiffMarkdown(preview.diff, facts, preview.baseErrors, COMMENT_BODY_LIMIT);
  const url = await writeComment(options, pull.number, body, true);
  return { changed: true, commentUrl: url, markdown: body, failure: null };
}
