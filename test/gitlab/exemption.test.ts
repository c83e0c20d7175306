// Exemptions on GitLab (docs/gitlab.md, "What the gate does on GitLab"): exempt.teams as GitLab
// groups and exempt.codeowners by GitLab CODEOWNERS, looked up for the job user.
import { describe, expect, it } from 'vitest';
import {
  fakeGitLabPerTest,
  gateOnSaturday,
  gateWithoutNote,
  withExempt,
} from '../support/gitlab-fixtures.js';
import { requestsBeyondPolicy, TUESDAY } from './harness.js';

const fake = fakeGitLabPerTest((started) => {
  started.addUser('dana', 7);
  started.addUser('erin', 8);
});

describe('exempt.teams as GitLab groups', () => {
  const root = () => withExempt('  teams: [acme/release-managers]');
  const teamExempt = {
    allowed: true,
    reason: 'exempt',
    exempt: true,
    exemptBy: 'team:acme/release-managers',
  };

  it('exempts a member of the group, looked up by the job user id with the path URL-encoded', async () => {
    fake.addGroupMember('acme/release-managers', 7);
    const run = await gateOnSaturday(fake, root());
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision).toMatchObject(teamExempt);
    const lookup = fake.requestsTo('GET', /^\/groups\//)[0];
    expect(lookup?.rawPath).toBe('/groups/acme%2Frelease-managers/members/all/7');
  });

  it('inside a window too, a member is exempt (reason exempt), with nothing overridden', async () => {
    fake.addGroupMember('acme/release-managers', 7);
    const run = await gateWithoutNote(fake, root(), TUESDAY);
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision).toMatchObject({ ...teamExempt, activeWindows: ['business-hours'] });
    expect(run.result.decision?.override ?? null).toBeNull();
  });

  it("a member with Minimal Access (level 5: no access to the group's projects) is not exempt", async () => {
    fake.answerNext('GET', /\/members\/all\/7$/, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { id: 7, username: 'dana', state: 'active', access_level: 5 },
    });
    const run = await gateOnSaturday(fake, root());
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
  });

  it('blocks a non-member without a warning', async () => {
    fake.addGroupMember('acme/release-managers', 8);
    const run = await gateOnSaturday(fake, root());
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings).toEqual([]);
  });

  it('judges an --actor other than the pipeline user by that user id', async () => {
    fake.addGroupMember('acme/release-managers', 8);
    const run = await gateOnSaturday(fake, root(), { options: { actor: 'erin' } });
    expect(run.result.exitCode).toBe(0);
    expect(fake.requestsTo('GET', /^\/users$/)[0]?.query.username).toBe('erin');
    expect(fake.requestsTo('GET', /^\/groups\//)[0]?.rawPath).toMatch(/\/members\/all\/8$/);
  });

  it('warns when the group is not visible, and does not exempt', async () => {
    const run = await gateOnSaturday(fake, root());
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).toMatch(
      /group "acme\/release-managers" not found or not visible/,
    );
  });

  it('never fails open: a look-up that keeps failing is a warning and the gate stays closed', async () => {
    fake.addGroupMember('acme/release-managers', 7);
    fake.failNext('GET', /^\/groups\//, 503, 10);
    const run = await gateOnSaturday(fake, root());
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings.join('\n')).toMatch(/members\/all\/7 answered 503/);
    // One try and three retries.
    expect(fake.requestsTo('GET', /^\/groups\//)).toHaveLength(4);
  });

  it('without a token warns that DEPLOY_WINDOW_TOKEN with the api scope is needed', async () => {
    const run = await gateOnSaturday(fake, root(), { noToken: true });
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).toMatch(
      /exempt\.teams is not checked: set DEPLOY_WINDOW_TOKEN/,
    );
    expect(requestsBeyondPolicy(fake)).toEqual([]);
  });
});

describe('exempt.codeowners by GitLab CODEOWNERS', () => {
  const owners = (text: string, path = '.gitlab/CODEOWNERS') =>
    withExempt('  codeowners: .gitlab/deploy-windows.yml', { [path]: text });

  it('exempts a user named as owner without a membership look-up or DEPLOY_WINDOW_TOKEN', async () => {
    const root = owners('[Deploys]\n/.gitlab/deploy-windows.yml @dana\n');
    const run = await gateOnSaturday(fake, root, { noToken: true });
    expect(run.result.decision).toMatchObject({ exempt: true, exemptBy: 'codeowners:@dana' });
    expect(requestsBeyondPolicy(fake)).toEqual([]);
  });

  it('exempts a member of an owning subgroup through the membership API', async () => {
    fake.addGroupMember('acme/platform/sre', 7);
    const root = owners('* @someone\n^[Ops]\n*.yml @acme/platform/sre\n', 'CODEOWNERS');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.decision).toMatchObject({
      exempt: true,
      exemptBy: 'codeowners:@acme/platform/sre',
    });
    expect(fake.requestsTo('GET', /^\/groups\//).map((request) => request.rawPath)).toContain(
      '/groups/acme%2Fplatform%2Fsre/members/all/7',
    );
  });

  it('uses the section default owners for an entry without owners', async () => {
    fake.addGroupMember('release', 7);
    const root = owners('[Release] @release\n.gitlab/deploy-windows.yml\n', 'docs/CODEOWNERS');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.decision?.exemptBy).toBe('codeowners:@release');
  });

  it('exempts a direct project member holding an @@role', async () => {
    fake.projectMembers.set(7, 40);
    const root = owners('/.gitlab/ @@maintainer\n');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.decision?.exemptBy).toBe('codeowners:@@maintainer');
  });

  it('does not exempt a higher role than the one named', async () => {
    fake.projectMembers.set(7, 50);
    const root = owners('/.gitlab/ @@developer\n');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
  });

  it('never matches an email owner, and only the last pattern in a section counts', async () => {
    const root = owners(
      ['*.yml @dana', '/.gitlab/deploy-windows.yml dana@example.com @erin'].join('\n'),
    );
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    // @erin might be a group: looked up, and a missing group is no warning for a bare name.
    expect(run.warnings).toEqual([]);
  });

  // GitLab takes the first of CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS and ignores the
  // others (ee/lib/gitlab/code_owners.rb FILE_PATHS): a .gitlab/CODEOWNERS beside a root or docs/
  // one approves nothing on GitLab, so it must exempt nobody here.
  for (const enforced of ['CODEOWNERS', 'docs/CODEOWNERS']) {
    it(`ignores .gitlab/CODEOWNERS when ${enforced} exists, as GitLab does`, async () => {
      const root = withExempt('  codeowners: .gitlab/deploy-windows.yml', {
        [enforced]: '/.gitlab/ @platform-lead\n',
        '.gitlab/CODEOWNERS': '/.gitlab/deploy-windows.yml @dana\n',
      });
      const run = await gateOnSaturday(fake, root, { noToken: true });
      expect(run.result.exitCode).toBe(1);
      expect(run.lines.join('\n')).toContain(`${enforced}: .gitlab/deploy-windows.yml is owned by`);
    });
  }

  it('warns when no CODEOWNERS file exists', async () => {
    const root = withExempt('  codeowners: .gitlab/deploy-windows.yml');
    const run = await gateOnSaturday(fake, root);
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).toMatch(/no CODEOWNERS file was found/);
  });
});
