// The one "Deployment is blocked" comment per pull request (or commit) and environment: where
// it goes, how a later run finds it (its hidden marker AND written by this token's identity),
// creating or updating it in place, and keeping it under GitHub's size limit.
import { readFileSync } from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { PREVIEW_MARKER } from '../core/render/diff.js';
import { type BodyLimit, clipBody, fitBody } from '../core/render/fit-body.js';
import { carriesMarker } from '../core/render/marker.js';
import type { GateLogger } from '../gate/types.js';
import type { GitHubClient } from './api.js';
import { type CommentAuthor, commentAuthor, sameLogin } from './identity.js';

/** GitHub refuses a comment body longer than this many characters (422). */
export const COMMENT_BODY_LIMIT = 65_536;
const GITHUB_COMMENT: BodyLimit = { characters: COMMENT_BODY_LIMIT, holder: 'a GitHub comment' };

/** Pages of 100 comments read to find the note: a bound, not a real limit of any thread. */
const MAX_COMMENT_PAGES = 50;

export type NoteTarget = { kind: 'pull'; number: number } | { kind: 'commit'; sha: string };

export interface Repo {
  owner: string;
  repo: string;
}

export interface NoteWrite {
  url: string | null;
  action: 'created' | 'updated' | 'unchanged' | 'none';
  /** For the log: comments with the marker left alone (another author, identity unknown). */
  warning?: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

const RENAMED = 'environment=';

/**
 * The hidden line that identifies this environment's note: `<!-- deploy-window:production -->`.
 * An environment named `preview` gets `<!-- deploy-window:environment=preview -->`: the plain
 * form is the policy preview's marker (docs/preview.md), and the two comments must not find
 * each other. A name that itself starts with `environment=` is written the same way, so no two
 * environments share a marker.
 */
export function noteMarker(environment: string | null): string {
  const name = (environment ?? '*').replace(/--+>?|>/g, '');
  const plain = `<!-- deploy-window:${name} -->`;
  return plain === PREVIEW_MARKER || name.startsWith(RENAMED)
    ? `<!-- deploy-window:${RENAMED}${name} -->`
    : plain;
}

export function readEventPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The pull request the event itself names (pull_request*, a PR comment, merge queue, workflow_run). */
export function pullFromEvent(
  eventName: string | undefined,
  payload: Record<string, unknown>,
): number | null {
  const number = (value: unknown) => (typeof value === 'number' && value > 0 ? value : null);
  if (eventName && PULL_REQUEST_EVENTS.has(eventName)) {
    const pull = payload.pull_request as { number?: unknown } | undefined;
    return number(pull?.number) ?? number(payload.number);
  }
  if (eventName === 'issue_comment') {
    const issue = payload.issue as { number?: unknown; pull_request?: unknown } | undefined;
    if (issue?.pull_request) return number(issue.number);
  }
  if (eventName === 'merge_group') {
    // The queue's branch names the pull request: gh-readonly-queue/main/pr-123-<sha>.
    const group = payload.merge_group as { head_ref?: unknown } | undefined;
    const match =
      typeof group?.head_ref === 'string' ? /\/pr-(\d+)-[0-9a-f]+$/.exec(group.head_ref) : null;
    return match?.[1] ? number(Number(match[1])) : null;
  }
  if (eventName === 'workflow_run') {
    const run = payload.workflow_run as { pull_requests?: { number?: unknown }[] } | undefined;
    return number(run?.pull_requests?.[0]?.number);
  }
  return null;
}

/**
 * Where the note goes: the event's pull request, else the first pull request GitHub associates
 * with the commit, else the commit itself.
 */
export async function resolveNoteTarget(
  octokit: GitHubClient,
  repo: Repo,
  facts: {
    eventName: string | undefined;
    payload: Record<string, unknown>;
    sha: string | undefined;
  },
  log: Pick<GateLogger, 'info' | 'warning'>,
): Promise<NoteTarget | null> {
  const fromEvent = pullFromEvent(facts.eventName, facts.payload);
  if (fromEvent !== null) return { kind: 'pull', number: fromEvent };
  if (!facts.sha) {
    log.warning('No GITHUB_SHA: there is no pull request or commit to write the note on.');
    return null;
  }
  try {
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: facts.sha,
      per_page: 10,
    });
    const first = data[0];
    if (first) return { kind: 'pull', number: first.number };
  } catch (error) {
    log.warning(
      `Could not find the pull request of ${facts.sha} (${errorMessage(error)}); the note goes on the commit.`,
    );
  }
  return { kind: 'commit', sha: facts.sha };
}

interface ExistingComment {
  id: number;
  body: string;
  html_url: string;
  user?: { login?: unknown } | null;
}

