// The include template's preview job run for real by gitlab-ci-local (shell executor): with
// `preview: true` in a merge request pipeline it posts the "Deploy window changes" note on the
// fake GitLab; in a push pipeline, or without `preview`, there is no preview job at all.
// Needs: gitlab-ci-local (devDependency), git and rsync on PATH, dist/cli/index.js built.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import { BASE, FROM, LONGER, POLICY } from '../support/gitlab-preview.js';
import { cliBundle, gitlabCiLocalWorkspace } from './gitlab-ci-local-harness.js';

const PATH = '.gitlab/deploy-windows.yml';

const workspace = gitlabCiLocalWorkspace('dw-glci-preview');
let gitlab: FakeGitLab;

beforeAll(async () => {
  if (!existsSync(cliBundle)) throw new Error(`${cliBundle} does not exist: run npm run build`);
  gitlab = await startFakeGitLab();
}, 60_000);
afterAll(async () => {
  await gitlab?.close();
  workspace.cleanup();
});

/** A git repo holding the policy that includes the template; resolves its HEAD commit. */
function project(
  preview: boolean,
  more: { policy?: string; inputs?: Record<string, string> } = {},
): Promise<{ dir: string; head: string }> {
  const ci = [
    'stages: [deploy]',
    'include:',
    '  - local: templates/deploy-window.yml',
    '    inputs:',
    `      cli: ${JSON.stringify(`node ${cliBundle}`)}`,
    '      environment: production',
    `      at: ${JSON.stringify(FROM)}`,
    '      mode: warn',
    '      comment: false',
    `      preview: ${preview}`,
    ...Object.entries(more.inputs ?? {}).map(([name, value]) => `      ${name}: ${value}`),
    '',
  ].join('\n');
  return workspace.repo(
    { '.gitlab-ci.yml': ci, [PATH]: more.policy ?? LONGER },
    { branch: 'feature/earlier-mornings', origin: false },
  );
}

function pipeline(dir: string, variables: Record<string, string>) {
  return workspace.pipeline(
    dir,
    {
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: '42',
      CI_DEFAULT_BRANCH: 'main',
      CI_JOB_TOKEN: gitlab.jobToken,
      DEPLOY_WINDOW_TOKEN: gitlab.token,
      ...variables,
    },
    { env: { GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE' } },
  );
}

describe('the preview job under gitlab-ci-local', () => {
  it('in a merge request pipeline with preview: true, posts the note with the gained periods', async () => {
    const { dir, head } = await project(true);
    gitlab.addFiles({ [PATH]: POLICY }, 'main');
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, head);
    const result = await pipeline(dir, {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '9',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: BASE,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(
      /deploy-window-preview\s+> .*changes the policy: \.gitlab\/deploy-windows\.yml/,
    );
    const notes = gitlab.notes.get('42!9') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('### Deploy window changes');
    expect(notes[0]?.body).toContain('| opens | Tue 24 Nov 2026 09:00 CET to 10:00 CET |');
    expect(notes[0]?.body).toContain('```mermaid\ngantt');
    expect(result.output).not.toContain(gitlab.token);
  });

  it('reads a policy project the config extends with the policy-token variable, and compares what every layer allows', async () => {
    // The org allows Tuesday to Thursday 10:00-16:00 (POLICY); this project's own file would
    // open every day, all day. Only ORG_POLICY_TOKEN may read the org project.
    const extending = `version: 1
timezone: Europe/Berlin
extends: [gitlab>acme/deploy-policy:org.yml#v3]
windows:
  - { name: always, environments: [production], time: "00:00-24:00" }
`;
    gitlab.addProjectFiles('acme/deploy-policy', { 'org.yml': POLICY }, 'v3');
    gitlab.readTokens.set('glpat-org-reader', ['acme/deploy-policy']);
    gitlab.jobTokenDenied.add('acme/deploy-policy');
    const { dir, head } = await project(true, {
      policy: extending,
      inputs: { 'policy-token': 'ORG_POLICY_TOKEN' },
    });
    gitlab.addFiles({ [PATH]: extending.replace(/windows:[\s\S]*/, 'windows: []\n') }, BASE);
    gitlab.addFiles({ [PATH]: extending }, head);
    const result = await pipeline(dir, {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '10',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: BASE,
      ORG_POLICY_TOKEN: 'glpat-org-reader',
    });
    expect(result.code, result.output).toBe(0);
    const notes = gitlab.notes.get('42!10') ?? [];
    expect(notes).toHaveLength(1);
    // Before, the org's hours minus nothing; after, the same: the project's "always" gains nothing.
    expect(notes[0]?.body).toContain('This change moves no open time');
    expect(result.output).not.toContain('glpat-org-reader');
    // Both commits' layers came from the org project, read with the token the input names.
    const orgReads = gitlab
      .requestsTo('GET', /\/repository\/files\//)
      .filter((request) => request.segments.includes('acme/deploy-policy'));
    expect(orgReads.length).toBeGreaterThan(0);
    expect(
      orgReads.every((request) => request.headers['private-token'] === 'glpat-org-reader'),
    ).toBe(true);
  });

  it('with preview-repositories, reads the org project that a first policy extends', async () => {
    // The project's first policy extends the org's: the base reads no project, so only the
    // template's input lets the preview read it.
    const first = `version: 1
timezone: Europe/Berlin
extends: [gitlab>acme/rollout-policy]
windows:
  - { name: always, environments: [production], time: "00:00-24:00" }
`;
    gitlab.addProjectFiles('acme/rollout-policy', { 'deploy-windows.yml': POLICY });
    const { dir, head } = await project(true, {
      policy: first,
      inputs: { 'preview-repositories': 'gitlab>acme/rollout-policy' },
    });
    // A base commit of its own, without a policy (the other tests' base holds one).
    const base = 'ba5e000000000000000000000000000000000011';
    gitlab.addFiles({ [PATH]: POLICY }, 'main');
    gitlab.addFiles({ 'README.md': 'app' }, base);
    gitlab.addFiles({ [PATH]: first }, head);
    const result = await pipeline(dir, {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '11',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
    });
    expect(result.code, result.output).toBe(0);
    const body = gitlab.notes.get('42!11')?.[0]?.body ?? '';
    // Gained: what both layers allow, the org's Tuesday 10:00-16:00 first.
    expect(body).toContain('| opens | Tue 24 Nov 2026 10:00 CET to 16:00 CET |');
    expect(body).not.toContain('does not read');
  });

  it('in a push pipeline, or without preview, there is no preview job', async () => {
    const on = await project(true);
    const push = await pipeline(on.dir, { CI_PIPELINE_SOURCE: 'push' });
    expect(push.output).not.toMatch(/deploy-window-preview\s+>/);
    const off = await project(false);
    const request = await pipeline(off.dir, {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '9',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: BASE,
    });
    expect(request.output).toMatch(/deploy-window\s+> /);
    expect(request.output).not.toMatch(/deploy-window-preview\s+>/);
  });
});
