// `command: preview` in-process against the fake GitHub API: which pull requests change the
// policy (the config, its .ics files, files it extends; renames; GitHub's 3,000-file cap), the
// one comment of this token's identity (never someone else's), the comment of an earlier push
// updated when the policy no longer changes, a policy added by the pull request, and events
// that are not pull requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { githubPolicySources } from '../../src/github/policy-sources.js';
import { pullRequestOfEvent, runPreview } from '../../src/github/preview.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const BASE = 'ba5e000000000000000000000000000000000001';
const HEAD = 'feed000000000000000000000000000000000001';
const PATH = '.github/deploy-windows.yml';
const MARKER = '<!-- deploy-window:preview -->';
// Monday 2026-11-23 00:00 UTC.
const FROM = Date.parse('2026-11-23T00:00:00Z');

const CONFIG = `version: 1
timezone: UTC
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;
const LATER = CONFIG.replace('"09:00-17:00"', '"10:00-18:00"');
const WITH_HOLIDAYS = `${CONFIG}  - name: holidays
    kind: deny
    environments: [production]
    ics: calendars/holidays.ics
`;
const ics = (day: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${day}@test`,
    `DTSTART;VALUE=DATE:${day}`,
    'SUMMARY:holiday',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

let fake: FakeGitHub;
let infos: string[];
let warnings: string[];

beforeEach(async () => {
  fake = await startFakeGitHub();
  infos = [];
  warnings = [];
});
afterEach(async () => {
  await fake.close();
});

function preview(
  number: number,
  options: {
    environment?: string | null;
    event?: string;
    layered?: boolean;
    previewRepositories?: string[];
  } = {},
) {
  const octokit = createClient('ghs_previewtoken', {
    baseUrl: fake.url,
    log: { warning: (line) => warnings.push(line) },
    retryBaseMs: 1,
  });
  const repository = { owner: 'acme', repo: 'app' };
  return runPreview({
    octokit,
    repository,
    // As the action reads `extends` (src/github/main.ts).
    ...(options.layered
      ? {
          policySources: (files) =>
            githubPolicySources({ client: octokit, own: () => files, repository, sha: null })
              .options,
        }
      : {}),
    ...(options.previewRepositories ? { previewRepositories: options.previewRepositories } : {}),
    eventName: options.event ?? 'pull_request',
    payload: {
      pull_request: {
        number,
        base: { ref: 'main', sha: BASE },
        head: { ref: 'feature', sha: HEAD },
      },
    },
    configPath: null,
    environment: options.environment ?? null,
    from: FROM,
    log: { info: (line) => infos.push(line), warning: (line) => warnings.push(line) },
  });
}

