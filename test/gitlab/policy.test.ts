// The policy (window config, CODEOWNERS) is read at the policy ref through GitLab's repository
// files API, never from the change being deployed; a policy that cannot be read fails closed in
// every mode, naming the path, the ref and what to grant.
import { describe, expect, it } from 'vitest';
import { exemptConfig, fakeGitLabPerTest, gateOnSaturday } from '../support/gitlab-fixtures.js';
import { BUSINESS_HOURS, runGitLabGate, workspace } from './harness.js';

const fake = fakeGitLabPerTest();
const CONFIG = '.gitlab/deploy-windows.yml';

const OPEN_ALWAYS = `version: 1
timezone: UTC
windows:
  - name: always
    time: "00:00-24:00"
`;
const warnMode = { comment: false, mode: 'warn' as const };

function errorText(run: { result: { errors: { file: string; message: string }[] } }): string {
  return run.result.errors.map((issue) => `${issue.file}: ${issue.message}`).join('\n');
}

describe('the policy ref', () => {
  it("a branch that rewrites the config to allow everything is blocked by the default branch's policy, and told its edits apply once merged", async () => {
    const root = workspace({ [CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, root, {
      env: { CI_COMMIT_REF_NAME: 'feature/open-the-gate' },
      policy: { [CONFIG]: BUSINESS_HOURS },
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.reason).toBe('outside-allow-window');
    expect(run.warnings).toContain(
      `this change edits the deploy windows; the edits apply once merged into main (${CONFIG}; this run is decided by the policy at main)`,
    );
    const read = fake.requestsTo('GET', /\/repository\/files\//).at(-1);
    expect(read?.rawPath).toBe('/projects/42/repository/files/.gitlab%2Fdeploy-windows.yml/raw');
    expect(read?.query.ref).toBe('main');
  });

  it('reads CODEOWNERS at the policy ref: a branch naming its author as owner is not exempt', async () => {
    const exempting = exemptConfig(`  codeowners: ${CONFIG}`);
    const root = workspace({ [CONFIG]: exempting, '.gitlab/CODEOWNERS': `/${CONFIG} @dana\n` });
    const run = await gateOnSaturday(fake, root, {
      policy: { [CONFIG]: exempting, '.gitlab/CODEOWNERS': `/${CONFIG} @erin\n` },
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
  });

  it('a CODEOWNERS that cannot be read at the policy ref exempts nobody, with a warning naming what to grant', async () => {
    const exempting = exemptConfig(`  codeowners: ${CONFIG}`);
    const root = workspace({ [CONFIG]: exempting, '.gitlab/CODEOWNERS': `/${CONFIG} @dana\n` });
    fake.failNext('GET', /CODEOWNERS/, 403, 1, { message: '403 Forbidden' });
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings.join('\n')).toMatch(
      /exempt\.codeowners is not checked: cannot read CODEOWNERS at main through the GitLab API: answered 403.*read_api/,
    );
  });

  it('says nothing when the checkout holds the same config', async () => {
    const root = workspace({ [CONFIG]: BUSINESS_HOURS });
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).not.toMatch(/edits the deploy windows/);
  });

  it('policy-ref: workspace reads the checkout (the change decides its own gate)', async () => {
    const root = workspace({ [CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, root, {
      options: { policyRef: 'workspace' },
      policy: { [CONFIG]: BUSINESS_HOURS },
    });
    expect(run.result.exitCode).toBe(0);
    expect(fake.requestsTo('GET', /\/repository\/files\//)).toEqual([]);
  });

  it.each([
    ['$CI_DEFAULT_BRANCH', 'main'],
    ['release/2026.1', 'release/2026.1'],
  ])('policy-ref %s reads the config at %s', async (policyRef, ref) => {
    fake.addFiles({ [CONFIG]: BUSINESS_HOURS }, ref);
    const root = workspace({});
    const run = await gateOnSaturday(fake, root, {
      options: { policyRef },
      env: { CI_DEFAULT_BRANCH: 'main' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('GET', /\/repository\/files\//).map((r) => r.query.ref)).toContain(ref);
  });

  it('reads the calendar files the config names at the same ref', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:freeze-1',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20261124T000000Z',
      'DTEND:20261125T000000Z',
      'SUMMARY:Freeze',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const withCalendar = `${BUSINESS_HOURS}  - name: freeze\n    kind: deny\n    ics: calendars/freeze.ics\n`;
    const root = workspace({ [CONFIG]: withCalendar });
    const run = await runGitLabGate({
      fake,
      root,
      at: '2026-11-24T10:00:00Z',
      options: { comment: false },
      policy: { [CONFIG]: withCalendar, 'calendars/freeze.ics': ics },
    });
    expect(run.result.decision?.reason, errorText(run)).toBe('inside-deny-window');
    expect(fake.requestsTo('GET', /freeze\.ics/)[0]?.query.ref).toBe('main');
  });

  it('without DEPLOY_WINDOW_TOKEN reads the policy with the job token', async () => {
    const root = workspace({ [CONFIG]: BUSINESS_HOURS });
    const run = await gateOnSaturday(fake, root, { noToken: true });
    expect(run.result.exitCode).toBe(1);
    const [read] = fake.requestsTo('GET', /\/repository\/files\//);
    expect(read?.headers['job-token']).toBe(fake.jobToken);
    expect(read?.headers['private-token']).toBeUndefined();
  });
});

describe('a policy that cannot be read fails closed in every mode', () => {
  const root = () => workspace({ [CONFIG]: OPEN_ALWAYS });

  it('403: exit 2 in mode warn, naming the path, the ref and the scope to grant', async () => {
    fake.failNext('GET', /\/repository\/files\//, 403, 1, { message: '403 Forbidden' });
    const run = await gateOnSaturday(fake, root(), { options: warnMode });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      /\.github\/deploy-windows\.yml: cannot read \.github\/deploy-windows\.yml at main through the GitLab API: answered 403 Forbidden; DEPLOY_WINDOW_TOKEN needs the read_api/,
    );
  });

  it('the job token refused (404 Project Not Found): says to set DEPLOY_WINDOW_TOKEN', async () => {
    fake.failNext('GET', /\/repository\/files\//, 404, 10, { message: '404 Project Not Found' });
    const run = await gateOnSaturday(fake, root(), { options: warnMode, noToken: true });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      /job token \(CI_JOB_TOKEN\) cannot read repository files.*DEPLOY_WINDOW_TOKEN.*read_api/,
    );
  });

  it('a ref that does not exist', async () => {
    const run = await gateOnSaturday(fake, root(), {
      options: { ...warnMode, policyRef: 'no-such-branch' },
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/there is no ref "no-such-branch" in the project/);
  });

  it('a GitLab that keeps failing (5xx after retries)', async () => {
    fake.failNext('GET', /\/repository\/files\//, 502, 10, { message: 'bad gateway' });
    const run = await gateOnSaturday(fake, root(), { options: warnMode });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/at main through the GitLab API: .*answered 502/);
  });

  it('an HTML page instead of the file', async () => {
    fake.answerNext('GET', /\/repository\/files\//, {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>sign in</html>',
    });
    const run = await gateOnSaturday(fake, root(), { options: warnMode });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/not a file \(content type text\/html\)/);
  });

  it('a config over the 1 MiB limit, without reading it all', async () => {
    const root = workspace({});
    const run = await gateOnSaturday(fake, root, {
      options: warnMode,
      policy: { [CONFIG]: `${BUSINESS_HOURS}#${'x'.repeat(1_100_000)}\n` },
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/larger than the limit of 1 MiB/);
  });

  it('no token at all', async () => {
    const run = await gateOnSaturday(fake, root(), {
      options: warnMode,
      noToken: true,
      env: { CI_JOB_TOKEN: undefined },
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/at main: neither DEPLOY_WINDOW_TOKEN nor CI_JOB_TOKEN is set/);
    expect(fake.requests).toEqual([]);
  });

  it('no CI_DEFAULT_BRANCH to default to, and GitLab names no default branch or HEAD commit', async () => {
    fake.failNext('GET', /^\/projects\/42$/, 401, 1, { message: '401 Unauthorized' });
    fake.failNext('GET', /\/repository\/files\/.*(?<!\/raw)$/, 404, 10, {
      message: '404 Not Found',
    });
    const run = await gateOnSaturday(fake, root(), {
      options: warnMode,
      env: { CI_DEFAULT_BRANCH: undefined },
      noToken: true,
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(/CI_DEFAULT_BRANCH is not set; give the policy-ref input/);
  });
});

describe('a policy-ref that names both a branch and a tag', () => {
  // GitLab, like git, reads such a name as the tag, and a Developer may push tags: one named like
  // the protected policy branch would choose the policy (docs/gitlab.md, "Policy ref").
  const POLICY_BRANCH = 'release/2026';
  /** In mode warn a blocked run passes: exit 2 there shows the policy was not read. */
  const policyAt = (policyRef: string, mode: 'fail' | 'warn' = 'warn') => ({
    options: { comment: false, mode, policyRef },
  });

  it('a tag pushed with the name of the policy branch does not choose the policy: exit 2, in every mode', async () => {
    fake.addFiles({ [CONFIG]: BUSINESS_HOURS }, POLICY_BRANCH);
    fake.addTag(POLICY_BRANCH, { [CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, workspace({}), policyAt(POLICY_BRANCH));
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      'the ref release/2026 names both a branch and a tag of the project; name the one you mean in full (refs/heads/release/2026 or refs/tags/release/2026), after checking who created the other',
    );
    expect(fake.requestsTo('GET', /\/repository\/files\//)).toEqual([]);
  });

  it('a pipeline variable CI_DEFAULT_BRANCH naming the same ref does not switch the check off', async () => {
    // Whoever may set pipeline variables would otherwise choose the tag's policy.
    fake.addFiles({ [CONFIG]: BUSINESS_HOURS }, POLICY_BRANCH);
    fake.addTag(POLICY_BRANCH, { [CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(fake, workspace({}), {
      ...policyAt(POLICY_BRANCH),
      env: { CI_DEFAULT_BRANCH: POLICY_BRANCH },
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      'the ref release/2026 names both a branch and a tag of the project',
    );
    expect(fake.requestsTo('GET', /\/repository\/files\//)).toEqual([]);
  });

  it('named in full, the branch decides', async () => {
    fake.addFiles({ [CONFIG]: BUSINESS_HOURS }, POLICY_BRANCH);
    fake.addTag(POLICY_BRANCH, { [CONFIG]: OPEN_ALWAYS });
    const run = await gateOnSaturday(
      fake,
      workspace({}),
      policyAt(`refs/heads/${POLICY_BRANCH}`, 'fail'),
    );
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.reason).toBe('outside-allow-window');
  });

  it('a tag alone is read as the policy, after asking GitLab whether a branch has its name', async () => {
    fake.addTag('policy-v2', { [CONFIG]: BUSINESS_HOURS });
    const run = await gateOnSaturday(fake, workspace({}), policyAt('policy-v2', 'fail'));
    expect(run.result.exitCode).toBe(1);
    const asked = fake.requestsTo('GET', /\/repository\/(branches|tags)\//);
    expect(asked.map((request) => request.rawPath).sort()).toEqual([
      '/projects/42/repository/branches/policy-v2',
      '/projects/42/repository/tags/policy-v2',
    ]);
  });

  it('an abbreviated commit id that is also the name of a branch', async () => {
    fake.addFiles({ [CONFIG]: OPEN_ALWAYS }, '3f2a9c1');
    const run = await gateOnSaturday(fake, workspace({}), policyAt('3f2a9c1'));
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      'the ref 3f2a9c1 looks like an abbreviated commit id and names a branch of the project',
    );
  });

  it('a look-up GitLab refuses fails closed, saying what would do', async () => {
    fake.addFiles({ [CONFIG]: BUSINESS_HOURS }, POLICY_BRANCH);
    fake.failNext('GET', /\/repository\/tags\//, 403, 1, { message: '403 Forbidden' });
    const run = await gateOnSaturday(fake, workspace({}), policyAt(POLICY_BRANCH));
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toMatch(
      /cannot tell whether release\/2026 is a branch or a tag of the project: .*403 Forbidden.*refs\/heads\/release\/2026/,
    );
  });

  it('the default branch is read by name, with no look-up (docs/gitlab.md, "Policy ref")', async () => {
    const run = await gateOnSaturday(fake, workspace({}), { policy: { [CONFIG]: BUSINESS_HOURS } });
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('GET', /\/repository\/(branches|tags)\//)).toEqual([]);
  });
});
