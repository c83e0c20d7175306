// Org policies on GitLab (docs/gitlab.md, "Org policies"; docs/organisation.md): a config that
// `extends` a file of another project reads it through the repository files API at its ref, with
// the token the `policy-token` input names or else the job token; every layer must allow, an
// exemption counts only in the layer that grants it, and a policy project that cannot be read
// fails closed in every mode.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitlabPolicyFileUrl } from '../../src/gitlab/policy-sources.js';
import {
  GITLAB_CONFIG as CONFIG,
  fakeGitLabPerTest,
  gateWithoutNote,
} from '../support/gitlab-fixtures.js';
import { GITLAB_ORG, GITLAB_ORG_SOURCE, gitlabOrgFreeze } from '../support/org-policies.js';
import { BUSINESS_HOURS, runGitLabGate, TUESDAY, workspace } from './harness.js';

const fake = fakeGitLabPerTest((started) => {
  // A project the fake does not hold does not exist.
  started.unknownProjects = 'not-found';
});

/** The gate on Tuesday (inside the repository's hours and the org freeze) without a note. */
function gateOnTuesday(root: string, more: Parameters<typeof gateWithoutNote>[3] = {}) {
  return gateWithoutNote(fake, root, TUESDAY, more);
}
/** A read-only token of the org's policy project, held in a masked variable of this name. */
const READER = 'glpat-policy-reader';
const VARIABLE = 'DEPLOY_POLICY_TOKEN';

function repoConfig(source = GITLAB_ORG_SOURCE, exempt = ''): string {
  return BUSINESS_HOURS.replace('windows:', `extends:\n  - ${source}\n${exempt}windows:`);
}

/** The policy project at tag v3 (and, to prove the tag is read, an open `main`). */
function publishOrgPolicy(text = gitlabOrgFreeze(), extra: Record<string, string> = {}): void {
  fake.addProjectFiles(GITLAB_ORG, { 'org.yml': text, ...extra }, 'v3');
  fake.addProjectFiles(
    GITLAB_ORG,
    { 'org.yml': 'version: 1\ntimezone: UTC\nwindows: []\n' },
    'main',
  );
  fake.readTokens.set(READER, [GITLAB_ORG]);
}

const withPolicyToken = {
  env: { [VARIABLE]: READER },
  platform: { policyTokenVariable: VARIABLE },
};

function errorText(run: {
  result: { errors: { file: string; path: string; message: string }[] };
}): string {
  return run.result.errors
    .map((issue) => `${issue.file}: ${issue.path}: ${issue.message}`)
    .join('\n');
}

describe('a policy from another project', () => {
  it('blocks inside the org freeze although the repository allows, reading the file at the tag with the policy token', async () => {
    publishOrgPolicy();
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, withPolicyToken);
    expect(run.result.exitCode).toBe(1);
    const decision = run.result.decision;
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      blockingWindows: [`${GITLAB_ORG_SOURCE}#year-end-freeze`],
      message: 'Org change freeze: ask #sre for an exception',
      // Thursday 10:00 Berlin: the freeze is over and the repository's hours open.
      nextOpen: Date.parse('2026-11-26T09:00:00.000Z'),
    });
    expect(decision?.layers).toMatchObject([
      { source: GITLAB_ORG_SOURCE, allowed: false, reason: 'inside-deny-window' },
      { source: CONFIG, allowed: true, reason: 'inside-allow-window' },
    ]);
    const asked = fake.requestsTo('GET', /^\/projects\/acme\/deploy-policy\//);
    // Whether v3 is a branch and whether it is a tag (both would be refused), then the file.
    expect(asked.map((request) => request.rawPath).sort()).toEqual([
      '/projects/acme%2Fdeploy-policy/repository/branches/v3',
      '/projects/acme%2Fdeploy-policy/repository/files/org.yml/raw',
      '/projects/acme%2Fdeploy-policy/repository/tags/v3',
    ]);
    const reads = asked.filter((request) => request.path.includes('/files/'));
    expect(reads[0]?.query.ref).toBe('v3');
    for (const request of asked) {
      expect(request.headers['private-token']).toBe(READER);
      expect(request.headers['job-token']).toBeUndefined();
    }
    const log = [...run.lines, ...run.warnings, ...run.errors].join('\n');
    expect(log).not.toContain(READER);
  });

  it('reads it with the job token when no policy-token is given', async () => {
    publishOrgPolicy();
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.blockingWindows).toEqual([`${GITLAB_ORG_SOURCE}#year-end-freeze`]);
    const read = fake.requestsTo('GET', /^\/projects\/acme\/deploy-policy\//)[0];
    expect(read?.headers['job-token']).toBe(fake.jobToken);
    expect(read?.headers['private-token']).toBeUndefined();
  });

  it('local> is the GitLab this pipeline runs on, and the project default branch without #REF', async () => {
    publishOrgPolicy();
    fake.addProjectFiles(GITLAB_ORG, { 'org.yml': gitlabOrgFreeze() }, 'main');
    const root = workspace({ [CONFIG]: repoConfig(`local>${GITLAB_ORG}:org.yml`) });
    const run = await gateOnTuesday(root);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.blockingWindows).toEqual([
      `local>${GITLAB_ORG}:org.yml#year-end-freeze`,
    ]);
    expect(fake.requestsTo('GET', /^\/projects\/acme\/deploy-policy\//)[0]?.query.ref).toBe('HEAD');
  });

  it('reads a plain path at the policy ref of this project, never from the checkout', async () => {
    const team = gitlabOrgFreeze().replace('year-end-freeze', 'team-offsite');
    const root = workspace({
      [CONFIG]: repoConfig('./policy/team.yml'),
      // The branch being deployed empties the team's freeze: it is not what decides.
      'policy/team.yml': 'version: 1\ntimezone: UTC\nwindows: []\n',
    });
    const run = await gateOnTuesday(root, {
      policy: { [CONFIG]: repoConfig('./policy/team.yml'), 'policy/team.yml': team },
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.blockingWindows).toEqual(['./policy/team.yml#team-offsite']);
    const read = fake.requestsTo('GET', /policy%2Fteam\.yml|policy\/team\.yml/)[0];
    expect(read?.rawPath).toBe('/projects/42/repository/files/policy%2Fteam.yml/raw');
    expect(read?.query.ref).toBe('main');
  });
});

