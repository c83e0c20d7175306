// A small stand-in for GitLab's REST API v4 on 127.0.0.1, for the endpoints deploy-window uses:
// the job (with the job token), repository files, merge request notes, commit comments, group
// and project members, users, freeze periods and pipeline schedules. Other projects (an org's
// policy project) have files of their own, readable by extra read-only tokens and by the job
// token unless that project's job token allowlist leaves this project out. State lives in memory and
// every request is recorded, so tests assert what a user would see on GitLab and what was asked
// of the API. Use `apiUrl` as CI_API_V4_URL. `startRecordingServer` is "another host" that
// must never be asked anything.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Decoded path below /api/v4, e.g. `/groups/acme/ops/members/all/7` has segments. */
  path: string;
  /** The path's segments, each URL-decoded (`acme%2Fops` -> `acme/ops`). */
  segments: string[];
  /** The raw path as sent (still encoded). */
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  author: { id?: number; username: string };
  created_at: string;
  updated_at: string;
}

export interface FakeCommitComment {
  note: string;
  author: { id?: number; username: string };
  created_at: string;
}

export interface FakeSchedule {
  id: number;
  description: string;
  ref: string;
  cron: string;
  cron_timezone: string;
  active: boolean;
  variables: { key: string; value: string; variable_type: string }[];
}

export interface FakeFreezePeriod {
  id: number;
  freeze_start: string;
  freeze_end: string;
  cron_timezone: string;
}

export interface FakeUser {
  id: number;
  username: string;
}

/** A raw answer a test scripts: any status, headers and body text. */
export interface RawAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Text as sent; an object is sent as JSON. */
  body?: string | object;
  /** Never answer (a GitLab that hangs). */
  hang?: boolean;
}

