// What the blocked run knows about itself: the ref to re-run and its dispatch inputs.

import { readFileSync } from 'node:fs';
import type { RerunEnv } from './types.js';

/** The event payload of this run, or null when there is none to read. */
function eventPayload(env: RerunEnv): Record<string, unknown> | null {
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Is the pull request's head branch a branch of this repository? A fork's `main` is not this
 * repository's `main`; when the payload does not say whose branch it is, it is not ours.
 */
function headIsThisRepository(env: RerunEnv, payload: Record<string, unknown> | null): boolean {
  const pull = payload?.pull_request as
    | { head?: { repo?: { full_name?: unknown } | null } }
    | undefined;
  const head = pull?.head?.repo?.full_name;
  const repository = env.GITHUB_REPOSITORY ?? '';
  return (
    typeof head === 'string' && repository !== '' && head.toLowerCase() === repository.toLowerCase()
  );
}

/**
 * The branch or tag a re-run is dispatched on: `refs/heads/main` -> `main`,
 * `refs/tags/v1` -> `v1`. For a pull request it is its head branch (GITHUB_HEAD_REF): under
 * `pull_request` GITHUB_REF is the merge ref, which cannot be dispatched, and under
 * `pull_request_target` it names the base branch. Only when that branch is in this repository
 * (not a fork's branch of the same name). null: nothing dispatchable; for any pull request from
 * a fork; and for a comment on a pull request, whose GITHUB_REF is the default branch whatever
 * the run deploys.
 */
export function rerunRefFromEnv(env: RerunEnv): string | null {
  const payload = eventPayload(env);
  const issue = payload?.issue;
  if (issue !== null && typeof issue === 'object' && 'pull_request' in issue) return null;
  if (payload?.pull_request !== undefined) {
    return headIsThisRepository(env, payload) ? env.GITHUB_HEAD_REF || null : null;
  }
  const ref = env.GITHUB_REF ?? '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length) || null;
  if (ref.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length) || null;
  if (ref && !ref.startsWith('refs/')) return ref;
  return null;
}

/**
 * The inputs of this run when it was itself a workflow_dispatch (so the re-run gets them
 * again); {} otherwise. Values are sent back as strings, as the dispatch API expects.
 */
export async function dispatchInputsFromEvent(env: RerunEnv): Promise<Record<string, string>> {
  if (env.GITHUB_EVENT_NAME !== 'workflow_dispatch') return {};
  const inputs = eventPayload(env)?.inputs;
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) return {};
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value === null || value === undefined) continue;
    result[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return result;
}

/** Link to a run, for deployment statuses: `https://github.com/o/r/actions/runs/123`. */
export function runUrl(env: RerunEnv, owner: string, repo: string): string | undefined {
  if (!env.GITHUB_RUN_ID) return undefined;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`;
}
