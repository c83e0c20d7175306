// Opening the GitHub API without loading Octokit up front: the client (./client.ts) is a chunk
// of its own, loaded on the first call that needs one, and Octokit is octokit.cjs beside the
// bundles (scripts/build.mjs, SHARED).
import type { ClientOptions, GitHubClient } from './api-error.js';
import { usesProxy } from './api-error.js';

export {
  type ClientOptions,
  GitHubApiError,
  type GitHubClient,
  statusOf,
} from './api-error.js';

/**
 * The platform's fetch; behind a proxy (HTTPS_PROXY on a self-hosted runner), the proxy-aware
 * one @actions/github sets up. Webhooks (src/node/notify.ts) go out through it too.
 */
export function platformFetch(env: Record<string, string | undefined>): typeof globalThis.fetch {
  if (!usesProxy(env)) return globalThis.fetch;
  return async (input, init) => (await import('./client.js')).proxyFetch()(input, init);
}

/** A client for `token`: ./client.ts, loaded on first use. */
export async function openClient(token: string, options: ClientOptions): Promise<GitHubClient> {
  return (await import('./client.js')).createClient(token, options);
}
