// A small GitLab REST v4 client on fetch: PRIVATE-TOKEN (or JOB-TOKEN) auth sent to the API host
// only (no redirect is followed, pagination stays on the host), a time-out on every request and
// on its retries together, retries on 5xx/429 and network errors with backoff, size-bounded
// answers, and errors that name the endpoint and status (never the token). See docs/gitlab.md.
import { DeployWindowError, errorMessage } from '../core/errors.js';
import { hasDotSegment } from '../node/url-path.js';

const AUTH_HINTS: Record<string, Record<number, string>> = {
  'PRIVATE-TOKEN': {
    401: ' (DEPLOY_WINDOW_TOKEN is not a valid, unexpired access token)',
    403: ' (DEPLOY_WINDOW_TOKEN needs the api scope and a role that allows this)',
  },
  'JOB-TOKEN': {
    401: ' (the job token CI_JOB_TOKEN was refused)',
    403: ' (the job token CI_JOB_TOKEN may not do this; set DEPLOY_WINDOW_TOKEN)',
  },
};

/** A failed API call. `status` is null when no HTTP answer came (as GitHubApiError's). */
export class GitLabApiError extends DeployWindowError {
  override name = 'GitLabApiError';
  constructor(
    readonly method: string,
    readonly endpoint: string,
    /** HTTP status; null when no usable answer came (network error, time-out, bad pagination). */
    readonly status: number | null,
    readonly detail: string,
    hint = '',
  ) {
    super(
      status === null
        ? `GitLab API ${method} ${endpoint} failed: ${detail}`
        : `GitLab API ${method} ${endpoint} answered ${status}${detail ? `: ${detail}` : ''}${hint}`,
    );
  }
}

export type TokenHeader = 'PRIVATE-TOKEN' | 'JOB-TOKEN';

export interface GitLabClientOptions {
  /** CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4 */
  apiUrl: string;
  token: string;
  /** PRIVATE-TOKEN (an access token, the default) or JOB-TOKEN (CI_JOB_TOKEN). */
  tokenHeader?: TokenHeader;
  /** Retries after the first attempt (5xx, 429, network errors and time-outs). */
  retries?: number;
  /** First backoff delay; doubles per retry. Retry-After, when given, wins (capped at 60s). */
  baseDelayMs?: number;
  /** Time-out of one request, answer included (default 30 s). */
  timeoutMs?: number;
  /** Time-out of a request and all its retries together (default 2 minutes). */
  totalTimeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The clock the total time-out is measured by (tests advance it with `sleep`). */
  now?: () => number;
}

export interface GitLabResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

type Query = Record<string, string | number | boolean | undefined>;

const MAX_PAGES = 20;
/** The largest JSON answer read (a page of 100 members or notes is far smaller). */
const MAX_JSON_BYTES = 8 * 1_048_576;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 120_000;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** URL-encodes a group or project full path for use as `:id` (`acme/ops` -> `acme%2Fops`). */
export function encodePathId(path: string): string {
  return encodeURIComponent(path);
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const message = record.message ?? record.error ?? record.error_description;
    if (typeof message === 'string') return message.slice(0, 200);
    if (message !== undefined) return JSON.stringify(message).slice(0, 200);
  }
  if (typeof body === 'string') return body.slice(0, 200);
  return '';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function isJson(contentType: string | null): boolean {
  return /^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(contentType ?? '');
}

/** What a request reads from a successful answer. */
interface BodyReader<B> {
  limitBytes: number;
  /** Accept header. */
  accept: string;
  /** The answer's body from its bytes, or a reason it is not acceptable. */
  parse(
    bytes: Buffer,
    contentType: string | null,
  ): { ok: true; value: B } | { ok: false; why: string };
}

const JSON_BODY: BodyReader<unknown> = {
  limitBytes: MAX_JSON_BYTES,
  accept: 'application/json',
  parse(bytes, contentType) {
    if (bytes.length === 0) return { ok: true, value: null };
    if (!isJson(contentType)) {
      return { ok: false, why: `not JSON (content type ${contentType ?? 'none'})` };
    }
    try {
      return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
    } catch {
      return { ok: false, why: 'malformed JSON' };
    }
  },
};

class TooLarge extends Error {}