describe('which pull requests change the policy', () => {
  it('an edit of a calendar file the config names is a policy change', async () => {
    fake.setFiles({ [PATH]: WITH_HOLIDAYS, 'calendars/holidays.ics': ics('20261124') }, BASE);
    fake.setFiles({ [PATH]: WITH_HOLIDAYS, 'calendars/holidays.ics': ics('20261125') }, HEAD);
    fake.setPullFiles('acme/app', 5, ['calendars/holidays.ics']);
    const outcome = await preview(5);
    expect(outcome.changed).toBe(true);
    const body = fake.issueComments('acme/app', 5)[0]?.body ?? '';
    // Tuesday opens again, Wednesday closes.
    expect(body).toContain(
      '| opens | Tue 24 Nov 2026 09:00 UTC to 17:00 UTC | 2026-11-24T09:00:00.000Z | 2026-11-24T17:00:00.000Z |',
    );
    expect(body).toContain(
      '| closes | Wed 25 Nov 2026 09:00 UTC to 17:00 UTC | 2026-11-25T09:00:00.000Z | 2026-11-25T17:00:00.000Z |',
    );
    expect(body).toContain('policy files changed: `calendars/holidays.ics`');
  });

  it('a file of this repository the config extends counts; a file of the same name elsewhere does not', async () => {
    const extending = CONFIG.replace('windows:', 'extends: [./policy/team.yml]\nwindows:');
    fake.setFiles({ [PATH]: extending, 'policy/team.yml': CONFIG }, BASE);
    fake.setFiles({ [PATH]: extending, 'policy/team.yml': LATER }, HEAD);
    fake.setPullFiles('acme/app', 6, ['docs/policy/team.yml']);
    expect((await preview(6)).changed).toBe(false);
    fake.setPullFiles('acme/app', 7, ['policy/team.yml']);
    expect((await preview(7)).changed).toBe(true);
    expect(fake.issueComments('acme/app', 7)[0]?.body).toContain(
      'policy files changed: `policy/team.yml`',
    );
  });

  it('a rename of the config away from its path is a change (GitHub lists the old name too)', async () => {
    fake.setFiles({ [PATH]: CONFIG }, BASE);
    fake.setFiles({ 'ops/windows.yml': CONFIG }, HEAD);
    fake.setPullFiles('acme/app', 8, [
      { filename: 'ops/windows.yml', previous_filename: PATH, status: 'renamed' },
    ]);
    const outcome = await preview(8);
    expect(outcome.changed).toBe(true);
    // Without a config the gate blocks every deploy: the comment says so and the step fails.
    expect(outcome.failure).toMatch(/invalid/);
    expect(fake.issueComments('acme/app', 8)[0]?.body).toContain('no config file found');
  });

  it("past GitHub's 3,000 listed files, the policy's texts at the two commits decide", async () => {
    fake.setFiles({ [PATH]: CONFIG }, BASE);
    fake.setFiles({ [PATH]: LATER }, HEAD);
    // The pull request's list is cut before it reaches the config.
    fake.setPullFiles(
      'acme/app',
      9,
      Array.from({ length: 3000 }, (_, index) => `generated/file-${index}.txt`),
    );
    const outcome = await preview(9);
    expect(outcome.changed).toBe(true);
    expect(fake.requestsTo('GET', /\/pulls\/9\/files$/)).toHaveLength(30);
    expect(fake.issueComments('acme/app', 9)[0]?.body).toContain(
      `policy files changed: \`${PATH}\``,
    );
  });

  it('a pull request that adds the first policy: everything it opens is gained', async () => {
    fake.setFiles({ 'README.md': 'x' }, BASE);
    fake.setFiles({ [PATH]: CONFIG }, HEAD);
    fake.setPullFiles('acme/app', 10, [{ filename: PATH, status: 'added' }]);
    const outcome = await preview(10);
    expect(outcome).toMatchObject({ changed: true, failure: null });
    const body = fake.issueComments('acme/app', 10)[0]?.body ?? '';
    expect(body).toContain('could not be used');
    expect(body).toContain('all open time of this pull request counts as gained');
    expect(body.match(/^\| opens \|/gm)).toHaveLength(10);
    expect(body).not.toMatch(/^\| closes \|/m);
  });

  it('the environment input limits the comparison to that environment', async () => {
    const two = `${CONFIG}  - name: staging-hours
    environments: [staging]
    time: "08:00-20:00"
`;
    fake.setFiles({ [PATH]: two }, BASE);
    fake.setFiles({ [PATH]: two.replace('"08:00-20:00"', '"07:00-20:00"') }, HEAD);
    fake.setPullFiles('acme/app', 11, [PATH]);
    await preview(11, { environment: 'production' });
    const body = fake.issueComments('acme/app', 11)[0]?.body ?? '';
    expect(body).toContain('#### production (UTC)');
    expect(body).not.toContain('staging');
    expect(body).toContain('This change moves no open time');
  });
});

