// The GitHub API client (docs/github-action.md, "Tokens, hosts and time-outs"): retries, errors
// that name the endpoint, tokens sent only to the API host, and time-outs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, GitHubApiError } from '../../src/github/client.js';

// A garbage collection on demand: Node drops an AbortSignal.timeout() nothing refers to, and
// then its time-out never fires. On a runner that happens on its own; here it is forced.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const API = 'https://ghes.example/api/v3';
/** The team the look-ups below ask about. */
const OPS = { org: 'acme', team_slug: 'ops' };

/** A client of `API` (or the base `options` names) that retries at once and logs nothing. */
function quickClient(options: Partial<Parameters<typeof createClient>[1]> = {}) {
  return createClient('t0ken', {
    baseUrl: API,
    log: { warning: () => {} },
    retryBaseMs: 1,
    ...options,
  });
}

/** What `request` fails with (or what it answers, should it not fail). */
function failureOf(request: Promise<unknown>): Promise<unknown> {
  return request.catch((error: unknown) => error);
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the GitHub client', () => {
  it('talks to the API base it is given (GHES path prefix kept)', async () => {
    const scope = nock(API).get('/repos/acme/app/commits/abc/pulls').reply(200, []);
    const client = createClient('t0ken', { baseUrl: `${API}/`, log: { warning: () => {} } });
    await client.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: 'acme',
      repo: 'app',
      commit_sha: 'abc',
    });
    scope.done();
  });

  it('retries a 502 and then succeeds', async () => {
    nock(API).post('/repos/acme/app/issues/7/comments').reply(502, { message: 'Bad Gateway' });
    nock(API).post('/repos/acme/app/issues/7/comments').reply(201, { id: 1, html_url: 'u' });
    const client = quickClient();
    const { data } = await client.rest.issues.createComment({
      owner: 'acme',
      repo: 'app',
      issue_number: 7,
      body: 'x',
    });
    expect(data.id).toBe(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('names the endpoint and the status when retries run out', async () => {
    nock(API)
      .get('/orgs/acme/teams/ops/memberships/bob')
      .times(4)
      .reply(503, { message: 'Service Unavailable' });
    const client = quickClient();
    const failure = await failureOf(
      client.rest.teams.getMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'ops',
        username: 'bob',
      }),
    );
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect(String((failure as Error).message)).toBe(
      'GET /orgs/acme/teams/ops/memberships/bob -> 503: Service Unavailable',
    );
  });

  it('does not retry a 404', async () => {
    nock(API).get('/orgs/acme/teams/ops').once().reply(404, { message: 'Not Found' });
    const client = quickClient();
    const failure = await failureOf(client.rest.teams.getByName(OPS));
    expect((failure as GitHubApiError).status).toBe(404);
  });

  it('waits out a secondary rate limit and retries, with a warning', async () => {
    nock(API)
      .get('/orgs/acme/teams/ops')
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' });
    nock(API).get('/orgs/acme/teams/ops').reply(200, { slug: 'ops' });
    const warnings: string[] = [];
    const client = quickClient({ log: { warning: (line) => warnings.push(line) } });
    const { data } = await client.rest.teams.getByName(OPS);
    expect(data.slug).toBe('ops');
    expect(warnings.join('\n')).toContain('secondary rate limit');
  });
});