describe('the blocked note', () => {
  it('names the policy project that blocks, linked to its file at the ref read', async () => {
    publishOrgPolicy();
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await runGitLabGate({
      fake,
      root,
      at: TUESDAY,
      ...withPolicyToken,
      env: {
        ...withPolicyToken.env,
        CI_SERVER_URL: 'https://gitlab.example',
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '7',
      },
    });
    expect(run.result.exitCode).toBe(1);
    const body = fake.notes.get('42!7')?.[0]?.body ?? '';
    expect(body).toContain(
      `**Blocked by the policy this repository extends:**\n\n- [gitlab&gt;acme/deploy-policy:org.yml\\#v3](https://gitlab.example/acme/deploy-policy/-/blob/v3/org.yml): inside the deny window **year-end-freeze**`,
    );
  });
});

describe('a policy read from the checkout (policy-ref: workspace)', () => {
  it("cannot make the gate quote another project's file through its errors", async () => {
    fake.addProjectFiles('acme/private', {
      'secrets.yml': 'version: 1\ndeploy_key: hunter2\ntimezone: "sk_live_51Hx"\nwindows: []\n',
    });
    fake.readTokens.set(READER, [GITLAB_ORG, 'acme/private']);
    const root = workspace({ [CONFIG]: repoConfig('gitlab>acme/private:secrets.yml') });
    const run = await gateOnTuesday(root, {
      ...withPolicyToken,
      options: { policyRef: 'workspace' },
    });
    expect(run.result.exitCode).toBe(2);
    const shown = [errorText(run), ...run.lines, ...run.warnings, ...run.errors].join('\n');
    expect(shown).toContain('gitlab>acme/private:secrets.yml is not a valid deploy-windows file');
    expect(shown).not.toContain('deploy_key');
    expect(shown).not.toContain('sk_live_51Hx');
  });
});

