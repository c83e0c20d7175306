// The one way this action talks to GitHub: Octokit from @actions/github, with retries on
// 5xx and rate limits, the API base from GITHUB_API_URL (GHES and tests point it elsewhere),
// and errors that name the endpoint and the status.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GateLogger } from '../gate/types.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  /** GITHUB_API_URL; `https://api.github.com` only when the runner did not set one. */
  baseUrl: string;
  log: Pick<GateLogger, 'warning'>;
  /** Retries of a failed request (5xx, network). Default 3. */
  retries?: number;
  /** Milliseconds the retry back-off is scaled by (tests shorten it). Default 1000. */
  retryBaseMs?: number;
  /** The process environment, to see whether a proxy is configured. */
  env?: Record<string, string | undefined>;
}

/** Thrown for every failed API call: `GET /orgs/acme/teams/x/memberships/bob -> 403: ...`. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    readonly method: string,
    readonly endpoint: string,
    readonly status: number | null,
    readonly detail: string,
  ) {
    super(`${method} ${endpoint} -> ${status ?? 'network error'}: ${detail}`);
  }
}

const RATE_LIMIT_RETRIES = 2;
/** Waiting longer than this for a rate limit is worse than failing the call. */
const RATE_LIMIT_MAX_WAIT_S = 60;

function usesProxy(env: Record<string, string | undefined>): boolean {
  return Boolean(env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY);
}

function endpointOf(url: string, baseUrl: string): string {
  const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
  return path.split('?')[0] || path;
}

export function createClient(token: string, options: ClientOptions): GitHubClient {
  const { baseUrl, log } = options;
  const env = options.env ?? process.env;
  const octokit = getOctokit(
    token,
    {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      // Without a proxy, the platform's fetch (the proxy-aware one from @actions/github is
      // only needed behind a proxy on self-hosted runners).
      request: usesProxy(env) ? undefined : { fetch: globalThis.fetch },
      // Not request.retries: plugin-retry would then retry every failure, 404s included.
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      throttle: {
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
        onRateLimit: (retryAfter, request, _octokit, retryCount) => {
          const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
          log.warning(
            `GitHub rate limit hit on ${request.method} ${request.url}${again ? `; retrying in ${retryAfter}s` : ''}.`,
          );
          return again;
        },
        onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
          const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
          log.warning(
            `GitHub secondary rate limit hit on ${request.method} ${request.url}${again ? `; retrying in ${retryAfter}s` : ''}.`,
          );
          return again;
        },
      },
    },
    retry,
    throttling,
  );
  octokit.hook.error('request', (error, request) => {
    if (error instanceof GitHubApiError) throw error;
    const failed = error as Error & {
      status?: number;
      response?: { data?: { message?: string } };
    };
    const status = typeof failed.status === 'number' && failed.status > 0 ? failed.status : null;
    const detail = failed.response?.data?.message ?? failed.message ?? String(error);
    // request.url is the route template (`/orgs/{org}/...`); name the real path.
    const expand = octokit.request.endpoint as unknown as (options: unknown) => { url: string };
    const expanded = expand(request);
    const endpoint = endpointOf(expanded.url, String(request.baseUrl ?? baseUrl));
    throw new GitHubApiError(String(request.method ?? 'GET'), endpoint, status, detail);
  });
  return octokit;
}

/** The HTTP status of a failed call (null: it never got an answer). */
export function statusOf(error: unknown): number | null {
  if (error instanceof GitHubApiError) return error.status;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status > 0 ? status : null;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
