// The one "Deployment is blocked" comment per pull request (or commit) and environment: where
// it goes, how a later run finds it (a hidden marker), and creating or updating it in place.
import { readFileSync } from 'node:fs';
import type { GateLogger } from '../gate/types.js';
import { type GitHubClient, messageOf } from './client.js';

export type NoteTarget = { kind: 'pull'; number: number } | { kind: 'commit'; sha: string };

export interface Repo {
  owner: string;
  repo: string;
}

export interface NoteWrite {
  url: string | null;
  action: 'created' | 'updated' | 'unchanged' | 'none';
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

/** The hidden line that identifies this environment's note: `<!-- deploy-window:production -->`. */
export function noteMarker(environment: string | null): string {
  const name = (environment ?? '*').replace(/--+>?|>/g, '');
  return `<!-- deploy-window:${name} -->`;
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
      `Could not find the pull request of ${facts.sha} (${messageOf(error)}); the note goes on the commit.`,
    );
  }
  return { kind: 'commit', sha: facts.sha };
}

interface ExistingComment {
  id: number;
  body?: string;
  html_url: string;
}

async function findExisting(
  octokit: GitHubClient,
  repo: Repo,
  target: NoteTarget,
  marker: string,
): Promise<ExistingComment | null> {
  const comments: ExistingComment[] =
    target.kind === 'pull'
      ? await octokit.paginate(octokit.rest.issues.listComments, {
          ...repo,
          issue_number: target.number,
          per_page: 100,
        })
      : await octokit.paginate(octokit.rest.repos.listCommentsForCommit, {
          ...repo,
          commit_sha: target.sha,
          per_page: 100,
        });
  // The newest, should an older duplicate exist.
  return [...comments].reverse().find((comment) => comment.body?.includes(marker)) ?? null;
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
): Promise<NoteWrite> {
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const existing = await findExisting(octokit, repo, target, marker);
  if (existing) {
    if (existing.body === text) return { url: existing.html_url, action: 'unchanged' };
    const { data } =
      target.kind === 'pull'
        ? await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text })
        : await octokit.rest.repos.updateCommitComment({
            ...repo,
            comment_id: existing.id,
            body: text,
          });
    return { url: data.html_url, action: 'updated' };
  }
  if (!createIfMissing) return { url: null, action: 'none' };
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
  return { url: data.html_url, action: 'created' };
}