describe('links to the policy files', () => {
  const urls = {
    serverUrl: 'https://gitlab.example',
    projectUrl: 'https://gitlab.example/acme/app',
    commit: 'a1b2c3d',
  };
  it('another project at its ref or default branch, this project at the policy ref or commit', () => {
    const org = { project: 'acme/deploy-policy', path: 'policies/org.yml', ref: 'v3' };
    expect(gitlabPolicyFileUrl(org, urls)).toBe(
      'https://gitlab.example/acme/deploy-policy/-/blob/v3/policies/org.yml',
    );
    expect(gitlabPolicyFileUrl({ ...org, ref: null }, urls)).toBe(
      'https://gitlab.example/acme/deploy-policy/-/blob/HEAD/policies/org.yml',
    );
    const own = { project: null, path: 'policy/team.yml', ref: 'main' };
    expect(gitlabPolicyFileUrl(own, urls)).toBe(
      'https://gitlab.example/acme/app/-/blob/main/policy/team.yml',
    );
    expect(gitlabPolicyFileUrl({ ...own, ref: null }, urls)).toBe(
      'https://gitlab.example/acme/app/-/blob/a1b2c3d/policy/team.yml',
    );
    // Names are encoded a segment at a time.
    expect(gitlabPolicyFileUrl({ ...org, path: 'a b/#x.yml', ref: 'release/1' }, urls)).toBe(
      'https://gitlab.example/acme/deploy-policy/-/blob/release/1/a%20b/%23x.yml',
    );
  });

  it('no link without an http(s) URL to make it from', () => {
    const org = { project: 'acme/deploy-policy', path: 'org.yml', ref: 'v3' };
    expect(gitlabPolicyFileUrl(org, { ...urls, serverUrl: null })).toBeNull();
    expect(
      gitlabPolicyFileUrl({ ...org, project: null }, { ...urls, projectUrl: 'javascript:x' }),
    ).toBeNull();
  });
});

describe('exemptions count only in the layer that grants them', () => {
  it('an org-exempt user passes the org freeze: an override of the org layer', async () => {
    publishOrgPolicy(gitlabOrgFreeze('exempt:\n  users: [dana]\n'));
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, withPolicyToken);
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision).toMatchObject({
      allowed: true,
      exempt: true,
      exemptBy: 'user:dana',
      override: { actor: 'dana', reason: null, layers: [GITLAB_ORG_SOURCE] },
    });
  });

  it('a user exempt only by the repository stays blocked by the org freeze', async () => {
    publishOrgPolicy();
    const root = workspace({
      [CONFIG]: repoConfig(GITLAB_ORG_SOURCE, 'exempt:\n  users: [dana]\n'),
    });
    const run = await gateOnTuesday(root, withPolicyToken);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision).toMatchObject({
      allowed: false,
      exempt: false,
      blockingWindows: [`${GITLAB_ORG_SOURCE}#year-end-freeze`],
    });
    expect(run.result.decision?.override ?? null).toBeNull();
  });

  it('says so when the repository exempts the user outside its own hours, inside the org freeze', async () => {
    publishOrgPolicy();
    const root = workspace({
      [CONFIG]: repoConfig(GITLAB_ORG_SOURCE, 'exempt:\n  users: [dana]\n'),
    });
    // Wednesday 20:00 Berlin: outside the repository's hours and inside the org freeze.
    const run = await gateWithoutNote(fake, root, '2026-11-25T19:00:00Z', withPolicyToken);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.exempt).toBe(false);
    expect(run.warnings).toContain(
      `exempt (user:dana) by ${CONFIG} only; still blocked by ${GITLAB_ORG_SOURCE}: an exemption counts only in the policy layer that grants it`,
    );
  });

  it("reads an org layer's CODEOWNERS from the org project at its ref, not this project's", async () => {
    publishOrgPolicy(gitlabOrgFreeze('exempt:\n  codeowners: org.yml\n'), {
      '.gitlab/CODEOWNERS': 'org.yml @dana\n',
    });
    const root = workspace({
      [CONFIG]: repoConfig(),
      // This project's CODEOWNERS names dana for org.yml too: it must not count for the org.
      '.gitlab/CODEOWNERS': 'org.yml @erin\n',
    });
    const run = await gateOnTuesday(root, withPolicyToken);
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision?.exemptBy).toBe('codeowners:@dana');
    // GitLab's order (CODEOWNERS, docs/, .gitlab/), every read in the org project at v3.
    const reads = fake.requestsTo('GET', /CODEOWNERS/);
    expect(reads.map((read) => read.rawPath)).toEqual(
      ['CODEOWNERS', 'docs%2FCODEOWNERS', '.gitlab%2FCODEOWNERS'].map(
        (path) => `/projects/acme%2Fdeploy-policy/repository/files/${path}/raw`,
      ),
    );
    for (const read of reads) {
      expect(read.query.ref).toBe('v3');
      expect(read.headers['private-token']).toBe(READER);
    }
  });

  it("checks @@maintainer of an org layer's CODEOWNERS as a role in the org project", async () => {
    publishOrgPolicy(gitlabOrgFreeze('exempt:\n  codeowners: org.yml\n'), {
      '.gitlab/CODEOWNERS': 'org.yml @@maintainer\n',
    });
    fake.projectMembers.set(7, 40);
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, withPolicyToken);
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision?.exemptBy).toBe('codeowners:@@maintainer');
    expect(fake.requestsTo('GET', /\/members\//).map((request) => request.rawPath)).toEqual([
      '/projects/acme%2Fdeploy-policy/members/7',
    ]);
  });
});

