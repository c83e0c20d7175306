import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitLabApiError, GitLabClient } from '../../src/gitlab/client.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';

let fake: FakeGitLab;
let delays: number[];

beforeEach(async () => {
  fake = await startFakeGitLab();
  delays = [];
});
afterEach(async () => {
  await fake.close();
});

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
    for (let id = 1; id <= 5; id++) {
      fake.freezePeriods.push({
        id,
        freeze_start: '0 0 * * *',
        freeze_end: '0 1 * * *',
        cron_timezone: 'UTC',
      });
    }
    const all = await client().getAll<{ id: number }>('/projects/42/freeze_periods');
    expect(all.map((period) => period.id)).toEqual([1, 2, 3, 4, 5]);
    expect(fake.requests.map((request) => request.query.page)).toEqual(['1', '2', '3']);
  });

  it('reports a wrong token as 401 without retrying', async () => {
    const error = await client({ token: 'wrong' })
      .get('/projects/42/freeze_periods')
      .catch((caught: unknown) => caught);
    expect((error as GitLabApiError).status).toBe(401);
    expect(fake.requests).toHaveLength(1);
  });
});
