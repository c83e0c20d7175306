// The one way this action talks to GitHub: Octokit from @actions/github, with retries on
// 5xx and rate limits, the API base from GITHUB_API_URL (GHES and tests point it elsewhere),
// and errors that name the endpoint and the status. Loaded only when a call is to be made
// (./api.ts, openClient): the decision path without API calls never parses Octokit.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { type ClientOptions, GitHubApiError, type GitHubClient, usesProxy } from './api-error.js';
import {
  callDeadline,
  DEFAULT_TIMEOUTS,
  guardedFetch,
  isGuardFailure,
  isRefused,
  type Timeouts,
  whenAborted,
} from './guarded-fetch.js';

const RATE_LIMIT_RETRIES = 2;
/** Waiting longer than this for a rate limit is worse than failing the call. */
const RATE_LIMIT_MAX_WAIT_S = 60;

/** A gate makes a handful of writes; only a longer run of them is slowed down. */
const WRITE_BURST = 10;
/** GitHub asks for "at least one second" between many writes (docs/github-action.md). */
const WRITE_INTERVAL_MS = 1000;

/** One write at a time; `burst` at once, then one per `intervalMs` (a token bucket). */
function pacedGroup(burst: number, intervalMs: number): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent: 1,
    reservoir: burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: intervalMs,
    reservoirIncreaseMaximum: burst,
  });
}

/**
 * A success body as Octokit would give it (JSON parsed, text as text, else bytes), parsed with
 * the plain JSON.parse. Octokit's own parser revives every value through a comparison with
 * Number.MAX_SAFE_INTEGER, which on Node 22+ calls the valueOf of an object in the answer: a
 * deployment payload `{"valueOf": 0}` made it throw, Octokit then kept the raw text, and every
 * list of deployments broke on it.
 */
async function answerData(response: {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}) {
  const body = response.data;
  if (!(body instanceof ReadableStream)) return body;
  const contentType = String(response.headers['content-type'] ?? '');
  const [type = '', ...parameters] = contentType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  const answer = new Response(body);
  // The media types as Octokit reads them (its getResponseData).
  if (type === 'application/json' || type === 'application/scim+json') {
    const text = await answer.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  const utf8 = parameters.includes('charset=utf-8') && type !== 'application/octet-stream';
  if (contentType === '' || type.startsWith('text/') || utf8) return answer.text();
  return answer.arrayBuffer();
}

/** The proxy-aware fetch @actions/github sets up for a runner's HTTPS_PROXY. */
export function proxyFetch(): typeof globalThis.fetch {
  const defaults = getOctokit('-').request.endpoint.DEFAULTS.request as
    | { fetch?: typeof globalThis.fetch }
    | undefined;
  return defaults?.fetch ?? globalThis.fetch;
}

function endpointOf(url: string, baseUrl: string): string {
  const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
  return path.split('?')[0] || path;
}

export { type ClientOptions, GitHubApiError, type GitHubClient, statusOf } from './api-error.js';

export function createClient(token: string, options: ClientOptions): GitHubClient {
  const { baseUrl, log } = options;
  const burst = options.writePacing?.burst ?? WRITE_BURST;
  const intervalMs = options.writePacing?.intervalMs ?? WRITE_INTERVAL_MS;
  const env = options.env ?? process.env;
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // Octokit's own warnings quote answer headers (a deprecated endpoint's `sunset` and `link`):
  // they go through the gate's logger, which escapes workflow commands, never to the console.
  const octokitLog = {
    debug: () => {},
    info: () => {},
    warn: (message: unknown) => log.warning(String(message)),
    error: (message: unknown) => log.warning(String(message)),
  };
  const octokit = getOctokit(
    token,
    {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      log: octokitLog,
      // Only to the API host, with time-outs (guarded-fetch.ts), over the platform's fetch or,
      // behind a proxy on a self-hosted runner, the proxy-aware one from @actions/github.
      request: {
        fetch: guardedFetch(usesProxy(env) ? proxyFetch() : globalThis.fetch, baseUrl, timeouts),
        log: octokitLog,
      },
      // Not request.retries: plugin-retry would then retry every failure, 404s included.
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      throttle: {
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
        // Instead of the plugin's fixed 1 s (3 s) between any two writes, process-wide.
        write: pacedGroup(burst, intervalMs),
        notifications: pacedGroup(burst, 3 * intervalMs),
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
  // One deadline per call, its retries and rate-limit waits included. Success bodies are
  // parsed here (answerData), not by Octokit.
  octokit.hook.wrap('request', async (request, callOptions) => {
    const deadline = callDeadline(timeouts.totalMs, callOptions.request?.signal);
    const parse = callOptions.request?.parseSuccessResponseBody !== false;
    callOptions.request = {
      ...callOptions.request,
      signal: deadline.signal,
      parseSuccessResponseBody: false,
    };
    try {
      const answer = Promise.resolve(request(callOptions)).then(async (response) =>
        parse ? { ...response, data: await answerData(response) } : response,
      );
      return await Promise.race([answer, whenAborted(deadline.signal)]);
    } finally {
      deadline.release();
    }
  });
  octokit.hook.error('request', (error, request) => {
    if (error instanceof GitHubApiError) throw error;
    const failed = error as Error & {
      status?: number;
      response?: { data?: { message?: string } };
    };
    // No answer (network, time-out, refused): Octokit still labels it 500.
    const answered = failed.response !== undefined && !isGuardFailure(error);
    const status =
      answered && typeof failed.status === 'number' && failed.status > 0 ? failed.status : null;
    const detail = failed.response?.data?.message ?? failed.message ?? String(error);
    // request.url is the route template (`/orgs/{org}/...`); name the real path.
    const expand = octokit.request.endpoint as unknown as (options: unknown) => { url: string };
    const expanded = expand(request);
    const endpoint = endpointOf(expanded.url, String(request.baseUrl ?? baseUrl));
    throw new GitHubApiError(
      String(request.method ?? 'GET'),
      endpoint,
      status,
      detail,
      isRefused(error) ? 'refused' : 'network error',
    );
  });
  return octokit;
}
