// Org policies (#13) and overrides (#14) through the include template, run for real by
// gitlab-ci-local (shell executor) against a fake GitLab on 127.0.0.1: a config that extends a
// policy of another project at a tag, read with the token the `policy-token` input names; the
// `reason` input of an exempt person; the override's note and DEPLOY_WINDOW_OVERRIDE=true in the
// dotenv report a later job reads.
// Needs: gitlab-ci-local (devDependency), git and rsync on PATH, dist/cli/index.js built.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import { GITLAB_ORG, GITLAB_ORG_SOURCE, gitlabOrgFreeze } from '../support/org-policies.js';
import { cliBundle, gitlabCiLocalWorkspace, type Pipeline } from './gitlab-ci-local-harness.js';

const CONFIG = '.gitlab/deploy-windows.yml';
const READER = 'glpat-org-policy-reader';
/** Tuesday 11:00 Berlin: inside the repository's hours and inside the org freeze. */
const TUESDAY = '2026-11-24T10:00:00Z';
/** Saturday 16:00 Berlin: outside the repository's hours. */
const SATURDAY = '2026-11-21T15:00:00Z';

const HOURS = `version: 1
timezone: Europe/Berlin
__EXTENDS____EXEMPT__windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [TU, WE, TH]
`;

function repoConfig({
  extend = GITLAB_ORG_SOURCE,
  exempt = '',
}: {
  extend?: string;
  exempt?: string;
}) {
  return HOURS.replace('__EXTENDS__', extend ? `extends:\n  - ${extend}\n` : '').replace(
    '__EXEMPT__',
    exempt,
  );
}

const workspace = gitlabCiLocalWorkspace('dw-glci-org');
let gitlab: FakeGitLab;

beforeAll(async () => {
  if (!existsSync(cliBundle)) throw new Error(`${cliBundle} does not exist: run npm run build`);
  gitlab = await startFakeGitLab();
  // A project the fake does not hold does not exist.
  gitlab.unknownProjects = 'not-found';
}, 60_000);
afterAll(async () => {
  await gitlab?.close();
  workspace.cleanup();
});
beforeEach(() => {
  gitlab.requests.length = 0;
  gitlab.notes.clear();
  gitlab.files.clear();
  gitlab.projects.clear();
  gitlab.readTokens.set(READER, [GITLAB_ORG]);
});

/** A git repo whose .gitlab-ci.yml includes the template with `inputs`; the fake serves `config` at main. */
async function project(config: string, inputs: Record<string, string | boolean>): Promise<string> {
  gitlab.addFiles({ [CONFIG]: config }, 'main');
  const lines = Object.entries({ cli: `node ${cliBundle}`, comment: false, ...inputs }).map(
    ([key, value]) => `      ${key}: ${JSON.stringify(value)}`,
  );
  const ci = [
    'stages: [deploy]',
    'include:',
    '  - local: templates/deploy-window.yml',
    '    inputs:',
    '      environment: production',
    ...lines,
    'deploy:',
    '  stage: deploy',
    '  needs: [deploy-window]',
    '  script:',
    '    - echo "ALLOWED=$DEPLOY_WINDOW_ALLOWED EXEMPT=$DEPLOY_WINDOW_EXEMPT OVERRIDE=$DEPLOY_WINDOW_OVERRIDE"',
    '',
  ].join('\n');
  return (await workspace.repo({ '.gitlab-ci.yml': ci, [CONFIG]: config })).dir;
}

function pipeline(dir: string, variables: Record<string, string> = {}): Promise<Pipeline> {
  return workspace.pipeline(dir, {
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example/acme/app',
    CI_DEFAULT_BRANCH: 'main',
    CI_JOB_TOKEN: gitlab.jobToken,
    ...variables,
  });
}