describe('a policy that extends others', () => {
  // The org allows weekdays 09:00-17:00 only; the team's file extends it.
  const ORG = CONFIG;
  const TEAM = `version: 1
timezone: UTC
extends: [github>acme/deploy-policy:org.yml, ./policy/team.yml]
windows:
  - name: team-hours
    environments: [production]
    time: "08:00-18:00"
`;
  const TEAM_FILE = `version: 1
timezone: UTC
windows:
  - name: lunch
    kind: deny
    environments: [production]
    time: "12:00-13:00"
`;

  it('compares what every layer allows: widening past the org policy gains nothing', async () => {
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG });
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, BASE);
    fake.setFiles(
      { [PATH]: TEAM.replace('"08:00-18:00"', '"00:00-24:00"'), 'policy/team.yml': TEAM_FILE },
      HEAD,
    );
    fake.setPullFiles('acme/app', 30, [PATH]);
    const outcome = await preview(30, { layered: true });
    expect(outcome.failure).toBeNull();
    expect(outcome.changed).toBe(true);
    const body = fake.issueComments('acme/app', 30)[0]?.body ?? '';
    // The team's file alone would open evenings and weekends; the org's hours still decide.
    expect(body).toContain('This change moves no open time between 2026-11-23 and 2026-12-07.');
    expect(body).not.toContain('| opens |');
  });

  // The gate refuses every gitlab> source on GitHub: merged, such a policy blocks every deploy.
  // The preview called it a source "not read" that "the gate reads once merged", and passed.
  it('a gitlab> source the change adds is an invalid policy on GitHub: the step fails', async () => {
    fake.setFiles({ [PATH]: CONFIG }, BASE);
    fake.setFiles(
      { [PATH]: CONFIG.replace('windows:', 'extends: [gitlab>acme/org-policy]\nwindows:') },
      HEAD,
    );
    fake.setPullFiles('acme/app', 33, [PATH]);
    const outcome = await preview(33, { layered: true });
    const body = fake.issueComments('acme/app', 33)[0]?.body ?? '';
    expect(body).not.toContain('Once merged, the gate reads it');
    expect(body).toContain('The policy in this pull request is invalid.');
    expect(body).toContain('sources only, not gitlab&gt; ones');
    expect(outcome.failure).not.toBeNull();
  });

  it('an edit of a file it extends moves the open time it shows', async () => {
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG });
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, BASE);
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE.replace('12:00', '11:00') }, HEAD);
    fake.setPullFiles('acme/app', 31, ['policy/team.yml']);
    await preview(31, { layered: true });
    const body = fake.issueComments('acme/app', 31)[0]?.body ?? '';
    expect(body).toContain('policy files changed: `policy/team.yml`');
    expect(body).toContain(
      '| closes | Mon 23 Nov 2026 11:00 UTC to 12:00 UTC | 2026-11-23T11:00:00.000Z | 2026-11-23T12:00:00.000Z |',
    );
  });

  it('a pull request cannot make the preview read a repository the base policy does not read', async () => {
    // The policy token may read private repositories: which ones is the workflow's choice, not
    // the pull request author's. A valid policy there would show its open periods.
    fake.setRepoFiles('acme/private', {
      'deploy-windows.yml':
        'version: 1\ntimezone: UTC\nwindows:\n  - { name: secret-ops, time: "03:00-04:00" }\n',
    });
    fake.setFiles({ [PATH]: CONFIG }, BASE);
    fake.setFiles(
      { [PATH]: CONFIG.replace('windows:', 'extends: [github>acme/private]\nwindows:') },
      HEAD,
    );
    fake.setPullFiles('acme/app', 34, [PATH]);
    const outcome = await preview(34, { layered: true });
    expect(fake.requestsTo('GET', /^\/repos\/acme\/private\//)).toEqual([]);
    expect(outcome.failure).toBeNull();
    const body = fake.issueComments('acme/app', 34)[0]?.body ?? '';
    expect(body).toContain(
      'This pull request makes the policy extend `github>acme/private`, in a repository the policy at the base does not read',
    );
    expect(body).not.toContain('03:00');
    expect(body).toContain("list it in the preview's `preview-repositories` input");
    expect(body).toContain('policy files changed: `.github/deploy-windows.yml`');
  });

  it('a repository the workflow lists in preview-repositories is read: rolling out the org policy', async () => {
    // The first policy of a repository, extending the org's: the base reads nothing.
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG });
    fake.setFiles({ 'README.md': 'app' }, BASE);
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, HEAD);
    fake.setPullFiles('acme/app', 36, [PATH, 'policy/team.yml']);
    const outcome = await preview(36, {
      layered: true,
      previewRepositories: ['github>acme/deploy-policy'],
    });
    expect(outcome.failure).toBeNull();
    const body = fake.issueComments('acme/app', 36)[0]?.body ?? '';
    // The org's weekday hours less the team's lunch: its first gained period.
    expect(body).toContain(
      '| opens | Mon 23 Nov 2026 09:00 UTC to 12:00 UTC | 2026-11-23T09:00:00.000Z | 2026-11-23T12:00:00.000Z |',
    );
    expect(body).not.toContain('does not read');
  });

  it('nor through a policy of a repository the base reads: the new repository it names is not read', async () => {
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG });
    fake.setRepoFiles(
      'acme/deploy-policy',
      {
        'org.yml': ORG.replace('windows:', 'extends: [github>acme/private]\nwindows:'),
      },
      'v2',
    );
    fake.setRepoFiles('acme/private', { 'deploy-windows.yml': ORG });
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, BASE);
    fake.setFiles(
      { [PATH]: TEAM.replace('org.yml,', 'org.yml#v2,'), 'policy/team.yml': TEAM_FILE },
      HEAD,
    );
    fake.setPullFiles('acme/app', 35, [PATH]);
    const outcome = await preview(35, { layered: true });
    expect(fake.requestsTo('GET', /^\/repos\/acme\/private\//)).toEqual([]);
    expect(fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy\/contents\/org\.yml/).length).toBe(
      2,
    );
    expect(outcome.failure).toBeNull();
    const body = fake.issueComments('acme/app', 35)[0]?.body ?? '';
    expect(body).toContain(
      '`github>acme/private`, in a repository the policy at the base does not read',
    );
  });

  it('another file of a repository the base reads may be read, but its errors are not shown', async () => {
    // The head names a private file the policy token can read; its keys and values must not
    // reach the comment, the job log or the step's failure.
    fake.setRepoFiles('acme/deploy-policy', {
      'org.yml': ORG,
      'secrets.yml': 'version: 1\ndeploy_key: hunter2\ntimezone: "sk_live_51Hx"\nwindows: []\n',
    });
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, BASE);
    fake.setFiles(
      { [PATH]: TEAM.replace('org.yml,', 'secrets.yml,'), 'policy/team.yml': TEAM_FILE },
      HEAD,
    );
    fake.setPullFiles('acme/app', 33, [PATH]);
    const outcome = await preview(33, { layered: true });
    const shown = [
      fake.issueComments('acme/app', 33)[0]?.body ?? '',
      outcome.failure ?? '',
      ...infos,
      ...warnings,
    ].join('\n');
    expect(outcome.failure).toMatch(/^The policy in this pull request is invalid/);
    expect(shown).toContain(
      'github>acme/deploy-policy:secrets.yml is not a valid deploy-windows file',
    );
    expect(shown).not.toContain('deploy_key');
    expect(shown).not.toContain('sk_live_51Hx');
  });

  it('an extended policy that cannot be read makes the head invalid, as the gate would block', async () => {
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, BASE);
    fake.setFiles({ [PATH]: TEAM, 'policy/team.yml': TEAM_FILE }, HEAD);
    fake.setPullFiles('acme/app', 32, [PATH]);
    const outcome = await preview(32, { layered: true });
    expect(outcome.failure).toMatch(/^The policy in this pull request is invalid/);
    expect(outcome.failure).toContain('cannot read github>acme/deploy-policy:org.yml');
  });
});

