import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

describe('fake GitHub server', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates, lists and updates issue comments and logs each request', async () => {
    const created = await fetch(`${fake.url}/repos/acme/app/issues/7/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: 'hello' }),
    });
    expect(created.status).toBe(201);
    const comment = (await created.json()) as { id: number; html_url: string };
    expect(comment.html_url).toContain('/acme/app/pull/7#issuecomment-');
    const patched = await fetch(`${fake.url}/repos/acme/app/issues/comments/${comment.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ body: 'changed' }),
    });
    expect(patched.status).toBe(200);
    expect(fake.issueComments('acme/app', 7).map((c) => c.body)).toEqual(['changed']);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/app/issues/7/comments',
      `PATCH /repos/acme/app/issues/comments/${comment.id}`,
    ]);
  });

  it('paginates lists with a Link header', async () => {
    for (let i = 0; i < 3; i++) {
      await fetch(`${fake.url}/repos/acme/app/commits/abc/comments`, {
        method: 'POST',
        body: JSON.stringify({ body: `c${i}` }),
      });
    }
    const first = await fetch(`${fake.url}/repos/acme/app/commits/abc/comments?per_page=2`);
    expect(((await first.json()) as unknown[]).length).toBe(2);
    expect(first.headers.get('link')).toContain('rel="next"');
  });

  it('answers team memberships, injected failures and custom routes', async () => {
    fake.addTeamMember('acme/release', 'alice');
    const member = await fetch(`${fake.url}/orgs/acme/teams/release/memberships/alice`);
    expect(((await member.json()) as { state: string }).state).toBe('active');
    expect((await fetch(`${fake.url}/orgs/acme/teams/release/memberships/bob`)).status).toBe(404);

    fake.failNext('GET', /memberships/, 502, 1);
    expect((await fetch(`${fake.url}/orgs/acme/teams/release/memberships/alice`)).status).toBe(502);
    expect((await fetch(`${fake.url}/orgs/acme/teams/release/memberships/alice`)).status).toBe(200);

    fake.route('GET', /^\/repos\/acme\/app\/deployments$/, () => ({
      status: 200,
      body: [{ id: 1 }],
    }));
    expect(await (await fetch(`${fake.url}/repos/acme/app/deployments`)).json()).toEqual([
      { id: 1 },
    ]);
  });
});