describe('an org policy through the template (#13)', () => {
  it('blocks inside the org freeze although the repository allows, reading the policy project at its tag with the policy-token variable', async () => {
    gitlab.addProjectFiles(GITLAB_ORG, { 'org.yml': gitlabOrgFreeze() }, 'v3');
    const dir = await project(repoConfig({}), { at: TUESDAY, 'policy-token': 'ORG_POLICY_TOKEN' });
    const result = await pipeline(dir, { ORG_POLICY_TOKEN: READER });
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain('Deployment is blocked for production');
    expect(gate).toContain(`${GITLAB_ORG_SOURCE}#year-end-freeze`);
    expect(gate).toContain('Org change freeze: ask #sre for an exception');
    expect(result.jobLines('deploy')).toEqual([]);
    // Whether v3 is a branch and a tag (both would be refused), then the file at v3.
    const asked = gitlab.requestsTo('GET', /^\/projects\/acme\/deploy-policy\//);
    expect(asked.map((request) => request.segments.slice(2, 4).join('/')).sort()).toEqual([
      'repository/branches',
      'repository/files',
      'repository/tags',
    ]);
    const read = asked.find((request) => request.path.includes('/repository/files/'));
    expect(read?.query.ref).toBe('v3');
    for (const request of asked) expect(request.headers['private-token']).toBe(READER);
    expect(result.output).not.toContain(READER);
  });

  it('lets an org-exempt user through, as an override the next job sees', async () => {
    gitlab.addProjectFiles(
      GITLAB_ORG,
      { 'org.yml': gitlabOrgFreeze('exempt:\n  users: [dana]\n') },
      'v3',
    );
    const dir = await project(repoConfig({}), { at: TUESDAY, 'policy-token': 'ORG_POLICY_TOKEN' });
    const result = await pipeline(dir, { ORG_POLICY_TOKEN: READER });
    expect(result.code, result.output).toBe(0);
    expect(result.jobLines('deploy')).toContain('ALLOWED=true EXEMPT=true OVERRIDE=true');
  });

  it('does not let a user exempt only by the repository through the org freeze', async () => {
    gitlab.addProjectFiles(GITLAB_ORG, { 'org.yml': gitlabOrgFreeze() }, 'v3');
    const dir = await project(repoConfig({ exempt: 'exempt:\n  users: [dana]\n' }), {
      at: TUESDAY,
      'policy-token': 'ORG_POLICY_TOKEN',
    });
    const result = await pipeline(dir, { ORG_POLICY_TOKEN: READER });
    expect(result.code).not.toBe(0);
    expect(result.jobLines('deploy-window').join('\n')).toContain(
      `${GITLAB_ORG_SOURCE}#year-end-freeze`,
    );
    expect(result.jobLines('deploy')).toEqual([]);
  });

  it('fails closed in mode warn when the policy project answers 404, naming the source and what to grant', async () => {
    const dir = await project(repoConfig({ extend: 'gitlab>acme/gone:org.yml#v3' }), {
      at: TUESDAY,
      mode: 'warn',
      'policy-token': 'ORG_POLICY_TOKEN',
    });
    const result = await pipeline(dir, { ORG_POLICY_TOKEN: READER });
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain('the gate stays closed in every mode');
    expect(gate).toContain(
      'cannot read gitlab>acme/gone:org.yml#v3: cannot read org.yml of acme/gone at v3 through the GitLab API: answered 404 Project Not Found; the token in ORG_POLICY_TOKEN (the policy-token input) needs the read_api scope',
    );
    expect(result.jobLines('deploy')).toEqual([]);
  });
});

describe('an override with a reason through the template (#14)', () => {
  const requiring = repoConfig({
    extend: '',
    exempt: 'exempt:\n  users: [dana]\n  require-reason: true\n',
  });
  const withNotes = () => ({ DEPLOY_WINDOW_TOKEN: gitlab.token, CI_MERGE_REQUEST_IID: '9' });

  it('blocks an exempt person who gives no reason, and says how to give one', async () => {
    const dir = await project(requiring, { at: SATURDAY });
    const result = await pipeline(dir, withNotes());
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain('dana is exempt (user:dana) and may override');
    expect(gate).toContain("set the template's `reason` input");
    expect(result.jobLines('deploy')).toEqual([]);
  });

  it('passes with the reason input: the note records who, which windows and why, and the next job reads DEPLOY_WINDOW_OVERRIDE=true', async () => {
    // Shell and Markdown characters a reason may hold: it stays one quoted argument.
    const reason = 'hotfix INC-4711; payments down (*) & retry | tee #ops';
    const dir = await project(requiring, { at: SATURDAY, reason });
    const result = await pipeline(dir, withNotes());
    expect(result.code, result.output).toBe(0);
    expect(result.jobLines('deploy-window').join('\n')).toContain(
      `OVERRIDE: dana overrode the deploy window for production (outside every allow window; layer ${CONFIG}), exempt as user:dana. Reason: ${reason}`,
    );
    const notes = gitlab.notes.get('42!9') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('**Override:** dana (exempt as `user:dana`)');
    expect(notes[0]?.body).toContain(
      '> hotfix INC-4711; payments down (\\*) \\& retry \\| tee \\#ops',
    );
    expect(result.jobLines('deploy')).toContain('ALLOWED=true EXEMPT=true OVERRIDE=true');
    expect(result.output).not.toContain(gitlab.token);
  });
});