describe('the one comment', () => {
  beforeEach(() => {
    fake.setFiles({ [PATH]: CONFIG }, BASE);
    fake.setFiles({ [PATH]: LATER }, HEAD);
  });

  it("never edits someone else's comment that carries the marker: writes its own beside it and warns", async () => {
    fake.setPullFiles('acme/app', 12, [PATH]);
    const planted = fake.addIssueComment('acme/app', 12, `${MARKER}\nlooks official`, 'mallory');
    const outcome = await preview(12);
    const comments = fake.issueComments('acme/app', 12);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ id: planted.id, body: `${MARKER}\nlooks official` });
    expect(comments[1]?.user.login).toBe('github-actions[bot]');
    expect(outcome.commentUrl).toBe(comments[1]?.html_url);
    expect(warnings.join('\n')).toMatch(/Left alone 1 comment by mallory/);
  });

  it('when a later push no longer changes the policy, the earlier comment says so; none is created otherwise', async () => {
    fake.setPullFiles('acme/app', 13, [PATH]);
    await preview(13);
    expect(fake.issueComments('acme/app', 13)).toHaveLength(1);

    fake.setFiles({ [PATH]: CONFIG }, HEAD);
    fake.setPullFiles('acme/app', 13, ['src/app.ts']);
    const outcome = await preview(13);
    const comments = fake.issueComments('acme/app', 13);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(
      'This pull request no longer changes the deploy window policy.',
    );
    expect(comments[0]?.body).not.toContain('```mermaid');
    expect(outcome).toMatchObject({ changed: false, commentUrl: comments[0]?.html_url });
  });

  it('a comment it cannot write is a warning; the outcome still carries the preview', async () => {
    fake.setPullFiles('acme/app', 14, [PATH]);
    fake.failNext('POST', /\/issues\/14\/comments$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });
    const outcome = await preview(14);
    expect(outcome).toMatchObject({ changed: true, commentUrl: null, failure: null });
    expect(outcome.markdown).toContain('### Deploy window changes');
    expect(warnings.join('\n')).toMatch(/pull-requests: write/);
  });
});

