// `deploy-window preview` (the template's preview job) in-process against the fake GitLab API:
// the merge request note with the gained and lost periods and a gantt chart, updated in place on
// a later push, left out when the policy does not change, written only as this token's user,
// the new policy's errors, and what it needs from the pipeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../support/cli-in-process.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import { BASE, FROM, LONGER, POLICY } from '../support/gitlab-preview.js';

const HEAD = 'feed000000000000000000000000000000000001';
const NEXT_PUSH = 'feed000000000000000000000000000000000002';
const PATH = '.gitlab/deploy-windows.yml';
const MARKER = '<!-- deploy-window:preview -->';
const NOTES = '42!9';
const SHORTER = POLICY.replace('"10:00-16:00"', '"11:00-16:00"');

let gitlab: FakeGitLab;

beforeEach(async () => {
  gitlab = await startFakeGitLab();
});
afterEach(async () => {
  await gitlab.close();
});

interface Run {
  code: number;
  out: string;
  err: string;
}

async function preview(
  head: string,
  options: { env?: Record<string, string | undefined>; args?: string[] } = {},
): Promise<Run> {
  const io = recordingIo({
    cwd: '/nonexistent',
    env: {
      GITLAB_CI: 'true',
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: '42',
      CI_PROJECT_URL: 'https://gitlab.example/acme/app',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '9',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: BASE,
      CI_COMMIT_SHA: head,
      CI_DEFAULT_BRANCH: 'main',
      CI_JOB_TOKEN: gitlab.jobToken,
      DEPLOY_WINDOW_TOKEN: gitlab.token,
      ...options.env,
    },
    now: Date.parse('2030-01-01T00:00:00Z'),
  });
  const code = await main(['preview', '--from', FROM, ...(options.args ?? [])], io);
  return { code, out: io.out, err: io.err };
}

const notes = () => gitlab.notes.get(NOTES) ?? [];