function isComment(value: unknown): value is ExistingComment {
  const comment = value as Partial<ExistingComment> | null;
  return (
    typeof comment === 'object' &&
    comment !== null &&
    typeof comment.id === 'number' &&
    typeof comment.body === 'string'
  );
}

/** The comments of the pull request or commit, oldest first, at most MAX_COMMENT_PAGES pages. */
async function listComments(
  octokit: GitHubClient,
  repo: Repo,
  target: NoteTarget,
): Promise<ExistingComment[]> {
  const pages =
    target.kind === 'pull'
      ? octokit.paginate.iterator(octokit.rest.issues.listComments, {
          ...repo,
          issue_number: target.number,
          per_page: 100,
        })
      : octokit.paginate.iterator(octokit.rest.repos.listCommentsForCommit, {
          ...repo,
          commit_sha: target.sha,
          per_page: 100,
        });
  const comments: ExistingComment[] = [];
  let count = 0;
  for await (const page of pages) {
    if (!Array.isArray(page.data)) throw new Error('the list of comments is not a list');
    comments.push(...(page.data as unknown[]).filter(isComment));
    count += 1;
    if (count >= MAX_COMMENT_PAGES) break;
  }
  return comments;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `1 comment carries`, `2 comments carry`. */
function commentsCarry(count: number): string {
  return `${plural(count, 'comment')} ${count === 1 ? 'carries' : 'carry'}`;
}

/** `a, b and 3 more`: a few names of a list that may be long. */
function someOf(names: string[], shown = 5): string {
  const rest = names.length - shown;
  return rest > 0 ? `${names.slice(0, shown).join(', ')} and ${rest} more` : names.join(', ');
}

/**
 * This environment's note: the newest comment that carries the marker and was written by the
 * identity this token acts as. A comment by anyone else is never a candidate, whatever it holds.
 */
async function findExisting(
  octokit: GitHubClient,
  repo: Repo,
  target: NoteTarget,
  marker: string,
  author: CommentAuthor,
): Promise<{ existing: ExistingComment | null; warning?: string }> {
  const marked = (await listComments(octokit, repo, target)).filter((comment) =>
    carriesMarker(comment.body, marker),
  );
  if (marked.length === 0) return { existing: null };
  const login = await author.login();
  if (!login) {
    return {
      existing: null,
      warning: `${commentsCarry(marked.length)} this note's marker, but the gate could not learn who its token writes as (GraphQL viewer, GET /user), so none is edited.`,
    };
  }
  const ours = marked.filter((comment) => sameLogin(String(comment.user?.login ?? ''), login));
  const others = marked.length - ours.length;
  const strangers = [
    ...new Set(
      marked
        .filter((comment) => !ours.includes(comment))
        .map((comment) => String(comment.user?.login ?? 'a deleted user')),
    ),
  ];
  return {
    // The newest, should an older duplicate exist.
    existing: ours.at(-1) ?? null,
    ...(others > 0
      ? {
          warning: `Left alone ${plural(others, 'comment')} by ${someOf(strangers)} with this note's marker: the gate edits only its own (${login}).`,
        }
      : {}),
  };
}

/** The note's body within GitHub's limit (see fitBody). */
export function fitNoteBody(
  message: string | null,
  render: (message: string | null) => string,
): string {
  return fitBody(message, render, GITHUB_COMMENT);
}

/**
 * Creates or updates the note. With `createIfMissing` false (an allowed run) only an existing
 * note is updated: nothing is posted just to say deploys are allowed.
 */
export async function upsertNote(
  octokit: GitHubClient,
  repo: Repo,
  target: NoteTarget,
  marker: string,
  body: string,
  createIfMissing: boolean,
  author: CommentAuthor = commentAuthor(octokit),
): Promise<NoteWrite> {
  const text = clipBody(carriesMarker(body, marker) ? body : `${marker}\n${body}`, GITHUB_COMMENT);
  const { existing, warning } = await findExisting(octokit, repo, target, marker, author);
  const withWarning = (write: NoteWrite): NoteWrite => (warning ? { ...write, warning } : write);
  if (existing) {
    if (existing.body === text) {
      return withWarning({ url: existing.html_url, action: 'unchanged' });
    }
    const { data } =
      target.kind === 'pull'
        ? await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text })
        : await octokit.rest.repos.updateCommitComment({
            ...repo,
            comment_id: existing.id,
            body: text,
          });
    return withWarning({ url: data.html_url, action: 'updated' });
  }
  if (!createIfMissing) return withWarning({ url: null, action: 'none' });
  const { data } =
    target.kind === 'pull'
      ? await octokit.rest.issues.createComment({
          ...repo,
          issue_number: target.number,
          body: text,
        })
      : await octokit.rest.repos.createCommitComment({
          ...repo,
          commit_sha: target.sha,
          body: text,
        });
  author.learn(data.user?.login);
  return withWarning({ url: data.html_url, action: 'created' });
}