export interface FakeGitLab {
  /** Use as CI_API_V4_URL, e.g. `http://127.0.0.1:43123/api/v4`. */
  apiUrl: string;
  /** The token the fake accepts (PRIVATE-TOKEN). */
  token: string;
  /** The job token the fake accepts (JOB-TOKEN) for `GET /job` and repository files. */
  jobToken: string;
  /** Who started the job, as `GET /job` reports it (null: that answers 404). */
  jobUser: FakeUser | null;
  /** Who the PRIVATE-TOKEN is (`GET /user`), and the author of what it writes. */
  tokenUser: FakeUser;
  /** The job's project, as `GET /job` reports it (`pipeline.project_id`). */
  jobProjectId: number;
  /** This project's default branch, as `GET /projects/:id` reports it to a PRIVATE-TOKEN. */
  defaultBranch: string;
  /** `pipeline.source` in `GET /job` (`push` unless set; `schedule`, `web`, ...); absent when undefined. */
  jobPipelineSource?: string;
  /** The job's `ref` in `GET /job` (`main` unless set; `refs/merge-requests/9/head`); absent when undefined. */
  jobRef?: string;
  /**
   * Merge requests of this project by iid, as `GET /projects/:id/merge_requests/:iid` answers a
   * PRIVATE-TOKEN: the source branch and the project it is in (a fork's id for a fork's).
   */
  mergeRequests: Map<string, { source_branch: string; source_project_id: number }>;
  /** Seeds a merge request note (`projectId!iid`) written by someone, e.g. another user. */
  addNote(key: string, body: string, author: FakeUser): FakeNote;
  /** Repository files by ref, then path: what `/repository/files/:path/raw?ref=` serves. */
  files: Map<string, Map<string, string>>;
  /** Adds files at a ref (default `main`). */
  addFiles(files: Record<string, string>, ref?: string): void;
  /**
   * Tags by project (this project: `''`), then tag name, then path. The files API reads a name
   * that is both a tag and a branch as the tag, as git does (`refs/tags/` before `refs/heads/`);
   * `refs/heads/X` and `refs/tags/X` name one of them.
   */
  tags: Map<string, Map<string, Map<string, string>>>;
  /** Adds a tag with these files, to this project or to `project`. */
  addTag(tag: string, files: Record<string, string>, project?: string): void;
  /**
   * The commit a ref of the fake is at (a made-up sha). The files API takes it as a ref, and
   * `HEAD` as `defaultBranch` (this project) or `main` (other projects).
   */
  commitOf(ref: string): string;
  /**
   * Other projects by full path (`acme/deploy-policy`) or numeric id (`99`): ref -> path -> text.
   * Any other id without `/` (this project, 42) is `files`; see `unknownProjects` for paths that
   * are not here.
   */
  projects: Map<string, Map<string, Map<string, string>>>;
  /** A project path not in `projects`: `own-files` serves `files` (the default), `not-found` a 404. */
  unknownProjects: 'own-files' | 'not-found';
  /** Adds files to another project at a ref (default `main`; `HEAD` reads `main`). */
  addProjectFiles(project: string, files: Record<string, string>, ref?: string): void;
  /** Extra PRIVATE-TOKENs that may only read repository files of the projects listed. */
  readTokens: Map<string, string[]>;
  /** Projects whose job token allowlist leaves this project out: the job token gets a 404. */
  jobTokenDenied: Set<string>;
  /** Scopes of that token; without `api` every write answers 403 insufficient_scope. */
  scopes: string[];
  requests: FakeRequest[];
  /** MR notes by `projectId!iid`. */
  notes: Map<string, FakeNote[]>;
  /** Commit comments by `projectId@sha`. */
  commitComments: Map<string, FakeCommitComment[]>;
  schedules: FakeSchedule[];
  freezePeriods: FakeFreezePeriod[];
  users: FakeUser[];
  /** Group full path -> member user ids (as members/all sees them: inherited included). */
  groups: Map<string, Set<number>>;
  /** Direct project members: user id -> access level (30 developer, 40 maintainer, 50 owner). */
  projectMembers: Map<number, number>;
  /** Page size the fake uses for list endpoints (default 100), to exercise pagination. */
  pageSize: number;
  addUser(username: string, id: number): void;
  addGroupMember(group: string, userId: number): void;
  /** The next `times` requests matching method and path answer `status`. */
  failNext(method: string, path: RegExp, status: number, times?: number, body?: unknown): void;
  /** The next `times` requests matching method and path get this raw answer. */
  answerNext(method: string, path: RegExp, answer: RawAnswer, times?: number): void;
  requestsTo(method: string, path: RegExp): FakeRequest[];
  /** Requests that change something (not GET). */
  writes(): FakeRequest[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is, instead of `body` as JSON. */
  raw?: string;
  hang?: boolean;
}

interface Scripted {
  method: string;
  path: RegExp;
  remaining: number;
  answer: Answer;
}

const now = () => new Date().toISOString();

function notFound(what = '404 Not found'): Answer {
  return { status: 404, body: { message: what } };
}

function paginate<T>(items: T[], query: Record<string, string>, pageSize: number): Answer {
  const perPage = Math.min(Number(query.per_page ?? 20) || 20, pageSize);
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const hasNext = page * perPage < items.length;
  return {
    status: 200,
    body: slice,
    headers: { 'x-next-page': hasNext ? String(page + 1) : '', 'x-page': String(page) },
  };
}

export async function startFakeGitLab(
  options: { token?: string; scopes?: string[] } = {},
): Promise<FakeGitLab> {
  const scripted: Scripted[] = [];
  let nextId = 1000;
  const fake: Omit<FakeGitLab, 'apiUrl' | 'close'> = {
    token: options.token ?? 'glpat-test-token',
    jobToken: 'job-token-secret',
    jobUser: { id: 7, username: 'dana' },
    tokenUser: { id: 4242, username: 'project_42_bot' },
    jobProjectId: 42,
    defaultBranch: 'main',
    jobRef: 'main',
    mergeRequests: new Map(),
    jobPipelineSource: 'push',
    addNote(key, body, author) {
      const note: FakeNote = {
        id: ++nextId,
        body,
        system: false,
        author: { ...author },
        created_at: now(),
        updated_at: now(),
      };
      fake.notes.set(key, [...(fake.notes.get(key) ?? []), note]);
      return note;
    },
    files: new Map(),
    addFiles(files, ref = 'main') {
      const tree = fake.files.get(ref) ?? new Map<string, string>();
      for (const [path, text] of Object.entries(files)) tree.set(path, text);
      fake.files.set(ref, tree);
    },
    tags: new Map(),
    addTag(tag, files, project = '') {
      const tags = fake.tags.get(project) ?? new Map<string, Map<string, string>>();
      tags.set(tag, new Map(Object.entries(files)));
      fake.tags.set(project, tags);
    },
    commitOf: (ref) => createHash('sha1').update(`fake-gitlab:${ref}`).digest('hex'),
    projects: new Map(),
    addProjectFiles(project, files, ref = 'main') {
      const refs = fake.projects.get(project) ?? new Map<string, Map<string, string>>();
      const tree = refs.get(ref) ?? new Map<string, string>();
      for (const [path, text] of Object.entries(files)) tree.set(path, text);
      refs.set(ref, tree);
      fake.projects.set(project, refs);
    },
    unknownProjects: 'own-files',
    readTokens: new Map(),
    jobTokenDenied: new Set(),
    scopes: options.scopes ?? ['api'],
    requests: [],
    notes: new Map(),
    commitComments: new Map(),
    schedules: [],
    freezePeriods: [],
    users: [],
    groups: new Map(),
    projectMembers: new Map(),
    pageSize: 100,
    addUser(username, id) {
      fake.users.push({ id, username });
    },
    addGroupMember(group, userId) {
      const members = fake.groups.get(group) ?? new Set<number>();
      members.add(userId);
      fake.groups.set(group, members);
    },
    failNext(method, path, status, times = 1, body) {
      scripted.push({
        method,
        path,
        remaining: times,
        answer: { status, body: body ?? { message: `${status} fake failure` } },
      });
    },
    answerNext(method, path, answer, times = 1) {
      const raw = typeof answer.body === 'string' ? answer.body : undefined;
      scripted.push({
        method,
        path,
        remaining: times,
        answer: {
          status: answer.status,
          headers: answer.headers,
          hang: answer.hang,
          ...(raw === undefined ? { body: answer.body } : { raw }),
        },
      });
    },
    requestsTo(method, path) {
      return fake.requests.filter(
        (request) => request.method === method && path.test(request.path),
      );
    },
    writes() {
      return fake.requests.filter((request) => request.method !== 'GET');
    },
  };

  function route(request: FakeRequest): Answer {
    const { method, segments: s, query, body } = request;
    const input = (body ?? {}) as Record<string, unknown>;
    const is = (...pattern: (string | null)[]) =>
      s.length === pattern.length &&
      pattern.every((part, index) => part === null || part === s[index]);

    if (method !== 'GET' && !fake.scopes.includes('api')) {
      return { status: 403, body: { error: 'insufficient_scope', scope: 'api' } };
    }
    // GET /job: the job the job token belongs to.
    if (is('job') && method === 'GET') {
      if (!fake.jobUser) return notFound();
      return {
        status: 200,
        body: {
          id: 4242,
          name: 'deploy-window',
          status: 'running',
          ...(fake.jobRef ? { ref: fake.jobRef } : {}),
          user: { ...fake.jobUser, name: fake.jobUser.username, state: 'active' },
          pipeline: {
            id: 777,
            project_id: fake.jobProjectId,
            ref: 'main',
            status: 'running',
            ...(fake.jobPipelineSource ? { source: fake.jobPipelineSource } : {}),
          },
        },
      };
    }
    // GET /user: who the access token is.
    if (is('user') && method === 'GET') {
      return { status: 200, body: { ...fake.tokenUser, name: fake.tokenUser.username, bot: true } };
    }
    // GET /projects/:id: the project (its default branch). Only a PRIVATE-TOKEN reaches it.
    if (is('projects', null) && method === 'GET') {
      const project = s[1] as string;
      if (fake.projects.has(project)) {
        return { status: 200, body: { id: Number(project) || 99, default_branch: 'main' } };
      }
      if (project.includes('/') && fake.unknownProjects === 'not-found') {
        return notFound('404 Project Not Found');
      }
      return {
        status: 200,
        body: { id: 42, path_with_namespace: 'acme/app', default_branch: fake.defaultBranch },
      };
    }
    // GET /projects/:id/repository/branches/:name and /tags/:name: whether the ref exists.
    for (const kind of ['branches', 'tags'] as const) {
      if (is('projects', null, 'repository', kind, null) && method === 'GET') {
        const project = s[1] as string;
        const other = fake.projects.get(project);
        const names = kind === 'tags' ? fake.tags.get(other ? project : '') : (other ?? fake.files);
        const name = s[4] as string;
        if (!names?.has(name)) {
          return notFound(kind === 'tags' ? '404 Tag Not Found' : '404 Branch Not Found');
        }
        const commit = { id: fake.commitOf(`${kind}:${name}`) };
        return {
          status: 200,
          body: { name, commit, ...(kind === 'tags' ? { target: commit.id } : {}) },
        };
      }
    }
    // GET /projects/:id/repository/files/:path[/raw]?ref= (the file's text, or its metadata)
    const raw = is('projects', null, 'repository', 'files', null, 'raw');
    if ((raw || is('projects', null, 'repository', 'files', null)) && method === 'GET') {
      const project = s[1] as string;
      const other = fake.projects.get(project);
      const refs =
        other ??
        (project.includes('/') && fake.unknownProjects === 'not-found' ? null : fake.files);
      if (!refs) return notFound('404 Project Not Found');
      const asked = query.ref ?? '';
      const tags = fake.tags.get(other ? project : '') ?? new Map<string, Map<string, string>>();
      const named =
        asked === 'HEAD'
          ? refs === fake.files
            ? fake.defaultBranch
            : 'main'
          : ([...refs.keys()].find((ref) => fake.commitOf(ref) === asked) ?? asked);
      const tree = asked.startsWith('refs/heads/')
        ? refs.get(asked.slice('refs/heads/'.length))
        : asked.startsWith('refs/tags/')
          ? tags.get(asked.slice('refs/tags/'.length))
          : (tags.get(named) ?? refs.get(named));
      if (!tree) return notFound('404 Commit Not Found');
      const path = s[4] as string;
      const text = tree.get(path);
      if (text === undefined) return notFound('404 File Not Found');
      if (raw) {
        return { status: 200, raw: text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      }
      return {
        status: 200,
        body: {
          file_name: path.split('/').at(-1),
          file_path: path,
          size: Buffer.byteLength(text),
          encoding: 'base64',
          content: Buffer.from(text).toString('base64'),
          ref: asked,
          blob_id: createHash('sha1').update(text).digest('hex'),
          commit_id: fake.commitOf(named),
          last_commit_id: fake.commitOf(named),
        },
      };
    }
    // /projects/:id/merge_requests/:iid
    if (is('projects', null, 'merge_requests', null) && method === 'GET') {
      const mergeRequest =
        s[1] === String(fake.jobProjectId) ? fake.mergeRequests.get(s[3] ?? '') : undefined;
      if (!mergeRequest) return notFound();
      return {
        status: 200,
        body: {
          id: 9000 + Number(s[3]),
          iid: Number(s[3]),
          project_id: fake.jobProjectId,
          ...mergeRequest,
        },
      };
    }
    // /projects/:id/merge_requests/:iid/notes[/:note_id]
    if (is('projects', null, 'merge_requests', null, 'notes')) {
      const key = `${s[1]}!${s[3]}`;
      const list = fake.notes.get(key) ?? [];
      if (method === 'GET') {
        const sorted = [...list].sort(
          (a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id,
        );
        return paginate(query.sort === 'asc' ? sorted.reverse() : sorted, query, fake.pageSize);
      }
      if (method === 'POST') {
        if (typeof input.body !== 'string' || input.body === '') {
          return { status: 400, body: { message: 'body is missing' } };
        }
        const note: FakeNote = {
          id: ++nextId,
          body: input.body,
          system: false,
          author: { ...fake.tokenUser },
          created_at: now(),
          updated_at: now(),
        };
        fake.notes.set(key, [...list, note]);
        return { status: 201, body: note };
      }
    }
    if (is('projects', null, 'merge_requests', null, 'notes', null) && method === 'PUT') {
      const note = fake.notes
        .get(`${s[1]}!${s[3]}`)
        ?.find((candidate) => String(candidate.id) === s[5]);
      if (!note) return notFound('404 Note Not Found');
      if (typeof input.body !== 'string')
        return { status: 400, body: { message: 'body is missing' } };
      note.body = input.body;
      note.updated_at = now();
      return { status: 200, body: note };
    }
    // /projects/:id/repository/commits/:sha/comments
    if (is('projects', null, 'repository', 'commits', null, 'comments')) {
      const key = `${s[1]}@${s[4]}`;
      const list = fake.commitComments.get(key) ?? [];
      if (method === 'GET') return paginate(list, query, fake.pageSize);
      if (method === 'POST') {
        if (typeof input.note !== 'string' || input.note === '') {
          return { status: 400, body: { message: 'note is missing' } };
        }
        const comment: FakeCommitComment = {
          note: input.note,
          author: { ...fake.tokenUser },
          created_at: now(),
        };
        fake.commitComments.set(key, [...list, comment]);
        return { status: 201, body: comment };
      }
    }
    // /groups/:id/members/all/:user_id
    if (is('groups', null, 'members', 'all', null) && method === 'GET') {
      const members = fake.groups.get(s[1] as string);
      if (!members) return notFound('404 Group Not Found');
      const id = Number(s[4]);
      const user = fake.users.find((candidate) => candidate.id === id);
      if (!members.has(id)) return notFound();
      return {
        status: 200,
        body: { id, username: user?.username ?? `user${id}`, state: 'active', access_level: 30 },
      };
    }
    // /projects/:id/members/:user_id (direct members)
    if (is('projects', null, 'members', null) && method === 'GET') {
      const id = Number(s[3]);
      const level = fake.projectMembers.get(id);
      if (level === undefined) return notFound();
      return { status: 200, body: { id, state: 'active', access_level: level } };
    }
    if (is('users') && method === 'GET') {
      const wanted = (query.username ?? '').toLowerCase();
      return {
        status: 200,
        body: fake.users.filter((user) => user.username.toLowerCase() === wanted),
      };
    }
    if (is('projects', null, 'freeze_periods') && method === 'GET') {
      return paginate(fake.freezePeriods, query, fake.pageSize);
    }
    // Pipeline schedules
    if (is('projects', null, 'pipeline_schedules')) {
      if (method === 'GET') return paginate(fake.schedules, query, fake.pageSize);
      if (method === 'POST') {
        for (const key of ['description', 'ref', 'cron']) {
          if (typeof input[key] !== 'string' || input[key] === '') {
            return { status: 400, body: { message: `${key} is missing` } };
          }
        }
        const schedule: FakeSchedule = {
          id: ++nextId,
          description: input.description as string,
          ref: input.ref as string,
          cron: input.cron as string,
          cron_timezone: (input.cron_timezone as string | undefined) ?? 'UTC',
          active: input.active !== false,
          variables: [],
        };
        fake.schedules.push(schedule);
        return { status: 201, body: schedule };
      }
    }
    if (is('projects', null, 'pipeline_schedules', null)) {
      const index = fake.schedules.findIndex((schedule) => String(schedule.id) === s[3]);
      if (index === -1) return notFound('404 Pipeline Schedule Not Found');
      if (method === 'GET') return { status: 200, body: fake.schedules[index] };
      if (method === 'DELETE') {
        fake.schedules.splice(index, 1);
        return { status: 204 };
      }
    }
    if (is('projects', null, 'pipeline_schedules', null, 'variables') && method === 'POST') {
      const schedule = fake.schedules.find((candidate) => String(candidate.id) === s[3]);
      if (!schedule) return notFound('404 Pipeline Schedule Not Found');
      const variable = {
        key: String(input.key),
        value: String(input.value),
        variable_type: String(input.variable_type ?? 'env_var'),
      };
      schedule.variables.push(variable);
      return { status: 201, body: variable };
    }
    return notFound('404 Endpoint Not Found (fake-gitlab)');
  }

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const rawPath = url.pathname.replace(/^\/api\/v4/, '');
      const segments = rawPath.split('/').filter(Boolean).map(decodeURIComponent);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        path: `/${segments.join('/')}`,
        segments,
        rawPath,
        query: Object.fromEntries(url.searchParams),
        body,
        headers: incoming.headers,
      };
      fake.requests.push(request);

      let answer: Answer;
      const script = scripted.find(
        (candidate) =>
          candidate.remaining > 0 &&
          candidate.method === request.method &&
          candidate.path.test(request.path),
      );
      // The project of a repository file read (`acme/deploy-policy` arrives as one segment).
      const filesOf =
        (segments.length === 6 ? segments[5] === 'raw' : segments.length === 5) &&
        segments[0] === 'projects' &&
        segments[2] === 'repository' &&
        segments[3] === 'files'
          ? (segments[1] as string)
          : null;
      // GitLab lets a job token read a project's files and ask for its branches and tags.
      const refOf =
        segments.length === 5 &&
        segments[0] === 'projects' &&
        segments[2] === 'repository' &&
        (segments[3] === 'branches' || segments[3] === 'tags')
          ? (segments[1] as string)
          : null;
      const jobTokenRoute = request.path === '/job' || filesOf !== null || refOf !== null;
      const privateToken = incoming.headers['private-token'];
      const reader =
        typeof privateToken === 'string' ? fake.readTokens.get(privateToken) : undefined;
      const byJobToken = jobTokenRoute && incoming.headers['job-token'] === fake.jobToken;
      const readsRepository = filesOf ?? refOf;
      const byReader = reader !== undefined && readsRepository !== null;
      const authorised = privateToken === fake.token || byJobToken || byReader;
      if (!authorised) {
        answer = { status: 401, body: { message: '401 Unauthorized' } };
      } else if (
        readsRepository !== null &&
        ((byJobToken && fake.jobTokenDenied.has(readsRepository)) ||
          (byReader && privateToken !== fake.token && !reader?.includes(readsRepository)))
      ) {
        // GitLab hides a project the token may not read.
        answer = notFound('404 Project Not Found');
      } else if (script) {
        script.remaining--;
        answer = script.answer;
      } else {
        answer = route(request);
      }
      if (answer.hang) return;
      if (answer.raw !== undefined) {
        outgoing.writeHead(answer.status, {
          'content-type': 'text/plain',
          ...(answer.headers ?? {}),
        });
        outgoing.end(answer.raw);
        return;
      }
      outgoing.writeHead(answer.status, {
        'content-type': 'application/json',
        ...(answer.headers ?? {}),
      });
      outgoing.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Another host: records every request it gets and answers 200 `{}`. Tests assert it saw none. */
export interface RecordingServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const server = createServer((incoming, outgoing) => {
    requests.push({
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers: incoming.headers,
    });
    incoming.resume();
    outgoing.writeHead(200, { 'content-type': 'application/json' });
    outgoing.end('{"id":7,"username":"dana","state":"active","access_level":50}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
