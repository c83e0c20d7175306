// What the blocked run knows about itself: the ref to re-run and its dispatch inputs.

import { readFileSync } from 'node:fs';
import type { RerunEnv } from './types.js';

/**
 * The branch or tag a re-run is dispatched on: `refs/heads/main` -> `main`,
 * `refs/tags/v1` -> `v1`. A pull request's merge ref cannot be dispatched, so its head
 * branch (GITHUB_HEAD_REF) is used. null: nothing dispatchable.
 */
export function rerunRefFromEnv(env: RerunEnv): string | null {
  const ref = env.GITHUB_REF ?? '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length) || null;
  if (ref.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length) || null;
  if (ref.startsWith('refs/pull/')) return env.GITHUB_HEAD_REF || null;
  if (ref && !ref.startsWith('refs/')) return ref;
  return env.GITHUB_HEAD_REF || null;
}

/**
 * The inputs of this run when it was itself a workflow_dispatch (so the re-run gets them
 * again); {} otherwise. Values are sent back as strings, as the dispatch API expects.
 */
export async function dispatchInputsFromEvent(env: RerunEnv): Promise<Record<string, string>> {
  if (env.GITHUB_EVENT_NAME !== 'workflow_dispatch' || !env.GITHUB_EVENT_PATH) return {};
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return {};
  }
  const inputs = (event as { inputs?: unknown } | null)?.inputs;
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
