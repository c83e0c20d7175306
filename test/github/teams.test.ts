import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { checkTeamMembership, parseTeam } from '../../src/github/teams.js';

const API = 'https://api.github.test';
const MEMBERSHIP = '/orgs/acme/teams/release-managers/memberships/carol';
const client = () =>
  createClient('t0ken', { baseUrl: API, log: { warning: () => {} }, retries: 0 });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('team membership', () => {
  // `..` survives encodeURIComponent, and URL resolution then turns
  // /orgs/acme/teams/../memberships/bob into /orgs/acme/memberships/bob: organisation
  // membership, which every member of the organisation has.
  for (const team of [
    'acme/..',
    'acme/.',
    '@acme/..',
    '../x',
    'acme/a b',
    'ac me/ops',
    'acme/ops?x=1',
  ]) {
    it(`'${team}' is no team: nothing is asked, nobody is exempt`, async () => {
      nock(API).get(/.*/).reply(200, { state: 'active', role: 'member' }).persist();
      const result = await checkTeamMembership(client(), team, 'bob');
      expect(result.member).toBe(false);
      expect(result.warning).toContain('is not of the form org/team-slug');
      expect(nock.pendingMocks()).toHaveLength(1);
    });
  }

  it('a request with a `.` or `..` segment is refused before it is sent', async () => {
    nock(API).get(/.*/).reply(200, { state: 'active' }).persist();
    const failure = await client()
      .request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
        org: 'acme',
        team_slug: '..',
        username: 'bob',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('`.` or `..`');
  });

  it('an active member is a member', async () => {
    nock(API).get(MEMBERSHIP).reply(200, { state: 'active', role: 'member' });
    expect(await checkTeamMembership(client(), 'acme/release-managers', 'carol')).toEqual({
      member: true,
      warning: null,
    });
  });

  it('a pending invitation is not membership', async () => {
    nock(API).get(MEMBERSHIP).reply(200, { state: 'pending', role: 'member' });
    expect((await checkTeamMembership(client(), '@acme/release-managers', 'carol')).member).toBe(
      false,
    );
  });

  it('404 for a team the token can see: simply not a member, no warning', async () => {
    nock(API).get(MEMBERSHIP).reply(404, { message: 'Not Found' });
    nock(API).get('/orgs/acme/teams/release-managers').reply(200, { slug: 'release-managers' });
    expect(await checkTeamMembership(client(), 'acme/release-managers', 'carol')).toEqual({
      member: false,
      warning: null,
    });
  });

  it('404 for a team the token cannot see: a warning naming read:org, not a member', async () => {
    nock(API).get(MEMBERSHIP).reply(404, { message: 'Not Found' });
    nock(API).get('/orgs/acme/teams/release-managers').reply(404, { message: 'Not Found' });
    const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('read:org');
    expect(result.warning).toContain('exempt-token');
    expect(result.warning).toContain(`GET ${MEMBERSHIP} -> 404`);
  });

  it('403: a warning naming read:org, not a member', async () => {
    nock(API).get(MEMBERSHIP).reply(403, { message: 'Resource not accessible by integration' });
    nock(API).get('/orgs/acme/teams/release-managers').reply(403, { message: 'Forbidden' });
    const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('read:org');
    expect(result.warning).toContain('403');
  });

  it('a network failure: a warning, not a member', async () => {
    nock(API).get(MEMBERSHIP).replyWithError('connect ECONNREFUSED');
    const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('ECONNREFUSED');
  });

  it('no token: a warning, not a member, and no request', async () => {
    const result = await checkTeamMembership(null, 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('no token');
  });

  it.each([
    ['an HTML page', '<html><body>{"state":"active"}</body></html>', 'text/html; charset=utf-8'],
    ['an empty object', '{}', 'application/json'],
    ['an array', '[{"state":"active"}]', 'application/json'],
    ['malformed JSON', '{"state":"active"', 'application/json'],
    ['JSON as text/plain', '{"state":"active"}', 'text/plain'],
    ['a state that is not a string', '{"state":["active"]}', 'application/json'],
  ])('a 200 with %s is not membership, and says so', async (_what, body, type) => {
    nock(API).get(MEMBERSHIP).reply(200, body, { 'content-type': type });
    const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('not a membership GitHub would send');
    expect(result.warning).toContain(MEMBERSHIP);
  });

  it.each([202, 203, 206])(
    'an active membership answered %i, not 200, is not membership, and says so',
    async (status) => {
      nock(API)
        .get(MEMBERSHIP)
        .reply(status, { state: 'active', role: 'member' }, { 'content-type': 'application/json' });
      const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
      expect(result.member).toBe(false);
      expect(result.warning).toContain(`answered ${status}, not 200`);
    },
  );

  it('a look-up redirected to another host is not membership, and the token stays home', async () => {
    nock(API).get(MEMBERSHIP).reply(302, '', { location: 'https://elsewhere.example/member' });
    const elsewhere = nock('https://elsewhere.example')
      .get('/member')
      .reply(200, { state: 'active' }, { 'content-type': 'application/json' });
    const result = await checkTeamMembership(client(), 'acme/release-managers', 'carol');
    expect(result.member).toBe(false);
    expect(result.warning).toContain('another host');
    expect(elsewhere.isDone()).toBe(false);
  });

  it('reads org/team-slug, with or without @', () => {
    expect(parseTeam('@acme/Release')).toEqual({ org: 'acme', slug: 'release' });
    expect(parseTeam('release')).toBeNull();
  });
});
