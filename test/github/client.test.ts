import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, GitHubApiError } from '../../src/github/client.js';

const API = 'https://ghes.example/api/v3';

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
    const client = createClient('t0ken', {
      baseUrl: API,
      log: { warning: () => {} },
      retryBaseMs: 1,
    });
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
    const client = createClient('t0ken', {
      baseUrl: API,
      log: { warning: () => {} },
      retryBaseMs: 1,
    });
    const failure = await client.rest.teams
      .getMembershipForUserInOrg({ org: 'acme', team_slug: 'ops', username: 'bob' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect(String((failure as Error).message)).toBe(
      'GET /orgs/acme/teams/ops/memberships/bob -> 503: Service Unavailable',
    );
  });

  it('does not retry a 404', async () => {
    nock(API).get('/orgs/acme/teams/ops').once().reply(404, { message: 'Not Found' });
    const client = createClient('t0ken', {
      baseUrl: API,
      log: { warning: () => {} },
      retryBaseMs: 1,
    });
    const failure = await client.rest.teams
      .getByName({ org: 'acme', team_slug: 'ops' })
      .catch((e: unknown) => e);
    expect((failure as GitHubApiError).status).toBe(404);
  });

  it('waits out a secondary rate limit and retries, with a warning', async () => {
    nock(API)
      .get('/orgs/acme/teams/ops')
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' });
    nock(API).get('/orgs/acme/teams/ops').reply(200, { slug: 'ops' });
    const warnings: string[] = [];
    const client = createClient('t0ken', {
      baseUrl: API,
      log: { warning: (line) => warnings.push(line) },
      retryBaseMs: 1,
    });
    const { data } = await client.rest.teams.getByName({ org: 'acme', team_slug: 'ops' });
    expect(data.slug).toBe('ops');
    expect(warnings.join('\n')).toContain('secondary rate limit');
  });
});