describe('a policy project that cannot be read fails closed in every mode', () => {
  const warn = { comment: false, mode: 'warn' as const };

  it('a 404 policy project fails the gate in mode warn, naming the source, the status and what to grant', async () => {
    fake.readTokens.set(READER, [GITLAB_ORG]);
    const gone = `gitlab>acme/gone:org.yml#v3`;
    const root = workspace({ [CONFIG]: repoConfig(gone) });
    const out = join(mkdtempSync(join(tmpdir(), 'dw-org-')), 'deploy-window.json');
    const run = await gateOnTuesday(root, { options: warn, outputFile: out, ...withPolicyToken });
    expect(run.result.exitCode).toBe(2);
    expect(run.result.decision).toBeNull();
    expect(errorText(run)).toBe(
      `${CONFIG}: extends[0]: cannot read ${gone}: cannot read org.yml of acme/gone at v3 through the GitLab API: answered 404 Project Not Found; the token in ${VARIABLE} (the policy-token input) needs the read_api scope and at least the Reporter role on acme/gone`,
    );
    const dotenv = readFileSync(join(out, '..', 'deploy-window.env'), 'utf8');
    expect(dotenv).toContain('DEPLOY_WINDOW_ALLOWED=false\n');
    expect(dotenv).toContain('DEPLOY_WINDOW_REASON=invalid-config\n');
  });

  it('a policy project whose job token allowlist leaves this project out says how to allow it', async () => {
    publishOrgPolicy();
    fake.jobTokenDenied.add(GITLAB_ORG);
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, { options: warn });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toContain('answered 404 Project Not Found');
    expect(errorText(run)).toContain(
      `in ${GITLAB_ORG}: Settings > CI/CD > Job token permissions, add this project or its group`,
    );
    expect(errorText(run)).toContain('policy-token input');
  });

  it('an unknown tag fails closed', async () => {
    publishOrgPolicy();
    const root = workspace({ [CONFIG]: repoConfig(`gitlab>${GITLAB_ORG}:org.yml#v9`) });
    const run = await gateOnTuesday(root, { options: warn, ...withPolicyToken });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toContain('there is no ref "v9" in the project');
  });

  it('a policy-token input naming a variable the job does not have fails closed, naming it', async () => {
    publishOrgPolicy();
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, {
      options: warn,
      platform: { policyTokenVariable: VARIABLE },
    });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toContain(
      `the policy-token input names ${VARIABLE}, but this job has no such variable, or it is empty`,
    );
    // It never falls back to another token.
    expect(fake.requestsTo('GET', /^\/projects\/acme\/deploy-policy\//)).toEqual([]);
  });

  it('refuses a github> source clearly, without asking any host', async () => {
    const root = workspace({ [CONFIG]: repoConfig('github>acme/deploy-policy:org.yml#v3') });
    const run = await gateOnTuesday(root, { options: warn });
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toBe(
      `${CONFIG}: extends[0]: cannot read github>acme/deploy-policy:org.yml#v3: github> sources are not read on GitLab: a GitLab job holds no GitHub credentials; keep the policy in a GitLab project and extend it as gitlab>GROUP/PROJECT:org.yml#v3`,
    );
  });

  it('an invalid org file is reported under its source', async () => {
    publishOrgPolicy(gitlabOrgFreeze().replace('kind: deny', 'kind: dney'));
    const root = workspace({ [CONFIG]: repoConfig() });
    const run = await gateOnTuesday(root, { options: warn, ...withPolicyToken });
    expect(run.result.exitCode).toBe(2);
    expect(run.result.errors.map((issue) => issue.file)).toContain(GITLAB_ORG_SOURCE);
  });
});

describe('a policy project ref that names both a branch and a tag', () => {
  it('is refused, so whoever may push a tag in the policy project cannot choose the org policy', async () => {
    publishOrgPolicy();
    fake.addTag('v3', { 'org.yml': 'version: 1\ntimezone: UTC\nwindows: []\n' }, GITLAB_ORG);
    const run = await gateOnTuesday(workspace({ [CONFIG]: repoConfig() }), withPolicyToken);
    expect(run.result.exitCode).toBe(2);
    expect(errorText(run)).toContain(
      `the ref v3 names both a branch and a tag of ${GITLAB_ORG}; name the one you mean in full (refs/heads/v3 or refs/tags/v3)`,
    );
  });
});
