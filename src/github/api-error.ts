// The GitHub API's shared vocabulary, without Octokit: the client's type and options, the one
// error every failed call becomes, and what a status means. Imported by the client itself
// (./client.ts) and by everything that only handles its results.
import type { getOctokit } from '@actions/github';
import { DeployWindowError } from '../core/errors.js';
import type { GateLogger } from '../gate/types.js';
import type { Timeouts } from './guarded-fetch.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  /** GITHUB_API_URL; `https://api.github.com` only when the runner did not set one. */
  baseUrl: string;
  log: Pick<GateLogger, 'warning'>;
  /** Retries of a failed request (5xx, network). Default 3. */
  retries?: number;
  /** Milliseconds the retry back-off is scaled by (tests shorten it). Default 1000. */
  retryBaseMs?: number;
  /**
   * How writes are paced (docs/github-action.md, "Write pacing"): the first `burst` go out
   * at once, then one per `intervalMs` (one per 3 × `intervalMs` for writes that notify
   * people). Default 10 and 1000 ms; tests shrink the interval.
   */
  writePacing?: { burst?: number; intervalMs?: number };
  /** The process environment, to see whether a proxy is configured. */
  env?: Record<string, string | undefined>;
  /** Client-side time-outs: per attempt (default 30 s) and per call, retries included (2 min). */
  timeouts?: Partial<Timeouts>;
}

/**
 * Thrown for every failed API call: `GET /orgs/acme/teams/x/memberships/bob -> 403: ...`.
 * `status` is null when no HTTP answer came (as GitLabApiError's).
 */
export class GitHubApiError extends DeployWindowError {
  override name = 'GitHubApiError';
  constructor(
    readonly method: string,
    readonly endpoint: string,
    readonly status: number | null,
    readonly detail: string,
    /** Why there is no status: `network error`, or `refused` (another host, guarded-fetch.ts). */
    readonly noAnswer: 'network error' | 'refused' = 'network error',
  ) {
    super(`${method} ${endpoint} -> ${status ?? noAnswer}: ${detail}`);
  }
}

export function usesProxy(env: Record<string, string | undefined>): boolean {
  return Boolean(env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY);
}

/** The HTTP status of a failed call (null: it never got an answer). */
export function statusOf(error: unknown): number | null {
  if (error instanceof GitHubApiError) return error.status;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status > 0 ? status : null;
}