describe('tokens go only to the API host', () => {
  it('a redirect to another host is a failure, and the token never goes there', async () => {
    nock(API)
      .get('/orgs/acme/teams/ops')
      .reply(302, '', { location: 'https://elsewhere.example/steal' });
    const elsewhere = nock('https://elsewhere.example')
      .get('/steal')
      .reply(200, { slug: 'ops' }, { 'content-type': 'application/json' });
    const client = quickClient();
    const failure = await failureOf(client.rest.teams.getByName(OPS));
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as Error).message).toContain('GET /orgs/acme/teams/ops');
    expect((failure as Error).message).toContain('another host (https://elsewhere.example)');
    expect(elsewhere.isDone()).toBe(false);
  });

  it('a redirect on the API host is followed (a renamed repository)', async () => {
    nock(API)
      .get('/repos/acme/old/commits/abc/pulls')
      .reply(301, '', { location: `${API}/repositories/42/commits/abc/pulls` });
    nock(API)
      .get('/repositories/42/commits/abc/pulls')
      .reply(200, [{ number: 5 }]);
    const client = quickClient();
    const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: 'acme',
      repo: 'old',
      commit_sha: 'abc',
    });
    expect(data).toEqual([{ number: 5 }]);
  });

  it('a pagination Link to another host is refused, not followed', async () => {
    nock(API)
      .get('/repos/acme/app/issues/7/comments')
      .query(true)
      .reply(200, [{ id: 1, body: 'page 1' }], {
        link: '<https://elsewhere.example/repos/acme/app/issues/7/comments?page=2>; rel="next"',
      });
    const elsewhere = nock('https://elsewhere.example')
      .get('/repos/acme/app/issues/7/comments')
      .query(true)
      .reply(200, [{ id: 2, body: 'page 2' }]);
    const client = quickClient();
    const failure = await failureOf(
      client.paginate(client.rest.issues.listComments, {
        owner: 'acme',
        repo: 'app',
        issue_number: 7,
        per_page: 100,
      }),
    );
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as Error).message).toContain('another host (https://elsewhere.example)');
    expect(elsewhere.isDone()).toBe(false);
  });
});

describe('time-outs', () => {
  let server: Server;
  let url = '';
  let seen = 0;
  beforeEach(async () => {
    nock.enableNetConnect('127.0.0.1');
    seen = 0;
    // Takes every request and never answers.
    server = createServer(() => {
      seen += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a request that never answers fails after the per-request time-out, retries included', async () => {
    const client = quickClient({
      baseUrl: url,
      retries: 2,
      timeouts: { requestMs: 40, totalMs: 5_000 },
    });
    const failure = await failureOf(client.rest.teams.getByName(OPS));
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as GitHubApiError).status).toBeNull();
    expect((failure as Error).message).toContain('no answer within 0.04 s');
    expect(seen).toBe(3);
  }, 5_000);

  it('all retries together stop at the total time-out', async () => {
    const client = quickClient({
      baseUrl: url,
      retries: 50,
      timeouts: { requestMs: 40, totalMs: 150 },
    });
    const started = Date.now();
    const failure = await failureOf(client.rest.teams.getByName(OPS));
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as Error).message).toContain('no answer within 0.15 s (retries included)');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen).toBeLessThan(50);
  }, 5_000);
});

describe('answers that start and never end, or never stop', () => {
  let server: Server;
  let url = '';
  const timers: NodeJS.Timeout[] = [];
  beforeEach(async () => {
    nock.enableNetConnect('127.0.0.1');
    server = createServer((request, response) => {
      if (request.url?.includes('/trickle')) {
        // Headers at once, then a byte now and then, for ever.
        response.writeHead(200, { 'content-type': 'application/vnd.github.raw+json' });
        response.write('#');
        timers.push(setInterval(() => response.write('#'), 10));
        return;
      }
      // A body that never ends, as fast as it can go.
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(1024 * 1024, 120);
      const more = () => {
        while (response.write(chunk)) {}
      };
      response.on('drain', more);
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a body that trickles for ever fails after the per-request time-out', async () => {
    const client = quickClient({
      baseUrl: url,
      retries: 0,
      timeouts: { requestMs: 60, totalMs: 500 },
    });
    const reading = client
      .request({ method: 'GET', url: '/trickle', request: { parseSuccessResponseBody: false } })
      .then(async (response) => {
        const reader = (response.data as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          collectGarbage();
          if ((await reader.read()).done) return 'ended';
        }
      });
    const failure = await failureOf(reading);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('no answer within 0.06 s');
  }, 5_000);

  it('a body that never stops is cut off past 16 MiB: the call fails', async () => {
    const client = quickClient({ baseUrl: url, retries: 0 });
    const failure = await failureOf(client.request({ method: 'GET', url: '/endless' }));
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('answered more than 16 MiB');
  }, 10_000);
});
