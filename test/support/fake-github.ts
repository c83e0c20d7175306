// A small stand-in for GitHub's REST API on 127.0.0.1, for the endpoints deploy-window uses.
// State is in memory and every request is logged, so tests assert what a user would see on
// GitHub (the comment, its body, where it was posted) and what was asked of the API.
// Other helpers extend it with `route()` (checked before the built-ins).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/acme/app/issues/7/comments`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (null when there is none or it is not JSON). */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (
  request: FakeRequest,
  match: RegExpMatchArray,
  fake: FakeGitHub,
) => FakeResponse | Promise<FakeResponse>;

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
  url: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface FakePull {
  number: number;
  state?: string;
  html_url?: string;
  head?: { ref: string; sha: string };
}

export type MembershipState = 'active' | 'pending';

export interface FakeGitHubState {
  /** Issue / pull request comments keyed by `owner/repo#number`. */
  issueComments: Map<string, FakeComment[]>;
  /** Commit comments keyed by `owner/repo@sha`. */
  commitComments: Map<string, FakeComment[]>;
  /** What `GET /repos/{o}/{r}/commits/{sha}/pulls` answers, keyed by `owner/repo@sha`. */
  commitPulls: Map<string, FakePull[]>;
  /** Teams keyed by `org/slug`, each a map of login -> membership state. */
  teams: Map<string, Map<string, MembershipState>>;
  /** Login the comments are posted as. */
  commenter: string;
  /** Next id for created objects; shared so ids are unique across kinds. */
  nextId: number;
}

export interface FakeGitHub {
  /** Base URL to use as GITHUB_API_URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  requests: FakeRequest[];
  state: FakeGitHubState;
  /** Add or override an endpoint. Routes added later win over earlier ones and the built-ins. */
  route(method: string, path: RegExp, handler: RouteHandler): void;
  /** The next `times` requests matching method and path answer `status` (5xx, 403 ...). */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    times?: number,
    response?: { body?: unknown; headers?: Record<string, string> },
  ): void;
  /** Helpers to seed state. */
  setCommitPulls(repo: string, sha: string, pulls: FakePull[]): void;
  /** Creates `org/slug` (visible, no members yet) if it does not exist. */
  addTeam(team: string): void;
  addTeamMember(team: string, login: string, state?: MembershipState): void;
  issueComments(repo: string, issue: number): FakeComment[];
  commitComments(repo: string, sha: string): FakeComment[];
  /** Requests whose method and path match. */
  requestsTo(method: string, path: RegExp): FakeRequest[];
  /** A new unique id for objects created by routes. */
  newId(): number;
  /** `https://github.com`-like base for html_url fields. */
  htmlUrl: string;
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: RegExp;
  handler: RouteHandler;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const HTML_URL = 'https://github.example';
const SEGMENT = '([^/]+)';

function notFound(): FakeResponse {
  return {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
  };
}

function invalid(message: string): FakeResponse {
  return { status: 422, body: { message, documentation_url: 'https://docs.github.com/rest' } };
}

function bodyText(request: FakeRequest): string | null {
  const body = request.body as { body?: unknown } | null;
  return body && typeof body.body === 'string' ? body.body : null;
}

