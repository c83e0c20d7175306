// The fetch under every GitHub API request: it talks only to the API host (no redirect and no
// pagination link to another host, which would carry the token there), and no request waits
// for ever (docs/github-action.md, "Tokens, hosts and time-outs").

import { type Deadline, deadline } from '../node/deadline.js';
import { hasDotSegment } from '../node/url-path.js';

/** Per attempt, and per call with its retries. */
export interface Timeouts {
  requestMs: number;
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 30_000, totalMs: 120_000 };

/**
 * The largest answer taken from the API, whatever it is: the largest file the action reads is
 * a 10 MiB `.ics` (docs/security.md, "Files and sizes"), and a page of JSON is far smaller.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Same-host redirects followed in one attempt (GitHub redirects renamed repositories). */
const MAX_REDIRECTS = 3;

/**
 * A failure a retry cannot mend. Named AbortError because Octokit passes an AbortError
 * through as it is and its retry plugin never retries one.
 */
export class FinalRequestError extends Error {
  override name = 'AbortError';
}

/** A request the client refused to make, or an answer it refused to take (another host). */
export class RefusedRequestError extends FinalRequestError {}

/** The call, retries included, took longer than its total time-out. */
export class CallTimeoutError extends FinalRequestError {}

export function isRefused(error: unknown): error is RefusedRequestError {
  return error instanceof RefusedRequestError;
}

/** A failure of the guard itself (no answer was taken), as opposed to an HTTP answer. */
export function isGuardFailure(error: unknown): error is FinalRequestError {
  return error instanceof FinalRequestError;
}

/** `30 s`, `2 min`, `0.04 s`. */
export function formatTimeout(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function refuseOtherHost(url: URL, api: URL, what: string): void {
  if (url.origin !== api.origin) {
    throw new RefusedRequestError(
      `${what} another host (${url.origin}); the token is sent only to the API host ${api.origin} (GITHUB_API_URL), so this is a failure, not an answer`,
    );
  }
}

function refuseDotSegments(requested: string): void {
  if (hasDotSegment(requested)) {
    throw new RefusedRequestError(
      'the request path has a `.` or `..` segment, which would send it to another endpoint than the one asked for',
    );
  }
}

type Fetch = typeof globalThis.fetch;

/**
 * Every GET the action makes is answered 200 by GitHub. Another 2xx (a proxy's 203, a partial
 * 206, a 202 "still computing") is not that answer, and Octokit would take it as one: an
 * exemption rests only on GitHub's own positive answer (docs/security.md, "4. Exemption
 * look-ups fail closed").
 */
function refuseOtherSuccess(response: Response, attempt: Deadline): void {
  if (response.status === 200 || response.status < 200 || response.status >= 300) return;
  attempt.release();
  response.body?.cancel().catch(() => {});
  throw new FinalRequestError(
    `answered ${response.status}, not 200: not an answer GitHub gives to this request`,
  );
}

/**
 * Wraps `base` (the platform's fetch, or the proxy-aware one): every URL must be on the API
 * host; redirects are followed by hand and only on that host; each attempt gives up after
 * `timeouts.requestMs` (an error the retry plugin retries), and a call whose signal aborts
 * (the total time-out, see `callDeadline`) stops at once.
 */
export function guardedFetch(base: Fetch, apiUrl: string, timeouts: Timeouts): Fetch {
  const api = new URL(apiUrl);
  return async (input, init = {}) => {
    const requested = input instanceof Request ? input.url : String(input);
    refuseDotSegments(requested);
    let url = new URL(requested);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    const callSignal = init.signal ?? undefined;
    for (let hop = 0; ; hop++) {
      refuseOtherHost(url, api, hop === 0 ? 'this request goes to' : 'redirected to');
      if (callSignal?.aborted) throw callSignal.reason;
      const attempt = deadline(
        timeouts.requestMs,
        `no answer within ${formatTimeout(timeouts.requestMs)}`,
        callSignal,
      );
      let response: Response;
      try {
        response = await base(url.href, {
          ...init,
          method,
          body,
          redirect: 'manual',
          signal: attempt.signal,
        });
      } catch (error) {
        attempt.release();
        if (callSignal?.aborted) throw callSignal.reason;
        if (attempt.signal.aborted) throw attempt.signal.reason;
        throw error;
      }
      if (!isRedirect(response.status)) {
        // A fetch that followed a redirect after all (a custom one) must not have left the host.
        if (response.url) refuseOtherHost(new URL(response.url), api, 'answered from');
        if (method === 'GET') refuseOtherSuccess(response, attempt);
        return boundedAnswer(response, attempt);
      }
      attempt.release();
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get('location');
      if (!location) {
        throw new RefusedRequestError(`answered ${response.status} without a Location`);
      }
      const next = new URL(location, url);
      refuseOtherHost(next, api, `answered ${response.status}, a redirect to`);
      if (hop >= MAX_REDIRECTS) {
        throw new RefusedRequestError(`more than ${MAX_REDIRECTS} redirects`);
      }
      // As fetch does: 303 (and 301/302 after a POST) become a GET without a body.
      if (response.status === 303 || (method === 'POST' && response.status < 303)) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
      }
      url = next;
    }
  };
}

/** Statuses whose answer has no body (a Response cannot be made with one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The answer with its body read within the attempt's time-out and cut off past
 * MAX_ANSWER_BYTES (Octokit would read any size whole into memory).
 */
function boundedAnswer(response: Response, attempt: Deadline): Response {
  if (!response.body || NO_BODY.has(response.status)) {
    attempt.release();
    return response;
  }
  const reader = response.body.getReader();
  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await Promise.race([reader.read(), attempt.aborted]);
        if (done) {
          attempt.release();
          controller.close();
          return;
        }
        seen += value.byteLength;
        if (seen > MAX_ANSWER_BYTES) {
          attempt.release();
          await reader.cancel().catch(() => {});
          throw new FinalRequestError(
            `answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, more than any answer the action reads`,
          );
        }
        controller.enqueue(value);
      } catch (error) {
        attempt.release();
        await reader.cancel().catch(() => {});
        controller.error(attempt.signal.aborted ? attempt.signal.reason : error);
      }
    },
    cancel(reason) {
      attempt.release();
      return reader.cancel(reason);
    },
  });
  const bounded = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(bounded, 'url', { value: response.url });
  return bounded;
}

/**
 * The signal of one API call, retries included: it aborts after `totalMs` (with an error that
 * says so) or when `given` aborts. `release` once the call has ended.
 */
export function callDeadline(
  totalMs: number,
  given?: AbortSignal | null,
): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new CallTimeoutError(`no answer within ${formatTimeout(totalMs)} (retries included)`),
      ),
    totalMs,
  );
  const onAbort = () => controller.abort(given?.reason);
  if (given?.aborted) onAbort();
  else given?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      given?.removeEventListener('abort', onAbort);
    },
  };
}

/** Rejects with the signal's reason once it aborts (never resolves). */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
