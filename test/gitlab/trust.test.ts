// Who the gate believes on GitLab: the job's user as the API reports it to the job token (not
// GITLAB_USER_LOGIN, which a pipeline variable can replace), and membership only on a
// well-formed positive answer. Each attack here opened the gate once.
import { describe, expect, it } from 'vitest';
import { type RawAnswer, startRecordingServer } from '../support/fake-gitlab.js';
import { fakeGitLabPerTest, gateOnSaturday, withExempt } from '../support/gitlab-fixtures.js';
import { BUSINESS_HOURS, workspace } from './harness.js';

const fake = fakeGitLabPerTest((started) => {
  started.addUser('dana', 7);
  started.addUser('erin', 8);
  started.addUser('alice', 9);
});

/** What GitLab also sets (and a pipeline variable could replace): ignored by the gate. */
const pipelineUser = { GITLAB_USER_LOGIN: 'dana', GITLAB_USER_ID: '7' };

describe('the actor is the job user GitLab reports to the job token', () => {
  it('GITLAB_USER_LOGIN=alice as a pipeline variable does not make the run exempt as alice', async () => {
    const root = withExempt('  users: [alice]');
    const run = await gateOnSaturday(fake, root, {
      env: { GITLAB_USER_LOGIN: 'alice', GITLAB_USER_ID: '9' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.lines.join('\n')).not.toMatch(/EXEMPT/);
  });

  it('exempts the user GET /job names, asked with JOB-TOKEN and no other token', async () => {
    const root = withExempt('  users: [dana]');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.decision).toMatchObject({ exempt: true, exemptBy: 'user:dana' });
    const [lookup] = fake.requestsTo('GET', /^\/job$/);
    expect(lookup?.headers['job-token']).toBe(fake.jobToken);
    expect(lookup?.headers['private-token']).toBeUndefined();
  });

  it('looks up group membership by the id GET /job reports, not GITLAB_USER_ID', async () => {
    fake.addGroupMember('acme/release-managers', 8); // erin, not dana
    const root = withExempt('  teams: [acme/release-managers]');
    const run = await gateOnSaturday(fake, root, {
      env: { GITLAB_USER_LOGIN: 'erin', GITLAB_USER_ID: '8' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('GET', /^\/groups\//).map((request) => request.rawPath)).toEqual([
      '/groups/acme%2Frelease-managers/members/all/7',
    ]);
  });

  it.each<[string, RawAnswer]>([
    ['a 404', { status: 404, body: { message: '404 Not found' } }],
    ['a 401', { status: 401, body: { message: '401 Unauthorized' } }],
    ['an HTML page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html/>' }],
    ['no user', { status: 200, body: { id: 4242, user: null } }],
    ['a user without an id', { status: 200, body: { id: 4242, user: { username: 'dana' } } }],
    ['a user with a text id', { status: 200, body: { user: { id: '7', username: 'dana' } } }],
    // A 2xx other than 200 is not GitLab's answer to a GET (a proxy's 203, a partial 206).
    ['203 with the user', { status: 203, body: { id: 4242, user: { id: 7, username: 'dana' } } }],
    ['206 with the user', { status: 206, body: { id: 4242, user: { id: 7, username: 'dana' } } }],
  ])('when GET /job answers %s, nobody is exempt and a warning says why', async (_what, answer) => {
    fake.answerNext('GET', /^\/job$/, answer);
    const root = withExempt('  users: [dana]');
    const run = await gateOnSaturday(fake, root, { env: pipelineUser });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings.join('\n')).toMatch(
      /Could not learn who started this job from GitLab \(GET \/job\): .*; nobody is exempt/,
    );
  });

  it('without a job token nobody is exempt, and the warning says CI_JOB_TOKEN is missing', async () => {
    const root = withExempt('  users: [dana]');
    const run = await gateOnSaturday(fake, root, {
      env: { CI_JOB_TOKEN: undefined, GITLAB_USER_LOGIN: 'dana' },
    });
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings.join('\n')).toMatch(/CI_JOB_TOKEN is not set.*nobody is exempt/);
  });

  it('asks GET /job once (for the job project) and looks nobody up when the config exempts nobody', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS });
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('GET', /^\/job$/)).toHaveLength(1);
    expect(fake.requestsTo('GET', /members|^\/users?\b/)).toEqual([]);
  });

  it('asks GET /job once for both the job project and the actor', async () => {
    const root = withExempt('  users: [dana]');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.decision).toMatchObject({ exempt: true, exemptBy: 'user:dana' });
    expect(fake.requestsTo('GET', /^\/job$/)).toHaveLength(1);
  });
});

