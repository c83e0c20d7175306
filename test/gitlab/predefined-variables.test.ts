// GitLab lets a pipeline variable replace almost any predefined variable, so the project whose
// policy decides and its default branch are taken from GitLab's own answers where it gives them
// (GET /job to the job token, GET /projects/:id to DEPLOY_WINDOW_TOKEN), not from CI_PROJECT_ID
// and CI_DEFAULT_BRANCH. Each attack here opened the gate once.
import { describe, expect, it } from 'vitest';
import { fakeGitLabPerTest, GITLAB_CONFIG, gateOnSaturday } from '../support/gitlab-fixtures.js';
import { BUSINESS_HOURS, workspace } from './harness.js';

const fake = fakeGitLabPerTest();

const OPEN_ALWAYS = `version: 1
timezone: UTC
windows:
  - name: always
    time: "00:00-24:00"
`;

/** Where the window config was read: project and ref, each once. */
const readsOfConfig = () => [
  ...new Set(
    fake
      .requestsTo('GET', /deploy-windows\.yml\/raw$/)
      .map((request) => `${request.rawPath.split('/repository/')[0]} @ ${request.query.ref}`),
  ),
];

describe('CI_DEFAULT_BRANCH set by a pipeline variable', () => {
  it('does not choose the policy: the branch GitLab calls default does', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.addFiles({ [GITLAB_CONFIG]: OPEN_ALWAYS }, 'feature/open-the-gate');
    const run = await gateOnSaturday(fake, root, {
      env: { CI_DEFAULT_BRANCH: 'feature/open-the-gate' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.reason).toBe('outside-allow-window');
    expect(readsOfConfig()).toEqual(['/projects/42 @ main']);
    expect(run.warnings.join('\n')).toContain(
      'CI_DEFAULT_BRANCH is "feature/open-the-gate", but GitLab says the default branch of project 42 is "main" (a CI/CD variable has replaced CI_DEFAULT_BRANCH): the policy is read at main.',
    );
  });

  it('is used, with a line saying so, when GitLab answers neither GET /projects/:id nor the files at HEAD', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.answerNext(
      'GET',
      /\/repository\/files\/.*(?<!\/raw)$/,
      { status: 404, body: { message: '404 Not Found' } },
      20,
    );
    const run = await gateOnSaturday(fake, root, { noToken: true });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ main']);
    expect(run.lines.join('\n')).toMatch(
      /GitLab did not say which branch is the default \(GitLab API GET \/projects\/42 answered 401\b.*; GitLab API GET \/projects\/42\/repository\/files\/.* answered 404\b.*\); the policy is read at CI_DEFAULT_BRANCH \("main"\)\. To pin it, give the policy-ref input the branch by name\./,
    );
  });

  it.each([
    ['an HTML page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html/>' }],
    ['no default_branch', { status: 200, body: { id: 42 } }],
    ['a number', { status: 200, body: { id: 42, default_branch: 7 } }],
    ['a name no branch can have', { status: 200, body: { id: 42, default_branch: '../main' } }],
    ['another project', { status: 200, body: { id: 99, default_branch: 'feature/open' } }],
  ])(
    'when GET /projects/:id answers %s (never taken for a branch), the commit HEAD is at is read',
    async (_what, answer) => {
      const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
      fake.addFiles({ [GITLAB_CONFIG]: OPEN_ALWAYS }, 'feature/open');
      fake.answerNext('GET', /^\/projects\/42$/, answer);
      const run = await gateOnSaturday(fake, root);
      expect(run.result.exitCode).toBe(1);
      expect(readsOfConfig()).toEqual([`/projects/42 @ ${fake.commitOf('main')}`]);
    },
  );

  it('is not needed when GitLab says which branch is the default', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.defaultBranch = 'trunk';
    fake.addFiles({ [GITLAB_CONFIG]: BUSINESS_HOURS }, 'trunk');
    const run = await gateOnSaturday(fake, root, { env: { CI_DEFAULT_BRANCH: undefined } });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ trunk']);
    expect(run.warnings.join('\n')).not.toMatch(/CI_DEFAULT_BRANCH/);
  });

  it('is not asked about when the policy-ref input names a branch (no variable can change it)', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.addFiles({ [GITLAB_CONFIG]: BUSINESS_HOURS }, 'release');
    const run = await gateOnSaturday(fake, root, {
      env: { CI_DEFAULT_BRANCH: 'feature/open-the-gate' },
      options: { policyRef: 'release' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ release']);
    expect(fake.requestsTo('GET', /^\/projects\/[^/]+$/)).toEqual([]);
  });
});