describe('failures', () => {
  it('a list of files the token may not read fails the step, saying what to grant', async () => {
    fake.failNext('GET', /\/pulls\/16\/files$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });
    const outcome = await preview(16);
    expect(outcome.failure).toMatch(/files of pull request #16 .*403.*pull-requests: read/);
    expect(fake.requestsTo('POST', /comments$/)).toEqual([]);
  });
});

describe('events', () => {
  it('a push event is not a pull request: the step fails saying which events it runs on', async () => {
    const outcome = await preview(1, { event: 'push' });
    expect(outcome.failure).toMatch(/runs on pull_request and pull_request_target events/);
    expect(fake.requests).toEqual([]);
  });

  it.each([
    [{ pull_request: { number: 3, base: { sha: BASE }, head: { sha: 'main' } } }, /head commit/],
    [
      { pull_request: { number: 3, base: { ref: '--upload-pack=x' }, head: { sha: HEAD } } },
      /base/,
    ],
    [{ pull_request: { number: '3', base: { sha: BASE }, head: { sha: HEAD } } }, /number/],
  ])('refuses a payload without a usable pull request: %j', (payload, why) => {
    const facts = pullRequestOfEvent('pull_request_target', payload);
    expect('error' in facts && facts.error).toMatch(why);
  });

  it('falls back to the base branch when the payload has no base sha', () => {
    expect(
      pullRequestOfEvent('pull_request', {
        pull_request: { number: 4, base: { ref: 'main' }, head: { sha: HEAD } },
      }),
    ).toEqual({ number: 4, base: 'main', head: HEAD });
  });
});