describe('membership exempts only on a well-formed positive answer', () => {
  const json = (body: unknown): RawAnswer => ({ status: 200, body: body as object });
  const answers: [string, RawAnswer][] = [
    ['an HTML page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html/>' }],
    ['{}', json({})],
    ['[]', json([])],
    [
      'malformed JSON',
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":7,' },
    ],
    [
      'a member as text/plain',
      {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: '{"id":7,"state":"active","access_level":30}',
      },
    ],
    ['no state', json({ id: 7, username: 'dana', access_level: 30 })],
    ['no access_level', json({ id: 7, username: 'dana', state: 'active' })],
    ['a text access_level', json({ id: 7, username: 'dana', state: 'active', access_level: '30' })],
    ['a blocked member', json({ id: 7, username: 'dana', state: 'blocked', access_level: 30 })],
    ['another user', json({ id: 8, username: 'erin', state: 'active', access_level: 30 })],
    ...[202, 203, 206].map((status): [string, RawAnswer] => [
      `an active member answered ${status}, not 200`,
      { status, body: { id: 7, username: 'dana', state: 'active', access_level: 30 } },
    ]),
  ];

  /** The look-up at `path` gets `answer`, asked once: the gate stays closed to the pipeline user. */
  async function expectNoExemption(path: RegExp, answer: RawAnswer, root: string) {
    fake.answerNext('GET', path, answer);
    const run = await gateOnSaturday(fake, root, { env: pipelineUser });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(fake.requestsTo('GET', path)).toHaveLength(1);
  }

  it.each(answers)('a group answer of %s is not membership', async (_what, answer) => {
    const root = withExempt('  teams: [acme/release-managers]');
    await expectNoExemption(/^\/groups\//, answer, root);
  });

  it.each(answers)('a project role answer of %s is not the role', async (_what, answer) => {
    const root = withExempt('  codeowners: .gitlab/deploy-windows.yml', {
      '.gitlab/CODEOWNERS': '/.gitlab/ @@developer\n',
    });
    await expectNoExemption(/^\/projects\/42\/members\//, answer, root);
  });

  it('a membership look-up redirected to another host is not followed: that host sees nothing and exempts nobody', async () => {
    const elsewhere = await startRecordingServer();
    try {
      fake.answerNext('GET', /^\/groups\//, {
        status: 302,
        headers: {
          location: `${elsewhere.url}/api/v4/groups/acme%2Frelease-managers/members/all/7`,
        },
      });
      const root = withExempt('  teams: [acme/release-managers]');
      const run = await gateOnSaturday(fake, root);
      expect(run.result.exitCode).toBe(1);
      expect(run.result.decision?.exempt).toBe(false);
      expect(run.warnings.join('\n')).toMatch(/answered 302: a redirect, not followed/);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('an --actor is looked up by exact username only, never the first user of the answer', async () => {
    fake.addGroupMember('acme/release-managers', 7);
    fake.answerNext('GET', /^\/users$/, json([{ id: 7, username: 'dana' }]));
    const root = withExempt('  teams: [acme/release-managers]');
    const run = await gateOnSaturday(fake, root, { options: { actor: 'mallory' } });
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('GET', /^\/groups\//)).toEqual([]);
  });
});
