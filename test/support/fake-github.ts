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
  /** Sent as is instead of `body` as JSON (raw media types); set its content-type in headers. */
  raw?: string;
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

/** An entry of `GET /repos/{o}/{r}/pulls/{n}/files`. */
export interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

/** An entry of a ref's tree: a file's text, or what the contents API answers for the rest. */
export type FakeTreeEntry =
  | { kind: 'file'; content: string }
  | { kind: 'symlink'; target: string }
  | { kind: 'submodule'; url: string };

/** GitHub's limit on the body of an issue or commit comment (characters). */
export const COMMENT_BODY_LIMIT = 65_536;

export interface FakeGitHubState {
  /** Issue / pull request comments keyed by `owner/repo#number`. */
  issueComments: Map<string, FakeComment[]>;
  /** Commit comments keyed by `owner/repo@sha`. */
  commitComments: Map<string, FakeComment[]>;
  /** What `GET /repos/{o}/{r}/commits/{sha}/pulls` answers, keyed by `owner/repo@sha`. */
  commitPulls: Map<string, FakePull[]>;
  /** Teams keyed by `org/slug`, each a map of login -> membership state. */
  teams: Map<string, Map<string, MembershipState>>;
  /** Login the comments are posted as when the token is not one of `users`. */
  commenter: string;
  /** `GET /user`: the login each token acts as (user tokens). Others get 401, or 403 for `ghs_`. */
  users: Map<string, string>;
  /** `GET /repos/{o}/{r}`'s default_branch. */
  defaultBranch: string;
  /** Files by ref (branch, tag or sha), each a map of repository path -> entry. */
  trees: Map<string, Map<string, FakeTreeEntry>>;
  /**
   * Files of other repositories (`owner/repo` -> ref -> path -> entry), set with setRepoFiles.
   * A repository listed here is served from these alone; every other one from `trees`.
   */
  repoTrees: Map<string, Map<string, Map<string, FakeTreeEntry>>>;
  /** What `GET /repos/{o}/{r}/pulls/{n}/files` lists, keyed by `owner/repo#number`. */
  pullFiles: Map<string, FakePullFile[]>;
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
  /** Puts files at `ref` (default: the default branch), as `GET .../contents/{path}?ref=` reads them. */
  setFiles(files: Record<string, string>, ref?: string): void;
  /** Puts files of another repository (`owner/repo`) at `ref` (default: the default branch). */
  setRepoFiles(repo: string, files: Record<string, string>, ref?: string): void;
  /** The files a pull request changes (a name alone is `modified`). */
  setPullFiles(repo: string, number: number, files: (string | FakePullFile)[]): void;
  /** Puts a non-file entry (symlink, submodule) at `ref`. */
  setTreeEntry(path: string, entry: FakeTreeEntry, ref?: string): void;
  /** Seeds a comment written by `login` (another user, a bot). */
  addIssueComment(repo: string, issue: number, body: string, login: string): FakeComment;
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
    users: new Map(),
    defaultBranch: 'main',
    trees: new Map(),
    repoTrees: new Map(),
    pullFiles: new Map(),
    nextId: 1000,
  };

  /** The token of a request (`token X` / `Bearer X`), or null. */
  const tokenOf = (request: FakeRequest): string | null => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^(?:token|bearer)\s+(.+)$/i.exec(header) : null;
    return match?.[1] ?? null;
  };
  /** Who a write is made as: the token's user, else the default commenter (GITHUB_TOKEN). */
  const authorOf = (request: FakeRequest): string =>
    state.users.get(tokenOf(request) ?? '') ?? state.commenter;
  const tooLong = (text: string): FakeResponse | null =>
    text.length > COMMENT_BODY_LIMIT
      ? {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'IssueComment',
                code: 'custom',
                field: 'body',
                message: `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)`,
              },
            ],
          },
        }
      : null;

  const newId = () => state.nextId++;
  const timestamp = () => new Date().toISOString();

  function makeComment(
    body: string,
    htmlUrl: string,
    apiUrl: string,
    id: number,
    login = state.commenter,
  ): FakeComment {
    const now = timestamp();
    return {
      id,
      body,
      html_url: htmlUrl,
      url: apiUrl,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
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

  /** The comment text a request sends, or GitHub's answer refusing it. */
  const commentText = (request: FakeRequest): string | FakeResponse => {
    const text = bodyText(request);
    if (text === null) return invalid('Invalid request: "body" wasn\'t supplied.');
    return tooLong(text) ?? text;
  };

  /** The routes of one kind of comment: a thread's list and new comments, and each comment. */
  const commentRoutes = (kind: {
    threads: Map<string, FakeComment[]>;
    /** A thread's path below the repository, capturing what names it (a number, a sha). */
    thread: string;
    /** Between `owner/repo` and that name in the key of `threads`. */
    separator: string;
    /** A comment's path below the repository, before its id. */
    item: string;
    /** A comment's page on GitHub. */
    htmlUrl: (repo: string, thread: string, id: number) => string;
  }) => {
    const threadPath = `/repos/${SEGMENT}/${SEGMENT}/${kind.thread}/comments`;
    const itemPath = `/repos/${SEGMENT}/${SEGMENT}/${kind.item}/(\\d+)`;
    const key = (o = '', r = '', thread = '') => `${o}/${r}${kind.separator}${thread}`;
    builtin('GET', threadPath, (request, [, o, r, thread]) =>
      paginate(request, kind.threads.get(key(o, r, thread)) ?? [], fake.url),
    );
    builtin('POST', threadPath, (request, [, o, r, thread]) => {
      const text = commentText(request);
      if (typeof text !== 'string') return text;
      const id = newId();
      const comment = makeComment(
        text,
        kind.htmlUrl(`${o}/${r}`, thread ?? '', id),
        `${fake.url}/repos/${o}/${r}/${kind.item}/${id}`,
        id,
        authorOf(request),
      );
      list(kind.threads, key(o, r, thread)).push(comment);
      return { status: 201, body: comment };
    });
    const find = (o = '', r = '', id = '') => {
      for (const [threadKey, comments] of kind.threads) {
        if (!threadKey.startsWith(key(o, r))) continue;
        const found = comments.find((comment) => comment.id === Number(id));
        if (found) return found;
      }
      return undefined;
    };
    builtin('GET', itemPath, (_request, [, o, r, id]) => {
      const comment = find(o, r, id);
      return comment ? { status: 200, body: comment } : notFound();
    });
    builtin('PATCH', itemPath, (request, [, o, r, id]) => {
      const comment = find(o, r, id);
      if (!comment) return notFound();
      const text = commentText(request);
      if (typeof text !== 'string') return text;
      comment.body = text;
      comment.updated_at = timestamp();
      return { status: 200, body: comment };
    });
  };

  // Issue (and pull request) comments.
  commentRoutes({
    threads: state.issueComments,
    thread: 'issues/(\\d+)',
    separator: '#',
    item: 'issues/comments',
    htmlUrl: (repo, number, id) => `${HTML_URL}/${repo}/pull/${number}#issuecomment-${id}`,
  });

  // Commit comments.
  commentRoutes({
    threads: state.commitComments,
    thread: `commits/${SEGMENT}`,
    separator: '@',
    item: 'comments',
    htmlUrl: (repo, sha, id) => `${HTML_URL}/${repo}/commit/${sha}#commitcomment-${id}`,
  });

  // Pull requests associated with a commit.
  builtin(
    'GET',
    `/repos/${SEGMENT}/${SEGMENT}/commits/${SEGMENT}/pulls`,
    (request, [, o, r, sha]) =>
      paginate(request, state.commitPulls.get(`${o}/${r}@${sha}`) ?? [], fake.url),
  );

  // The files a pull request changes (GitHub lists at most 3,000).
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}/pulls/(\\d+)/files`, (request, [, o, r, n]) => {
    const files = (state.pullFiles.get(`${o}/${r}#${n}`) ?? []).slice(0, 3000);
    return paginate(
      request,
      files.map((file) => ({
        sha: '0'.repeat(40),
        additions: 1,
        deletions: 1,
        changes: 2,
        ...file,
      })),
      fake.url,
    );
  });

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

  // The repository and its files at each ref (the policy ref reads them).
  const tree = (ref: string): Map<string, FakeTreeEntry> => {
    let entries = state.trees.get(ref);
    if (!entries) {
      entries = new Map();
      state.trees.set(ref, entries);
    }
    return entries;
  };
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}`, (_request, [, o, r]) => ({
    status: 200,
    body: {
      id: 1,
      name: r,
      full_name: `${o}/${r}`,
      private: true,
      default_branch: state.defaultBranch,
    },
  }));
  // Refs: files put at `refs/tags/X` are tag X's; at `X` or `refs/heads/X`, branch X's.
  const treesOf = (o: string, r: string) =>
    state.repoTrees.get(`${o}/${r}`.toLowerCase()) ?? state.trees;
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}/git/ref/(heads|tags)/(.+)`, (_request, match) => {
    const [, o = '', r = '', kind = '', name = ''] = match;
    const trees = treesOf(o, r);
    const exists =
      kind === 'tags'
        ? trees.has(`refs/tags/${name}`)
        : trees.has(name) || trees.has(`refs/heads/${name}`) || name === state.defaultBranch;
    if (!exists) return notFound();
    return {
      status: 200,
      body: { ref: `refs/${kind}/${name}`, object: { type: 'commit', sha: 'a'.repeat(40) } },
    };
  });
  builtin('GET', `/repos/${SEGMENT}/${SEGMENT}/contents/(.+)`, (request, [, o, r, path]) => {
    const ref = request.query.ref ?? state.defaultBranch;
    // A short name that is both reads as the branch (GitHub's choice, as far as is known).
    const trees = treesOf(o ?? '', r ?? '');
    const entries = trees.get(ref) ?? trees.get(`refs/tags/${ref}`);
    if (!entries && ref !== state.defaultBranch) {
      return {
        status: 404,
        body: { message: `No commit found for the ref ${ref}`, documentation_url: 'x' },
      };
    }
    const name = path ?? '';
    const entry = entries?.get(name);
    const meta = (type: string, size: number) => ({
      type,
      name: name.split('/').pop(),
      path: name,
      sha: '0'.repeat(40),
      size,
      url: `${fake.url}/repos/${o}/${r}/contents/${name}?ref=${ref}`,
    });
    if (!entry) {
      const inside = [...(entries?.keys() ?? [])].filter((key) => key.startsWith(`${name}/`));
      if (inside.length === 0) return notFound();
      // A directory: GitHub lists it as an array, whatever media type was asked for.
      const names = [...new Set(inside.map((key) => key.slice(name.length + 1).split('/')[0]))];
      return {
        status: 200,
        body: names.map((child) => ({ ...meta('file', 1), name: child, path: `${name}/${child}` })),
      };
    }
    const raw = /raw/.test(String(request.headers.accept ?? ''));
    if (entry.kind === 'file') {
      const size = Buffer.byteLength(entry.content);
      if (raw) {
        return {
          status: 200,
          raw: entry.content,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'x-github-media-type': 'github.v3; param=raw',
          },
        };
      }
      return {
        status: 200,
        body: {
          ...meta('file', size),
          encoding: 'base64',
          content: Buffer.from(entry.content)
            .toString('base64')
            .replace(/(.{60})/g, '$1\n'),
        },
      };
    }
    if (entry.kind === 'symlink') {
      return {
        status: 200,
        body: { ...meta('symlink', entry.target.length), target: entry.target },
      };
    }
    return { status: 200, body: { ...meta('submodule', 0), submodule_git_url: entry.url } };
  });

  // Who a token acts as.
  builtin('GET', '/user', (request) => {
    const token = tokenOf(request) ?? '';
    const login = state.users.get(token);
    // A `<slug>[bot]` login is an App installation token's: GET /user refuses those.
    if (login && !login.endsWith('[bot]'))
      return { status: 200, body: { login, id: 7, type: 'User' } };
    return token.startsWith('ghs_') || login
      ? { status: 403, body: { message: 'Resource not accessible by integration' } }
      : { status: 401, body: { message: 'Requires authentication' } };
  });

  // GraphQL: `viewer { login }` only, which user and App installation tokens both answer.
  builtin('POST', '/graphql', (request) => {
    const query = String((request.body as { query?: unknown } | null)?.query ?? '');
    if (!/\bviewer\b/.test(query)) {
      return { status: 200, body: { errors: [{ message: 'The fake answers viewer only' }] } };
    }
    return { status: 200, body: { data: { viewer: { login: authorOf(request) } } } };
  });

  // Test set-up without a handle on the fake (the action harness): files at a ref.
  builtin('PUT', '/_fake/files', (request) => {
    const body = request.body as { ref?: unknown; files?: unknown } | null;
    const files = body?.files;
    if (!files || typeof files !== 'object') return invalid('files is required');
    fake.setFiles(
      files as Record<string, string>,
      typeof body?.ref === 'string' ? body.ref : undefined,
    );
    return { status: 204 };
  });

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
      // Set-up calls of the tests themselves are not the client's requests.
      if (!request.path.startsWith('/_fake/')) requests.push(request);
      let response: FakeResponse;
      try {
        response = await answer(request);
      } catch (error) {
        response = { status: 500, body: { message: `fake-github route threw: ${String(error)}` } };
      }
      const payload =
        response.raw ?? (response.body === undefined ? '' : JSON.stringify(response.body));
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
    setFiles(files, ref = state.defaultBranch) {
      const entries = tree(ref);
      for (const [path, content] of Object.entries(files)) {
        entries.set(path, { kind: 'file', content });
      }
    },
    setRepoFiles(repo, files, ref = state.defaultBranch) {
      const key = repo.toLowerCase();
      const refs = state.repoTrees.get(key) ?? new Map<string, Map<string, FakeTreeEntry>>();
      state.repoTrees.set(key, refs);
      const entries = refs.get(ref) ?? new Map<string, FakeTreeEntry>();
      refs.set(ref, entries);
      for (const [path, content] of Object.entries(files)) {
        entries.set(path, { kind: 'file', content });
      }
    },
    setPullFiles(repo, number, files) {
      state.pullFiles.set(
        `${repo}#${number}`,
        files.map((file) =>
          typeof file === 'string' ? { filename: file, status: 'modified' as const } : file,
        ),
      );
    },
    setTreeEntry(path, entry, ref = state.defaultBranch) {
      tree(ref).set(path, entry);
    },
    addIssueComment(repo, issue, body, login) {
      const id = newId();
      const comment = makeComment(
        body,
        `${HTML_URL}/${repo}/pull/${issue}#issuecomment-${id}`,
        `${fake.url}/repos/${repo}/issues/comments/${id}`,
        id,
        login,
      );
      list(state.issueComments, `${repo}#${issue}`).push(comment);
      return comment;
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
