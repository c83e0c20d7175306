// A small GitLab REST v4 client on fetch: PRIVATE-TOKEN auth, retries on 5xx/429 and network
// errors with backoff, errors that name the endpoint and status (never the token).

const AUTH_HINTS: Record<number, string> = {
  401: ' (DEPLOY_WINDOW_TOKEN is not a valid, unexpired access token)',
  403: ' (DEPLOY_WINDOW_TOKEN needs the api scope and a role that allows this)',
};

export class GitLabApiError extends Error {
  constructor(
    readonly method: string,
    readonly endpoint: string,
    /** HTTP status; 0 when no answer came (network error). */
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      status === 0
        ? `GitLab API ${method} ${endpoint} failed: ${detail}`
        : `GitLab API ${method} ${endpoint} answered ${status}${detail ? `: ${detail}` : ''}${AUTH_HINTS[status] ?? ''}`,
    );
    this.name = 'GitLabApiError';
  }
}

export interface GitLabClientOptions {
  /** CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4 */
  apiUrl: string;
  token: string;
  /** Retries after the first attempt (5xx, 429, network errors). */
  retries?: number;
  /** First backoff delay; doubles per retry. Retry-After, when given, wins (capped at 60s). */
  baseDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface GitLabResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

type Query = Record<string, string | number | boolean | undefined>;

const MAX_PAGES = 20;

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
    if (typeof message === 'string') return message;
    if (message !== undefined) return JSON.stringify(message);
  }
  if (typeof body === 'string') return body.slice(0, 200);
  return '';
}

export class GitLabClient {
  private readonly apiUrl: string;
  private readonly token: string;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: GitLabClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.retries = options.retries ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
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

  /** Every page of a list endpoint (per_page=100, following x-next-page), up to 2000 items. */
  async getAll<T>(endpoint: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let page: string | null = '1';
    for (let count = 0; page && count < MAX_PAGES; count++) {
      const response: GitLabResponse<T[]> = await this.request<T[]>('GET', endpoint, {
        query: { ...query, per_page: 100, page },
      });
      if (!Array.isArray(response.body)) break;
      items.push(...response.body);
      page = response.headers.get('x-next-page') || null;
    }
    return items;
  }

  async request<T>(
    method: string,
    endpoint: string,
    { query, body }: { query?: Query; body?: unknown },
  ): Promise<GitLabResponse<T>> {
    const url = new URL(`${this.apiUrl}${endpoint}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      'PRIVATE-TOKEN': this.token,
      Accept: 'application/json',
      'User-Agent': 'deploy-window',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt < this.retries) {
          await this.sleep(this.backoff(attempt, null));
          continue;
        }
        const cause = error instanceof Error ? (error.cause ?? error) : error;
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new GitLabApiError(method, endpoint, 0, why);
      }
      const text = await response.text();
      let parsed: unknown = text;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON (an HTML error page from a proxy): keep the text for the message.
        }
      } else {
        parsed = null;
      }
      if (response.ok)
        return { status: response.status, body: parsed as T, headers: response.headers };
      const retryable = response.status >= 500 || response.status === 429;
      if (retryable && attempt < this.retries) {
        await this.sleep(this.backoff(attempt, response.headers.get('retry-after')));
        continue;
      }
      throw new GitLabApiError(method, endpoint, response.status, describeBody(parsed));
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
    return this.baseDelayMs * 2 ** attempt;
  }
}
