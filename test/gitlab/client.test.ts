import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeployWindowError } from '../../src/core/errors.js';
import { GitLabApiError, GitLabClient } from '../../src/gitlab/client.js';
import {
  type FakeGitLab,
  type RecordingServer,
  startFakeGitLab,
  startRecordingServer,
} from '../support/fake-gitlab.js';

let fake: FakeGitLab;
let elsewhere: RecordingServer;
let delays: number[];

beforeEach(async () => {
  fake = await startFakeGitLab();
  elsewhere = await startRecordingServer();
  delays = [];
});
afterEach(async () => {
  await fake.close();
  await elsewhere.close();
});

/** A freeze period of the project, from midnight to 01:00 UTC every day. */
const freezePeriod = (id: number) => ({
  id,
  freeze_start: '0 0 * * *',
  freeze_end: '0 1 * * *',
  cron_timezone: 'UTC',
});

/** The second page of the freeze periods on another server than the API's. */
const pageTwoElsewhere = () => `${elsewhere.url}/api/v4/projects/42/freeze_periods?page=2`;

async function failure(promise: Promise<unknown>): Promise<GitLabApiError> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(GitLabApiError);
  return caught as GitLabApiError;
}

function client(overrides: Partial<ConstructorParameters<typeof GitLabClient>[0]> = {}) {
  return new GitLabClient({
    apiUrl: `${fake.apiUrl}/`,
    token: fake.token,
    baseDelayMs: 100,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });
}

describe('GitLabClient', () => {
  it('sends the token as PRIVATE-TOKEN and JSON bodies', async () => {
    await client().post('/projects/42/merge_requests/1/notes', { body: 'hello' });
    const [request] = fake.requests;
    expect(request?.headers['private-token']).toBe(fake.token);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ body: 'hello' });
  });

  it('refuses a path with a `.` or `..` segment: URL parsing would send it elsewhere', async () => {
    for (const endpoint of ['/groups/../members/all/7', '/groups/acme/%2E%2E/x', '/users/./x']) {
      const error = await failure(client().get(endpoint));
      expect(error.message).toContain('`.` or `..`');
    }
    expect(fake.requests).toEqual([]);
  });

  it('backs off exponentially on 5xx, and honours Retry-After on 429', async () => {
    fake.failNext('GET', /freeze_periods/, 503, 2);
    await client().get('/projects/42/freeze_periods');
    expect(delays).toEqual([100, 200]);

    delays = [];
    let answered = false;
    const retryAfter: typeof fetch = async (input, init) => {
      if (!answered) {
        answered = true;
        return new Response('{"message":"slow down"}', {
          status: 429,
          headers: { 'retry-after': '7' },
        });
      }
      return fetch(input, init);
    };
    await client({ fetch: retryAfter }).get('/projects/42/freeze_periods');
    expect(delays).toEqual([7000]);
  });

  it('gives up after the retries with an error naming method, endpoint and status', async () => {
    fake.failNext('GET', /freeze_periods/, 502, 10, { message: 'bad gateway' });
    const error = await client()
      .get('/projects/42/freeze_periods')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitLabApiError);
    expect((error as GitLabApiError).message).toBe(
      'GitLab API GET /projects/42/freeze_periods answered 502: bad gateway',
    );
    expect(fake.requests).toHaveLength(4);
  });

  it('retries network errors and then names the endpoint', async () => {
    const url = fake.apiUrl;
    await fake.close();
    const error = await new GitLabClient({
      apiUrl: url,
      token: 'secret-value',
      retries: 1,
      sleep: async () => {},
    })
      .get('/projects/42/freeze_periods')
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^GitLab API GET \/projects\/42\/freeze_periods failed: /,
    );
    expect((error as Error).message).not.toContain('secret-value');
    fake = await startFakeGitLab(); // for afterEach
  });

  it('follows x-next-page through every page', async () => {
    fake.pageSize = 2;
    for (let id = 1; id <= 5; id++) fake.freezePeriods.push(freezePeriod(id));
    const all = await client().getAll<{ id: number }>('/projects/42/freeze_periods');
    expect(all.map((period) => period.id)).toEqual([1, 2, 3, 4, 5]);
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2', '3']);
  });

  it('a list longer than 20 pages is an error, never its first pages as if they were all', async () => {
    // A cut list of freeze periods would end a freeze early; the callers fail closed on errors.
    fake.pageSize = 1;
    for (let id = 1; id <= 21; id++) fake.freezePeriods.push(freezePeriod(id));
    const error = await failure(client().getAll('/projects/42/freeze_periods'));
    expect(error.message).toContain('more than 20 pages');
    expect(fake.requests).toHaveLength(20);
    fake.freezePeriods.pop();
    expect(await client().getAll('/projects/42/freeze_periods')).toHaveLength(20);
  });

  it('reports a wrong token as 401 without retrying', async () => {
    const error = await client({ token: 'wrong' })
      .get('/projects/42/freeze_periods')
      .catch((caught: unknown) => caught);
    expect((error as GitLabApiError).status).toBe(401);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends the job token as JOB-TOKEN when asked to, and no PRIVATE-TOKEN', async () => {
    const job = await client({ token: fake.jobToken, tokenHeader: 'JOB-TOKEN' }).get<{
      user: { username: string };
    }>('/job');
    expect(job.user.username).toBe('dana');
    expect(fake.requests[0]?.headers['job-token']).toBe(fake.jobToken);
    expect(fake.requests[0]?.headers['private-token']).toBeUndefined();
  });
});