/** Answers one page of a list the way GitHub does (per_page, page, Link header). */
function paginate(request: FakeRequest, items: unknown[], baseUrl: string): FakeResponse {
  const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
  const page = Math.max(1, Number(request.query.page ?? 1) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  if (page < lastPage) {
    const link = (n: number) => {
      const query = new URLSearchParams({
        ...request.query,
        per_page: String(perPage),
        page: String(n),
      });
      return `${baseUrl}${request.path}?${query.toString()}`;
    };
    headers.link = `<${link(page + 1)}>; rel="next", <${link(lastPage)}>; rel="last"`;
  }
  return { status: 200, body: slice, headers };
}

function readBody(request: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const routes: Route[] = [];
  const builtins: Route[] = [];
  const failures: Failure[] = [];
  const requests: FakeRequest[] = [];
  const state: FakeGitHubState = {
    issueComments: new Map(),
    commitComments: new Map(),
    commitPulls: new Map(),
    teams: new Map(),
    commenter: 'github-actions[bot]',
    nextId: 1000,
  };

  const newId = () => state.nextId++;
  const timestamp = () => new Date().toISOString();

  function makeComment(body: string, htmlUrl: string, apiUrl: string, id: number): FakeComment {
    const now = timestamp();
    return {
      id,
      body,
      html_url: htmlUrl,
      url: apiUrl,
      user: { login: state.commenter, type: 'Bot' },
      created_at: now,
      updated_at: now,
    };
  }

  const list = <T>(map: Map<string, T[]>, key: string): T[] => {
    let items = map.get(key);
    if (!items) {
      items = [];
      map.set(key, items);
    }
    return items;
  };

  const builtin = (method: string, path: string, handler: RouteHandler) =>
    builtins.push({ method, path: new RegExp(`^${path}$`), handler });

  // Issue (and pull request) comments.
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}/issues/(\\d+)/comments`, (request, [, o, r, n]) =>
    paginate(request, state.issueComments.get(`${o}/${r}#${n}`) ?? [], fake.url),
  );
  builtin('POST', `/repos/${SEGMENT}/${SEGMENT}/issues/(\\d+)/comments`, (request, [, o, r, n]) => {
    const text = bodyText(request);
    if (text === null) return invalid('Invalid request: "body" wasn\'t supplied.');
    const id = newId();
    const comment = makeComment(
      text,
      `${HTML_URL}/${o}/${r}/pull/${n}#issuecomment-${id}`,
      `${fake.url}/repos/${o}/${r}/issues/comments/${id}`,
      id,
    );
    list(state.issueComments, `${o}/${r}#${n}`).push(comment);
    return { status: 201, body: comment };
  });
  const findIssueComment = (o: string, r: string, id: number) => {
    for (const [key, comments] of state.issueComments) {
      if (!key.startsWith(`${o}/${r}#`)) continue;
      const found = comments.find((comment) => comment.id === id);
      if (found) return found;
    }
    return undefined;
  };
  builtin(
    'GET',
    `/repos/${SEGMENT}/${SEGMENT}/issues/comments/(\\d+)`,
    (_request, [, o, r, id]) => {
      const comment = findIssueComment(o ?? '', r ?? '', Number(id));
      return comment ? { status: 200, body: comment } : notFound();
    },
  );
  builtin(
    'PATCH',
    `/repos/${SEGMENT}/${SEGMENT}/issues/comments/(\\d+)`,
    (request, [, o, r, id]) => {
      const comment = findIssueComment(o ?? '', r ?? '', Number(id));
      if (!comment) return notFound();
      const text = bodyText(request);
      if (text === null) return invalid('Invalid request: "body" wasn\'t supplied.');
      comment.body = text;
      comment.updated_at = timestamp();
      return { status: 200, body: comment };
    },
  );

  // Commit comments.
  builtin(
    'GET',
    `/repos/${SEGMENT}/${SEGMENT}/commits/${SEGMENT}/comments`,
    (request, [, o, r, sha]) =>
      paginate(request, state.commitComments.get(`${o}/${r}@${sha}`) ?? [], fake.url),
  );
  builtin(
    'POST',
    `/repos/${SEGMENT}/${SEGMENT}/commits/${SEGMENT}/comments`,
    (request, [, o, r, sha]) => {
      const text = bodyText(request);
      if (text === null) return invalid('Invalid request: "body" wasn\'t supplied.');
      const id = newId();
      const comment = makeComment(
        text,
        `${HTML_URL}/${o}/${r}/commit/${sha}#commitcomment-${id}`,
        `${fake.url}/repos/${o}/${r}/comments/${id}`,
        id,
      );
      list(state.commitComments, `${o}/${r}@${sha}`).push(comment);
      return { status: 201, body: comment };
    },
  );
  const findCommitComment = (o: string, r: string, id: number) => {
    for (const [key, comments] of state.commitComments) {
      if (!key.startsWith(`${o}/${r}@`)) continue;
      const found = comments.find((comment) => comment.id === id);
      if (found) return found;
    }
    return undefined;
  };
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}/comments/(\\d+)`, (_request, [, o, r, id]) => {
    const comment = findCommitComment(o ?? '', r ?? '', Number(id));
    return comment ? { status: 200, body: comment } : notFound();
  });
  builtin('PATCH', `/repos/${SEGMENT}/${SEGMENT}/comments/(\\d+)`, (request, [, o, r, id]) => {
    const comment = findCommitComment(o ?? '', r ?? '', Number(id));
    if (!comment) return notFound();
    const text = bodyText(request);
    if (text === null) return invalid('Invalid request: "body" wasn\'t supplied.');
    comment.body = text;
    comment.updated_at = timestamp();
    return { status: 200, body: comment };
  });

  // Pull requests associated with a commit.
  builtin(
    'GET',
    `/repos/${SEGMENT}/${SEGMENT}/commits/${SEGMENT}/pulls`,
    (request, [, o, r, sha]) =>
      paginate(request, state.commitPulls.get(`${o}/${r}@${sha}`) ?? [], fake.url),
  );

  // Teams: the team itself and a user's membership in it.
  builtin('GET', `/orgs/${SEGMENT}/teams/${SEGMENT}`, (_request, [, org, slug]) => {
    const team = state.teams.get(`${org}/${slug}`);
    return team
      ? { status: 200, body: { id: 1, slug, name: slug, organization: { login: org } } }
      : notFound();
  });
  builtin(
    'GET',
    `/orgs/${SEGMENT}/teams/${SEGMENT}/memberships/${SEGMENT}`,
    (_request, [, org, slug, login]) => {
      const membership = state.teams.get(`${org}/${slug}`)?.get(login ?? '');
      if (!membership) return notFound();
      return {
        status: 200,
        body: {
          url: `${fake.url}/teams/1/memberships/${login}`,
          role: 'member',
          state: membership,
        },
      };
    },
  );

  async function answer(request: FakeRequest): Promise<FakeResponse> {
    const failure = failures.find(
      (candidate) =>
        candidate.remaining > 0 &&
        candidate.method === request.method &&
        candidate.path.test(request.path),
    );
    if (failure) {
      failure.remaining -= 1;
      return {
        status: failure.status,
        body: failure.body ?? { message: `Injected failure ${failure.status}` },
        headers: failure.headers,
      };
    }
    // Later routes first, so a test can override a helper's route.
    for (const route of [...routes].reverse()) {
      if (route.method !== request.method) continue;
      const match = request.path.match(route.path);
      if (match) return route.handler(request, match, fake);
    }
    for (const route of builtins) {
      if (route.method !== request.method) continue;
      const match = request.path.match(route.path);
      if (match) return route.handler(request, match, fake);
    }
    return notFound();
  }

  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(incoming);
      let body: unknown = null;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body,
        headers: incoming.headers,
      };
      requests.push(request);
      let response: FakeResponse;
      try {
        response = await answer(request);
      } catch (error) {
        response = { status: 500, body: { message: `fake-github route threw: ${String(error)}` } };
      }
      const payload = response.body === undefined ? '' : JSON.stringify(response.body);
      outgoing.writeHead(response.status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        ...response.headers,
      });
      outgoing.end(response.status === 204 ? undefined : payload);
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeGitHub = {
    url: `http://127.0.0.1:${port}`,
    htmlUrl: HTML_URL,
    requests,
    state,
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    failNext(method, path, status, times = 1, response = {}) {
      failures.push({ method: method.toUpperCase(), path, status, remaining: times, ...response });
    },
    setCommitPulls(repo, sha, pulls) {
      state.commitPulls.set(`${repo}@${sha}`, pulls);
    },
    addTeam(team) {
      if (!state.teams.has(team)) state.teams.set(team, new Map());
    },
    addTeamMember(team, login, membership = 'active') {
      fake.addTeam(team);
      state.teams.get(team)?.set(login, membership);
    },
    issueComments(repo, issue) {
      return state.issueComments.get(`${repo}#${issue}`) ?? [];
    },
    commitComments(repo, sha) {
      return state.commitComments.get(`${repo}@${sha}`) ?? [];
    },
    requestsTo(method, path) {
      return requests.filter((request) => request.method === method && path.test(request.path));
    },
    newId,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
  return fake;
}