describe('the preview note on a merge request', () => {
  it("compares the job project's policy and notes its merge request, whatever CI_PROJECT_ID says", async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, HEAD);
    gitlab.addProjectFiles('99', { [PATH]: POLICY }, BASE);
    gitlab.addProjectFiles('99', { [PATH]: POLICY }, HEAD);
    const run = await preview(HEAD, { env: { CI_PROJECT_ID: '99' } });
    expect(run.code, run.out + run.err).toBe(0);
    expect(notes()).toHaveLength(1);
    expect(gitlab.notes.get('99!9')).toBeUndefined();
    expect(run.out + run.err).toContain(
      'CI_PROJECT_ID is "99", but GitLab says this job belongs to project 42',
    );
  });

  it('a merge request that changes the policy gets one note with gained and lost periods and a gantt chart', async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, HEAD);
    const run = await preview(HEAD);
    expect(run.code, run.out + run.err).toBe(0);
    expect(notes()).toHaveLength(1);
    const note = notes()[0];
    expect(note?.author.id).toBe(gitlab.tokenUser.id);
    const body = note?.body ?? '';
    expect(body.startsWith(`${MARKER}\n### Deploy window changes`)).toBe(true);
    // Tue 24 Nov 09:00-10:00 Berlin is gained, in the zone and in UTC.
    expect(body).toContain(
      '| opens | Tue 24 Nov 2026 09:00 CET to 10:00 CET | 2026-11-24T08:00:00.000Z | 2026-11-24T09:00:00.000Z |',
    );
    expect(body.match(/^\| opens \|/gm)).toHaveLength(6);
    expect(body).not.toMatch(/^\| closes \|/m);
    expect(body).toMatch(/```mermaid\ngantt\n {2}title production \(Europe\/Berlin\)\n/);
    expect(body).toContain('with `feed00000000` (this merge request)');
    // The job log says the same in plain lines; the token is never printed.
    expect(run.out).toContain('+ opens  Tue 24 Nov 2026 09:00 CET -> 10:00');
    expect(run.out + run.err).not.toContain(gitlab.token);
    // Both commits were read through the API, with DEPLOY_WINDOW_TOKEN.
    const refs = gitlab.requestsTo('GET', /\/repository\/files\//).map((r) => r.query.ref);
    expect(new Set(refs)).toEqual(new Set([BASE, HEAD]));
  });

  it('with extends, compares what every layer allows: opening past the org policy gains nothing', async () => {
    const team = `version: 1
timezone: Europe/Berlin
extends: [gitlab>acme/deploy-policy:org.yml]
windows:
  - name: team-hours
    environments: [production]
    time: "08:00-18:00"
`;
    gitlab.addProjectFiles('acme/deploy-policy', { 'org.yml': POLICY });
    gitlab.addFiles({ [PATH]: team }, BASE);
    gitlab.addFiles({ [PATH]: team.replace('"08:00-18:00"', '"00:00-24:00"') }, HEAD);
    const run = await preview(HEAD);
    expect(run.code, run.out + run.err).toBe(0);
    const body = notes()[0]?.body ?? '';
    // The team's file alone would open nights and every day; the org's hours still decide.
    expect(body).toContain('This change moves no open time');
    expect(body).not.toMatch(/^\| opens \|/m);
    // The org policy itself, edited in this change's extends, moves open time.
    gitlab.addFiles({ [PATH]: team.replace('org.yml]', 'org.yml#wider]') }, NEXT_PUSH);
    gitlab.addProjectFiles('acme/deploy-policy', { 'org.yml': LONGER }, 'wider');
    expect((await preview(NEXT_PUSH)).code).toBe(0);
    expect(notes()[0]?.body).toContain(
      '| opens | Tue 24 Nov 2026 09:00 CET to 10:00 CET | 2026-11-24T08:00:00.000Z | 2026-11-24T09:00:00.000Z |',
    );
  });

  it('reads extended projects with the policy token the template names, as the gate does', async () => {
    const team = `version: 1
timezone: Europe/Berlin
extends: [gitlab>acme/deploy-policy:org.yml]
windows: []
`;
    gitlab.addProjectFiles('acme/deploy-policy', { 'org.yml': POLICY });
    gitlab.unknownProjects = 'not-found';
    gitlab.readTokens.set('glpat-policy-reader', ['acme/deploy-policy']);
    gitlab.addFiles({ [PATH]: team }, BASE);
    gitlab.addFiles(
      { [PATH]: team.replace('windows: []', 'windows:\n  - { name: x, time: "09:00-17:00" }') },
      HEAD,
    );
    // Only the job token (no DEPLOY_WINDOW_TOKEN: the log shows the preview), which
    // acme/deploy-policy's allowlist leaves out.
    gitlab.jobTokenDenied.add('acme/deploy-policy');
    const jobOnly = { DEPLOY_WINDOW_TOKEN: undefined };
    const denied = await preview(HEAD, { env: jobOnly });
    expect(denied.code).toBe(2);
    expect(denied.out + denied.err).toContain('cannot read gitlab>acme/deploy-policy:org.yml');
    const run = await preview(HEAD, {
      env: { ...jobOnly, DEPLOY_POLICY_TOKEN: 'glpat-policy-reader' },
      args: ['--policy-token-env', 'DEPLOY_POLICY_TOKEN'],
    });
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toContain('changes the policy');
    expect(run.out + run.err).not.toContain('glpat-policy-reader');
  });

  it('a merge request cannot make the preview read a project the base policy does not read', async () => {
    // The policy token may read private projects: which ones is the pipeline's choice, not the
    // merge request author's. A valid policy there would show its open periods.
    gitlab.addProjectFiles('acme/private', {
      'deploy-windows.yml':
        'version: 1\ntimezone: UTC\nwindows:\n  - { name: secret-ops, time: "03:00-04:00" }\n',
    });
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles(
      { [PATH]: POLICY.replace('windows:', 'extends: [gitlab>acme/private]\nwindows:') },
      HEAD,
    );
    const run = await preview(HEAD);
    expect(run.code, run.out + run.err).toBe(0);
    expect(gitlab.requestsTo('GET', /acme%2Fprivate/)).toEqual([]);
    const body = notes()[0]?.body ?? '';
    expect(body).toContain(
      'This merge request makes the policy extend `gitlab>acme/private`, in a repository the policy at the base does not read',
    );
    expect(body).not.toContain('03:00');
    expect(run.out).toContain('not read, so the preview cannot show what the merge request does');
  });

  // The gate never reads a github> source on GitLab: merged, such a policy blocks every deploy.
  it('a github> source the merge request adds is an invalid policy here: the job fails', async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles(
      { [PATH]: POLICY.replace('windows:', 'extends: [github>acme/org-policy]\nwindows:') },
      HEAD,
    );
    const run = await preview(HEAD);
    expect(run.code, run.out + run.err).toBe(2);
    const body = notes()[0]?.body ?? '';
    expect(body).toContain('github&gt; sources are not read on GitLab');
    expect(body).not.toContain('Once merged, the gate reads it');
  });

  it('a project the template lists in preview-repositories is read: rolling out the org policy', async () => {
    gitlab.addProjectFiles('platform/deploy-policy', { 'deploy-windows.yml': LONGER });
    // The merge request adds the project's first policy, extending the org's.
    gitlab.addFiles({ 'README.md': 'app' }, BASE);
    gitlab.addFiles(
      { [PATH]: POLICY.replace('windows:', 'extends: [local>platform/deploy-policy]\nwindows:') },
      HEAD,
    );
    const bad = await preview(HEAD, { args: ['--preview-repositories', 'platform/deploy-policy'] });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'invalid --preview-repositories: "platform/deploy-policy" is not a repository',
    );
    const run = await preview(HEAD, {
      args: ['--preview-repositories', 'gitlab>platform/deploy-policy'],
    });
    expect(run.code, run.out + run.err).toBe(0);
    const body = notes()[0]?.body ?? '';
    // Everything both layers allow is gained: Tuesday 10:00-16:00 Berlin first.
    expect(body).toContain(
      '| opens | Tue 24 Nov 2026 10:00 CET to 16:00 CET | 2026-11-24T09:00:00.000Z | 2026-11-24T15:00:00.000Z |',
    );
    expect(body).not.toContain('does not read');
  });

  it('a later push with another change updates the same note in place', async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, HEAD);
    gitlab.addFiles({ [PATH]: SHORTER }, NEXT_PUSH);
    expect((await preview(HEAD)).code).toBe(0);
    expect((await preview(NEXT_PUSH)).code).toBe(0);
    expect(notes()).toHaveLength(1);
    const body = notes()[0]?.body ?? '';
    expect(body).toContain(
      '| closes | Tue 24 Nov 2026 10:00 CET to 11:00 CET | 2026-11-24T09:00:00.000Z | 2026-11-24T10:00:00.000Z |',
    );
    expect(body).not.toMatch(/^\| opens \|/m);
    expect(gitlab.requestsTo('POST', /\/notes$/)).toHaveLength(1);
    expect(gitlab.requestsTo('PUT', /\/notes\/\d+$/)).toHaveLength(1);
  });

  it('a merge request that does not change the policy gets no note; an earlier one is updated to say so', async () => {
    gitlab.addFiles({ [PATH]: POLICY, 'README.md': 'a' }, BASE);
    gitlab.addFiles({ [PATH]: POLICY, 'README.md': 'b' }, HEAD);
    const run = await preview(HEAD);
    expect(run.code).toBe(0);
    expect(notes()).toEqual([]);
    expect(gitlab.writes()).toEqual([]);
    expect(run.out).toContain('does not change the deploy window policy');

    gitlab.addFiles({ [PATH]: LONGER }, NEXT_PUSH);
    await preview(NEXT_PUSH);
    expect(notes()).toHaveLength(1);
    await preview(HEAD);
    expect(notes()).toHaveLength(1);
    expect(notes()[0]?.body).toContain(
      'This merge request no longer changes the deploy window policy.',
    );
  });

  it("never edits another user's note that carries the marker: writes its own and warns", async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, HEAD);
    const planted = gitlab.addNote(NOTES, `${MARKER}\nall clear, deploy any time`, {
      id: 66,
      username: 'mallory',
    });
    const run = await preview(HEAD);
    expect(run.code).toBe(0);
    expect(notes()).toHaveLength(2);
    expect(notes()[0]).toMatchObject({
      id: planted.id,
      body: `${MARKER}\nall clear, deploy any time`,
    });
    expect(notes()[1]?.author.id).toBe(gitlab.tokenUser.id);
    expect(run.out + run.err).toMatch(/Left alone 1 note\(s\) by others/);
  });

  it('an invalid policy in the merge request fails the job (exit 2) and the note shows the errors, escaped', async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: POLICY.replace('Europe/Berlin', 'Europe/<img src=x>') }, HEAD);
    const run = await preview(HEAD);
    expect(run.code).toBe(2);
    const body = notes()[0]?.body ?? '';
    expect(body).toContain('The policy in this merge request is invalid');
    expect(body).toContain('Europe/&lt;img src=x&gt;');
    expect(body).not.toContain('<img');
    expect(run.out + run.err).toMatch(/\.gitlab\/deploy-windows\.yml:2:\d+: timezone: /);
  });
});

describe('what the preview needs', () => {
  it('outside a merge request pipeline: exit 2, saying so', async () => {
    const run = await preview(HEAD, { env: { CI_MERGE_REQUEST_IID: undefined } });
    expect(run.code).toBe(2);
    expect(run.out + run.err).toContain('runs in merge request pipelines');
    expect(gitlab.requests).toEqual([]);
  });

  it('refuses commits that are not shas (a variable naming a branch)', async () => {
    const run = await preview(HEAD, { env: { CI_MERGE_REQUEST_DIFF_BASE_SHA: 'main' } });
    expect(run.code).toBe(2);
    expect(gitlab.requests).toEqual([]);
  });

  it('with the job token only: reads the policy, writes no note, and says what to set', async () => {
    gitlab.addFiles({ [PATH]: POLICY }, BASE);
    gitlab.addFiles({ [PATH]: LONGER }, HEAD);
    const run = await preview(HEAD, { env: { DEPLOY_WINDOW_TOKEN: undefined } });
    expect(run.code).toBe(0);
    expect(notes()).toEqual([]);
    expect(run.out + run.err).toContain('No preview note is written');
    expect(run.out).toContain('+ opens');
    expect(
      gitlab.requestsTo('GET', /\/repository\/files\//).every((r) => r.headers['job-token']),
    ).toBe(true);
  });

  it('--platform github points at the action', async () => {
    const run = await preview(HEAD, { args: ['--platform', 'github'] });
    expect(run.code).toBe(2);
    expect(run.err).toContain('command: preview');
  });
});