describe('CI_DEFAULT_BRANCH without DEPLOY_WINDOW_TOKEN (the job token cannot read the project)', () => {
  it.each<[string, { noToken?: boolean; env?: Record<string, string> }]>([
    ['no DEPLOY_WINDOW_TOKEN', { noToken: true }],
    ['a pipeline variable that blanks DEPLOY_WINDOW_TOKEN', { env: { DEPLOY_WINDOW_TOKEN: ' ' } }],
  ])(
    'does not choose the policy with %s: the commit the files API reads at HEAD does',
    async (_what, more) => {
      const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
      fake.addFiles({ [GITLAB_CONFIG]: OPEN_ALWAYS }, 'feature/open-the-gate');
      const run = await gateOnSaturday(fake, root, {
        ...more,
        env: { ...more.env, CI_DEFAULT_BRANCH: 'feature/open-the-gate' },
      });
      expect(run.result.exitCode).toBe(1);
      expect(run.result.decision?.reason).toBe('outside-allow-window');
      const main = fake.commitOf('main');
      expect(readsOfConfig()).toEqual([`/projects/42 @ ${main}`]);
      expect(run.warnings.join('\n')).toContain(
        `CI_DEFAULT_BRANCH is "feature/open-the-gate", but the default branch of project 42 (HEAD) is at commit ${main}, which "feature/open-the-gate" is not (a CI/CD variable has replaced CI_DEFAULT_BRANCH, or the branch moved): the policy is read at that commit.`,
      );
    },
  );

  it('reads at the commit HEAD is at, named as CI_DEFAULT_BRANCH when that is where it is, saying nothing', async () => {
    const root = workspace({ [GITLAB_CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, root, {
      noToken: true,
      policy: { [GITLAB_CONFIG]: BUSINESS_HOURS },
    });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual([`/projects/42 @ ${fake.commitOf('main')}`]);
    expect(run.warnings).toEqual([
      `this change edits the deploy windows; the edits apply once merged into main (${GITLAB_CONFIG}; this run is decided by the policy at main)`,
    ]);
    expect(run.lines.join('\n')).not.toMatch(/CI_DEFAULT_BRANCH/);
  });

  it('keeps reading that commit after a wait, whatever the branch CI_DEFAULT_BRANCH names says by then', async () => {
    // The branch a variable names is at main's commit when the gate checks it, and opens
    // everything by the time a wait ends.
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    // main first: the fake reads a commit as the first ref at it.
    fake.addFiles({ [GITLAB_CONFIG]: BUSINESS_HOURS }, 'main');
    fake.addFiles({ [GITLAB_CONFIG]: BUSINESS_HOURS }, 'feature/x');
    const sameCommit = fake.commitOf;
    fake.commitOf = (ref) => sameCommit(ref === 'feature/x' ? 'main' : ref);
    const run = await gateOnSaturday(fake, root, {
      noToken: true,
      env: { CI_DEFAULT_BRANCH: 'feature/x' },
      options: { mode: 'wait', maxWait: 3 * 24 * 60 },
      onFirstWait: () => fake.addFiles({ [GITLAB_CONFIG]: OPEN_ALWAYS }, 'feature/x'),
    });
    expect(readsOfConfig().every((read) => read.endsWith(sameCommit('main')))).toBe(true);
    expect(run.result.decision?.reason).toBe('inside-allow-window');
    expect(run.result.decision?.activeWindows).not.toContain('always');
  });

  it('is not needed: without it the policy is read at the commit HEAD is at, named the default branch', async () => {
    const root = workspace({ [GITLAB_CONFIG]: OPEN_ALWAYS });
    fake.addFiles({ [GITLAB_CONFIG]: BUSINESS_HOURS }, 'main');
    const run = await gateOnSaturday(fake, root, {
      noToken: true,
      env: { CI_DEFAULT_BRANCH: undefined },
      policy: { [GITLAB_CONFIG]: BUSINESS_HOURS },
    });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual([`/projects/42 @ ${fake.commitOf('main')}`]);
    expect(run.warnings.join('\n')).toContain(
      `the edits apply once merged into the default branch (${GITLAB_CONFIG}; this run is decided by the policy at the default branch)`,
    );
  });

  it('finds the config at HEAD under any of the default paths', async () => {
    const root = workspace({ 'deploy-windows.yaml': BUSINESS_HOURS });
    fake.addFiles({ 'deploy-windows.yaml': OPEN_ALWAYS }, 'feature/open-the-gate');
    const run = await gateOnSaturday(fake, root, {
      noToken: true,
      env: { CI_DEFAULT_BRANCH: 'feature/open-the-gate' },
    });
    expect(run.result.exitCode).toBe(1);
  });
});

describe('CI_PROJECT_ID set by a pipeline variable', () => {
  it("does not make the gate read another project's policy: the job's project decides", async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.addProjectFiles('99', { [GITLAB_CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, root, { env: { CI_PROJECT_ID: '99' } });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ main']);
    expect(run.warnings.join('\n')).toContain(
      'CI_PROJECT_ID is "99", but GitLab says this job belongs to project 42 (a CI/CD variable has replaced CI_PROJECT_ID): project 42 is used.',
    );
  });

  it('nor does a CI_PROJECT_PATH without CI_PROJECT_ID', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.addProjectFiles('evil/open', { [GITLAB_CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, root, {
      env: { CI_PROJECT_ID: undefined, CI_PROJECT_PATH: 'evil/open' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ main']);
    // A path cannot be compared with the id GitLab names, so it is replaced without a word:
    // a real CI_PROJECT_PATH (acme/app) must not read as an attack.
    expect(run.warnings.join('\n')).not.toMatch(/CI_PROJECT_PATH/);
  });

  it('writes its note on the job project too', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    await gateOnSaturday(fake, root, {
      env: { CI_PROJECT_ID: '99' },
      options: { comment: true },
    });
    const writes = fake.writes().map((request) => request.rawPath);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((path) => path.startsWith('/projects/42/'))).toBe(true);
  });

  it('with only CI_PROJECT_PATH and a silent GET /job, the default branch is still asked of GitLab', async () => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.addFiles({ [GITLAB_CONFIG]: OPEN_ALWAYS }, 'feature/open-the-gate');
    fake.answerNext('GET', /^\/job$/, { status: 404, body: { message: '404 Not found' } }, 10);
    const run = await gateOnSaturday(fake, root, {
      env: {
        CI_PROJECT_ID: undefined,
        CI_PROJECT_PATH: 'acme/app',
        CI_DEFAULT_BRANCH: 'feature/open-the-gate',
      },
    });
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/acme%2Fapp @ main']);
    expect(run.lines.join('\n')).toContain(
      'GitLab did not confirm which project this job belongs to (GitLab API GET /job answered 404',
    );
  });

  it.each([
    ['no pipeline', { status: 200, body: { id: 4242, user: { id: 7, username: 'dana' } } }],
    [
      'a text project id',
      { status: 200, body: { user: { id: 7, username: 'dana' }, pipeline: { project_id: '99' } } },
    ],
    ['a 404', { status: 404, body: { message: '404 Not found' } }],
  ])('is used when GET /job answers %s', async (_what, answer) => {
    const root = workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
    fake.answerNext('GET', /^\/job$/, answer, 10);
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    expect(readsOfConfig()).toEqual(['/projects/42 @ main']);
  });
});