/** Reads at most limitBytes of a body; more is an error (the rest is never downloaded). */
async function readBounded(response: Response, limitBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** A success's body up to limitBytes (more: TooLarge); an error's first 64 KiB, for its message. */
async function readAnswer(response: Response, limitBytes: number): Promise<Buffer> {
  if (response.ok) return readBounded(response, limitBytes);
  try {
    return await readBounded(response, 64 * 1024);
  } catch (error) {
    if (error instanceof TooLarge) return Buffer.alloc(0);
    throw error;
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function formatLimit(bytes: number): string {
  return bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MiB` : `${bytes} bytes`;
}

export class GitLabClient {
  private readonly apiUrl: URL;
  private readonly token: string;
  readonly tokenHeader: TokenHeader;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: GitLabClientOptions) {
    this.apiUrl = new URL(options.apiUrl.replace(/\/+$/, ''));
    this.token = options.token;
    this.tokenHeader = options.tokenHeader ?? 'PRIVATE-TOKEN';
    this.retries = options.retries ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  /** The API host, for messages (`gitlab.example.com`). */
  get host(): string {
    return this.apiUrl.host;
  }

  async get<T>(endpoint: string, query?: Query): Promise<T> {
    return (await this.request<T>('GET', endpoint, { query })).body;
  }

  async post<T>(endpoint: string, body: unknown): Promise<T> {
    return (await this.request<T>('POST', endpoint, { body })).body;
  }

  async put<T>(endpoint: string, body: unknown): Promise<T> {
    return (await this.request<T>('PUT', endpoint, { body })).body;
  }

  async delete(endpoint: string): Promise<void> {
    await this.request<unknown>('DELETE', endpoint, {});
  }

  /**
   * A raw file's text (`/repository/files/:path/raw`), at most limitBytes. The answer must be
   * text (text/plain, or application/octet-stream as GitLab serves files it deems binary);
   * `tooLarge` when it is larger than the limit.
   */
  async getText(
    endpoint: string,
    query: Query,
    limitBytes: number,
  ): Promise<{ text: string } | { tooLarge: true }> {
    try {
      const response = await this.send<string>(
        'GET',
        endpoint,
        { query },
        {
          limitBytes,
          accept: 'text/plain, application/octet-stream',
          parse(bytes, contentType) {
            if (!/^(text\/plain|application\/octet-stream)\s*(;|$)/i.test(contentType ?? '')) {
              return { ok: false, why: `not a file (content type ${contentType ?? 'none'})` };
            }
            return { ok: true, value: bytes.toString('utf8') };
          },
        },
      );
      return { text: response.body };
    } catch (error) {
      if (error instanceof TooLarge) return { tooLarge: true };
      throw error;
    }
  }

  /**
   * Every page of a list endpoint (per_page=100, following x-next-page), up to MAX_PAGES pages:
   * a longer list is an error, not its first pages (a cut list of freeze periods would end a
   * freeze early). The next page is only ever a page number on the API host: a `Link` header
   * or an x-next-page that is not a number is refused, never followed.
   */
  async getAll<T>(endpoint: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let page = 1;
    for (let count = 0; ; count++) {
      if (count === MAX_PAGES) {
        throw new GitLabApiError(
          'GET',
          endpoint,
          null,
          `the list has more than ${MAX_PAGES} pages of 100; not read in part`,
        );
      }
      const response: GitLabResponse<T[]> = await this.request<T[]>('GET', endpoint, {
        query: { ...query, per_page: 100, page },
      });
      if (!Array.isArray(response.body)) {
        throw new GitLabApiError('GET', endpoint, response.status, 'the answer is not a list');
      }
      items.push(...response.body);
      const next = (response.headers.get('x-next-page') ?? '').trim();
      if (next === '') break;
      if (!/^\d{1,6}$/.test(next) || Number(next) <= page) {
        throw new GitLabApiError(
          'GET',
          endpoint,
          null,
          `the next page "${next.slice(0, 80)}" is not a later page number on ${this.host}; not followed`,
        );
      }
      page = Number(next);
    }
    return items;
  }

  async request<T>(
    method: string,
    endpoint: string,
    { query, body }: { query?: Query; body?: unknown },
  ): Promise<GitLabResponse<T>> {
    try {
      return await this.send<T>(method, endpoint, { query, body }, JSON_BODY as BodyReader<T>);
    } catch (error) {
      if (error instanceof TooLarge) {
        throw new GitLabApiError(
          method,
          endpoint,
          null,
          `the answer is larger than ${formatLimit(MAX_JSON_BYTES)}`,
        );
      }
      throw error;
    }
  }

  /** The URL of an endpoint, which must stay below the API URL on its host. */
  private urlOf(method: string, endpoint: string, query: Query | undefined): URL {
    if (hasDotSegment(endpoint)) {
      throw new GitLabApiError(
        method,
        endpoint,
        null,
        'the path has a `.` or `..` segment, which would send the request to another endpoint',
      );
    }
    const url = new URL(`${this.apiUrl.href}${endpoint}`);
    const base = this.apiUrl.pathname.replace(/\/+$/, '');
    if (url.origin !== this.apiUrl.origin || !url.pathname.startsWith(`${base}/`)) {
      throw new GitLabApiError(method, endpoint, null, `not an endpoint below ${this.apiUrl.href}`);
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send<T>(
    method: string,
    endpoint: string,
    { query, body }: { query?: Query; body?: unknown },
    reader: BodyReader<T>,
  ): Promise<GitLabResponse<T>> {
    const url = this.urlOf(method, endpoint, query);
    const headers: Record<string, string> = {
      [this.tokenHeader]: this.token,
      Accept: reader.accept,
      'User-Agent': 'deploy-window',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const deadline = this.now() + this.totalTimeoutMs;
    const fail = (status: number | null, detail: string, hint = '') =>
      new GitLabApiError(method, endpoint, status, detail, hint);

    for (let attempt = 0; ; attempt++) {
      const budget = Math.min(this.timeoutMs, deadline - this.now());
      const retry = async (delay: number, error: GitLabApiError): Promise<void> => {
        if (attempt >= this.retries) throw error;
        if (this.now() + delay >= deadline) {
          throw fail(
            error.status,
            `${error.detail}${error.detail ? '; ' : ''}gave up: retries would take longer than ${seconds(this.totalTimeoutMs)}`,
          );
        }
        await this.sleep(delay);
      };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), Math.max(budget, 0));
      let response: Response;
      let bytes: Buffer = Buffer.alloc(0);
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          // A redirect could carry the token to another host: never follow one.
          redirect: 'manual',
          signal: controller.signal,
        });
        if (!isRedirect(response.status)) bytes = await readAnswer(response, reader.limitBytes);
      } catch (error) {
        clearTimeout(timer);
        if (error instanceof TooLarge) throw error;
        const why = controller.signal.aborted
          ? `no answer within ${seconds(budget)}`
          : errorMessage(error instanceof Error ? (error.cause ?? error) : error);
        await retry(this.backoff(attempt, null), fail(null, why));
        continue;
      }
      clearTimeout(timer);
      const contentType = response.headers.get('content-type');
      if (isRedirect(response.status)) {
        await response.body?.cancel().catch(() => {});
        throw fail(
          response.status,
          `a redirect, not followed (the token is only ever sent to ${this.host})`,
        );
      }
      if (response.ok) {
        // GitLab answers a GET 200; another 2xx (a proxy's 203, a partial 206) is not its
        // answer, and an exemption rests only on GitLab's own (docs/security.md).
        if (method === 'GET' && response.status !== 200) {
          throw fail(response.status, 'not 200: not an answer GitLab gives to this request');
        }
        const parsed = reader.parse(bytes, contentType);
        if (!parsed.ok) throw fail(response.status, parsed.why);
        return { status: response.status, body: parsed.value, headers: response.headers };
      }
      let detailBody: unknown = bytes.toString('utf8');
      if (isJson(contentType)) {
        try {
          detailBody = JSON.parse(detailBody as string);
        } catch {
          // keep the text
        }
      } else if (/<html|<!doctype/i.test(detailBody as string)) {
        detailBody = `an HTML page (content type ${contentType ?? 'none'})`;
      }
      const error = fail(
        response.status,
        describeBody(detailBody),
        AUTH_HINTS[this.tokenHeader]?.[response.status] ?? '',
      );
      const retryable = response.status >= 500 || response.status === 429;
      if (!retryable) throw error;
      await retry(this.backoff(attempt, response.headers.get('retry-after')), error);
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const secondsAfter = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(secondsAfter) && secondsAfter >= 0) {
      return Math.min(secondsAfter * 1000, 60_000);
    }
    return this.baseDelayMs * 2 ** attempt;
  }
}