describe('GitLabClient never sends a token to another host', () => {
  it('follows no redirect: a 302 to another host is a failure naming the status', async () => {
    fake.answerNext('GET', /members\/all/, {
      status: 302,
      headers: { location: `${elsewhere.url}/api/v4/groups/acme/members/all/7` },
    });
    const error = await failure(client().get('/groups/acme/members/all/7'));
    expect(error.status).toBe(302);
    expect(error.message).toMatch(/answered 302: a redirect, not followed/);
    expect(elsewhere.requests).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('follows no redirect on the same host either, and never retries one', async () => {
    fake.answerNext('GET', /freeze_periods/, {
      status: 301,
      headers: { location: '/api/v4/projects/43/freeze_periods' },
    });
    const error = await failure(client().get('/projects/42/freeze_periods'));
    expect(error.status).toBe(301);
    expect(fake.requests.map((request) => request.path)).toEqual(['/projects/42/freeze_periods']);
  });

  it('takes the next page only as a page number on the API host: a Link or URL elsewhere is refused', async () => {
    fake.answerNext('GET', /freeze_periods/, {
      status: 200,
      headers: {
        link: `<${pageTwoElsewhere()}>; rel="next"`,
        'x-next-page': pageTwoElsewhere(),
      },
      body: [freezePeriod(1)],
    });
    const error = await failure(client().getAll('/projects/42/freeze_periods'));
    expect(error.message).toMatch(
      /next page .* is not a later page number on 127\.0\.0\.1:\d+; not followed/,
    );
    expect(elsewhere.requests).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('ignores a Link header and reads the next page from x-next-page on the API host', async () => {
    fake.pageSize = 1;
    fake.freezePeriods.push(freezePeriod(1), freezePeriod(2));
    fake.answerNext('GET', /freeze_periods/, {
      status: 200,
      headers: {
        link: `<${pageTwoElsewhere()}>; rel="next"`,
        'x-next-page': '2',
      },
      body: [fake.freezePeriods[0] as object],
    });
    const all = await client().getAll<{ id: number }>('/projects/42/freeze_periods');
    expect(all.map((period) => period.id)).toEqual([1, 2]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses an endpoint that would leave the API path', async () => {
    const error = await failure(client().get('/../../../other'));
    expect(error.message).toContain('`.` or `..`');
    const elsewhere = await failure(client({ apiUrl: `${fake.apiUrl}/api/v4/` }).get('x'));
    expect(elsewhere.message).toMatch(/not an endpoint below/);
    expect(fake.requests).toEqual([]);
  });
});

describe('GitLabClient takes only a well-formed JSON answer', () => {
  it.each([
    ['an HTML page', 'text/html; charset=utf-8', '<html><body>Sign in</body></html>'],
    ['malformed JSON', 'application/json', '{"id": 7, "state": "act'],
    [
      'JSON without a JSON content type',
      'text/plain',
      '{"id":7,"state":"active","access_level":50}',
    ],
  ])('a 200 with %s is a failure', async (_what, contentType, text) => {
    fake.answerNext('GET', /members\/all/, {
      status: 200,
      headers: { 'content-type': contentType },
      body: text,
    });
    const error = await failure(client().get('/groups/acme/members/all/7'));
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/not JSON|malformed JSON/);
  });

  it('reads a raw file as text within its size limit, and reports a larger one', async () => {
    fake.addFiles({ 'deploy-windows.yml': 'version: 1\n' });
    const endpoint = '/projects/42/repository/files/deploy-windows.yml/raw';
    expect(await client().getText(endpoint, { ref: 'main' }, 100)).toEqual({
      text: 'version: 1\n',
    });
    expect(await client().getText(endpoint, { ref: 'main' }, 5)).toEqual({ tooLarge: true });
    fake.answerNext('GET', /raw$/, {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>login</html>',
    });
    const error = await failure(client().getText(endpoint, { ref: 'main' }, 100));
    expect(error.message).toMatch(/not a file \(content type text\/html\)/);
  });
});

describe('GitLabClient time-outs', () => {
  it('a request without an HTTP answer has no status (null, as on GitHub), never a made-up 0', async () => {
    fake.answerNext('GET', /members\/all/, { status: 200, hang: true }, 1);
    const error = await failure(
      client({ timeoutMs: 20, retries: 0 }).get('/groups/a/members/all/7'),
    );
    expect(error.status).toBeNull();
    expect(error).toBeInstanceOf(DeployWindowError);
    const answered = await failure(client({ token: 'wrong' }).get('/projects/42/freeze_periods'));
    expect(answered.status).toBe(401);
  });

  it('gives up on a request that never answers, naming the time-out', async () => {
    fake.answerNext('GET', /members\/all/, { status: 200, hang: true }, 2);
    // 100 ms, not less: under load a shorter time-out can end the retry before it reaches the fake.
    const error = await failure(
      client({ timeoutMs: 100, retries: 1 }).get('/groups/acme/members/all/7'),
    );
    expect(error.message).toMatch(/failed: no answer within 100 ms/);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up when retries would take longer than the total time-out (2 minutes by default)', async () => {
    let now = 0;
    fake.failNext('GET', /freeze_periods/, 503, 10);
    const error = await failure(
      client({
        retries: 10,
        baseDelayMs: 50_000,
        now: () => now,
        sleep: async (ms) => {
          delays.push(ms);
          now += ms;
        },
      }).get('/projects/42/freeze_periods'),
    );
    expect(delays).toEqual([50_000]);
    expect(error.message).toMatch(/answered 503: .*gave up: retries would take longer than 120 s/);
    expect(fake.requests).toHaveLength(2);
  });
});
