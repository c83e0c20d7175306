// The CLI with policy layers, in-process: `check`, `validate` and `windows` read the files a
// config extends (plain paths from the working tree, `github>` from a fake GitHub on 127.0.0.1
// with GITHUB_TOKEN), and an unreadable source fails closed with exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace } from '../cli/run-cli.js';
import { runMain } from '../support/cli-in-process.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { startFakeGitLab } from '../support/fake-gitlab.js';
import { ORG_FREEZE, repositoryHours } from '../support/org-policies.js';

const TEAM_FREEZE = `version: 1
windows:
  - name: team-offsite
    kind: deny
    message: 'Team offsite: no deploys'
    start: 2026-12-10T00:00
    end: 2026-12-12T00:00
`;

/** `deploy-window <args>` in `cwd` with `env`, on Tuesday 1 December 2026. */
function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runMain(args, { cwd, env, now: Date.parse('2026-12-01T08:00:00Z') });
}

let github: FakeGitHub;
let env: Record<string, string>;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.setFiles({ 'org.yml': ORG_FREEZE }, 'v3');
  github.setFiles({ 'deploy-windows.yml': ORG_FREEZE }, 'main');
  env = { GITHUB_TOKEN: 'ghp_policyreader', GITHUB_API_URL: github.url };
});

afterAll(async () => {
  await github.close();
});

const ORG = 'github>acme/deploy-policy:org.yml#v3';
const checkAt = (at: string, ...more: string[]) => [
  'check',
  '--environment',
  'production',
  '--at',
  at,
  '--format',
  'json',
  ...more,
];

describe('check with layers', () => {
  it('blocks inside the org freeze although the repository allows, from the contents API at the tag', async () => {
    const repo = workspace({ 'deploy-windows.yml': repositoryHours([ORG]) });
    const before = github.requests.length;
    const result = await run(checkAt('2026-12-22T10:00:00Z'), repo, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const decision = JSON.parse(result.stdout);
    expect(decision).toMatchObject({
      allowed: false,
      blockingWindows: [`${ORG}#year-end-freeze`],
      message: 'Org freeze: ask #sre',
      nextOpen: '2027-01-04T08:00:00.000Z',
      layers: [
        { source: ORG, allowed: false, reason: 'inside-deny-window' },
        { source: 'deploy-windows.yml', allowed: true, reason: 'inside-allow-window' },
      ],
    });
    const reads = github.requests.slice(before).filter((r) => r.path.includes('/contents/'));
    expect(reads.map((r) => [r.path, r.query.ref, r.headers.authorization])).toEqual([
      ['/repos/acme/deploy-policy/contents/org.yml', 'v3', 'token ghp_policyreader'],
    ]);
  });

  it('lets an org-exempt user through, not a repo-exempt one', async () => {
    const repo = workspace({ 'deploy-windows.yml': repositoryHours([ORG]) });
    const alice = await run(checkAt('2026-12-22T10:00:00Z', '--actor', 'alice'), repo, env);
    expect(alice.code).toBe(0);
    expect(JSON.parse(alice.stdout)).toMatchObject({ allowed: true, exemptBy: 'user:alice' });
    const bob = await run(checkAt('2026-12-22T10:00:00Z', '--actor', 'bob'), repo, env);
    expect(bob.code).toBe(1);
    expect(JSON.parse(bob.stdout)).toMatchObject({ allowed: false, exempt: false });
  });

  it('reads the default branch when no #REF is given', async () => {
    const repo = workspace({
      'deploy-windows.yml': repositoryHours(['github>acme/deploy-policy']),
    });
    const before = github.requests.length;
    const result = await run(checkAt('2026-12-22T10:00:00Z'), repo, env);
    expect(result.code).toBe(1);
    const asked = github.requests.slice(before).map((r) => `${r.path}?ref=${r.query.ref ?? ''}`);
    expect(asked).toEqual([
      '/repos/acme/deploy-policy?ref=',
      '/repos/acme/deploy-policy/contents/deploy-windows.yml?ref=main',
    ]);
  });

  it('adds a team freeze from a plain path of the repository', async () => {
    const repo = workspace({
      'deploy-windows.yml': repositoryHours([ORG, './policy/team.yml']),
      'policy/team.yml': TEAM_FREEZE,
    });
    const result = await run(checkAt('2026-12-10T10:00:00Z'), repo, env);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      blockingWindows: ['./policy/team.yml#team-offsite'],
      message: 'Team offsite: no deploys',
      nextOpen: '2026-12-14T08:00:00.000Z',
    });
  });

  it('reads local> as the platform this runs on (GitHub Actions here)', async () => {
    const repo = workspace({
      'deploy-windows.yml': repositoryHours(['local>acme/deploy-policy:org.yml#v3']),
    });
    const result = await run(checkAt('2026-12-22T10:00:00Z'), repo, {
      ...env,
      GITHUB_ACTIONS: 'true',
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).blockingWindows).toEqual([
      'local>acme/deploy-policy:org.yml#v3#year-end-freeze',
    ]);
  });

  it('fails closed (exit 2) when the policy repository answers 404, naming source and grant', async () => {
    github.route('GET', /^\/repos\/acme\/gone\/contents\//, () => ({
      status: 404,
      body: { message: 'Not Found' },
    }));
    const repo = workspace({
      'deploy-windows.yml': repositoryHours(['github>acme/gone:org.yml#v3']),
    });
    const result = await run(checkAt('2026-12-18T10:00:00Z'), repo, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'error: deploy-windows.yml:4:5: extends[0]: cannot read github>acme/gone:org.yml#v3: org.yml is not found at v3 in acme/gone (404: no such file, or a repository the token cannot see); GITHUB_TOKEN needs read access to acme/gone (contents: read)',
    );
  });

  it('fails closed without GITHUB_TOKEN, saying what to set', async () => {
    const repo = workspace({ 'deploy-windows.yml': repositoryHours([ORG]) });
    const result = await run(checkAt('2026-12-18T10:00:00Z'), repo, {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set GITHUB_TOKEN to a token that can read acme/deploy-policy');
  });

  it('fails closed on a missing plain path and on local> outside a CI', async () => {
    const missing = await run(
      checkAt('2026-12-18T10:00:00Z'),
      workspace({ 'deploy-windows.yml': repositoryHours(['./policy/none.yml']) }),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read ./policy/none.yml: policy/none.yml is not found');
    const local = await run(
      checkAt('2026-12-18T10:00:00Z'),
      workspace({ 'deploy-windows.yml': repositoryHours(['local>acme/deploy-policy']) }),
    );
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('local> means the platform this run is on');
  });
});

describe('gitlab> sources', () => {
  it('reads a GitLab project file with GITLAB_TOKEN, at the ref or HEAD for the default branch', async () => {
    const gitlab = await startFakeGitLab();
    try {
      gitlab.addFiles({ 'org.yml': ORG_FREEZE }, 'main');
      // HEAD is the default branch, main.
      gitlab.addFiles({ 'deploy-windows.yml': TEAM_FREEZE }, 'main');
      const repo = workspace({
        'deploy-windows.yml': repositoryHours([
          'gitlab>platform/infra/deploy-policy:org.yml#main',
          'gitlab>platform/team-policy',
        ]),
      });
      const gitlabEnv = { GITLAB_TOKEN: gitlab.token, CI_API_V4_URL: gitlab.apiUrl };
      const frozen = await run(checkAt('2026-12-22T10:00:00Z'), repo, gitlabEnv);
      expect(frozen.stderr).toBe('');
      expect(JSON.parse(frozen.stdout).blockingWindows).toEqual([
        'gitlab>platform/infra/deploy-policy:org.yml#main#year-end-freeze',
      ]);
      const offsite = await run(checkAt('2026-12-10T10:00:00Z'), repo, gitlabEnv);
      expect(JSON.parse(offsite.stdout).blockingWindows).toEqual([
        'gitlab>platform/team-policy#team-offsite',
      ]);
      const reads = gitlab.requests
        .filter((request) => request.path.includes('/repository/files/'))
        .map((request) => `${request.path}?ref=${request.query.ref}`);
      // Two runs, each reading each source once (the fake shows paths decoded).
      expect(reads).toEqual([
        '/projects/platform/infra/deploy-policy/repository/files/org.yml/raw?ref=main',
        '/projects/platform/team-policy/repository/files/deploy-windows.yml/raw?ref=HEAD',
        '/projects/platform/infra/deploy-policy/repository/files/org.yml/raw?ref=main',
        '/projects/platform/team-policy/repository/files/deploy-windows.yml/raw?ref=HEAD',
      ]);
      const missing = await run(checkAt('2026-12-22T10:00:00Z'), repo, {});
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('set GITLAB_TOKEN to a token with the read_api scope');
    } finally {
      await gitlab.close();
    }
  });
});

describe('validate and windows with layers', () => {
  /** `windows` for production over four days from Friday 18 December 2026. */
  const fourDays = [
    'windows',
    '--environment',
    'production',
    '--from',
    '2026-12-18T00:00:00Z',
    '--days',
    '4',
  ];

  it('validate lists the layers and the windows each brings', async () => {
    const repo = workspace({
      'deploy-windows.yml': repositoryHours([ORG, './policy/team.yml']),
      'policy/team.yml': TEAM_FREEZE,
    });
    const result = await run(['validate'], repo, env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'deploy-windows.yml: valid (1 window, zone Europe/Berlin)',
        'Layers (3, outermost first; a deploy needs every layer to allow):',
        `  1. ${ORG}: 1 window: year-end-freeze; zone UTC; named ${ORG}#NAME`,
        '  2. ./policy/team.yml: 1 window: team-offsite; zone UTC; named ./policy/team.yml#NAME',
        '  3. deploy-windows.yml (this file): 1 window: business; zone Europe/Berlin; named as written',
        '',
      ].join('\n'),
    );
  });

  it('validate reports an invalid extended file under its source (exit 2)', async () => {
    const repo = workspace({
      'deploy-windows.yml': repositoryHours(['./policy/team.yml']),
      'policy/team.yml': 'version: 1\nwindows:\n  - name: x\n    kind: freeze\n',
    });
    const result = await run(['validate'], repo, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: ./policy/team.yml:4:11: windows[0].kind:');
  });

  it('windows lists every layer, its windows by source, and the time all allow', async () => {
    const repo = workspace({ 'deploy-windows.yml': repositoryHours([ORG]) });
    const json = await run([...fourDays, '--format', 'json'], repo, env);
    expect(json.code).toBe(0);
    const listing = JSON.parse(json.stdout);
    expect(listing.layers).toEqual([ORG, 'deploy-windows.yml']);
    expect(listing.open).toEqual([
      { start: '2026-12-18T08:00:00.000Z', end: '2026-12-18T16:00:00.000Z' },
    ]);
    expect(listing.deny).toEqual([
      {
        window: `${ORG}#year-end-freeze`,
        start: '2026-12-21T00:00:00.000Z',
        end: '2027-01-04T00:00:00.000Z',
        timezone: 'UTC',
      },
    ]);
    const text = await run(fourDays, repo, env);
    expect(text.stdout).toContain(
      `Layers (2, outermost first; open periods are when every layer allows):\n  1. ${ORG}\n  2. deploy-windows.yml\n`,
    );
    expect(text.stdout).toContain(`${ORG}#year-end-freeze: Mon 21 Dec 2026`);
  });

  it('windows --format ics merges the layers into one feed, with each window its message', async () => {
    const repo = workspace({ 'deploy-windows.yml': repositoryHours([ORG]) });
    const result = await run([...fourDays, '--format', 'ics'], repo, env);
    expect(result.code).toBe(0);
    const unfolded = result.stdout.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART:20261218T080000Z\r\nDTEND:20261218T160000Z');
    expect(unfolded).toContain(`SUMMARY:Deploy freeze: ${ORG}#year-end-freeze`);
    expect(unfolded).toContain('DESCRIPTION:Org freeze: ask #sre');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });
});

describe('gate with a policy from the working tree', () => {
  // A deploy-windows file (version: 1) with mistakes: its text may be shown where it is read.
  const SECRETS = 'version: 1\ndeploy_key: hunter2\ntimezone: "sk_live_51Hx"\nwindows: []\n';
  const gate = (repo: string, ...more: string[]) =>
    run(['gate', '--platform', 'local', '--environment', 'production', ...more], repo, env);

  it("cannot quote another repository's file through its errors; validate still shows them", async () => {
    github.setRepoFiles('acme/private', { 'secrets.yml': SECRETS });
    const repo = workspace({
      'deploy-windows.yml': repositoryHours(['github>acme/private:secrets.yml']),
    });
    const result = await gate(repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'github>acme/private:secrets.yml is not a valid deploy-windows file',
    );
    expect(result.stdout + result.stderr).not.toContain('deploy_key');
    expect(result.stdout + result.stderr).not.toContain('sk_live_51Hx');
    // The operator's own look at the same files keeps the details.
    const validate = await run(['validate'], repo, env);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('deploy_key');
  });
});

describe('an extends path that names a file other than a deploy-windows file', () => {
  // trust.md: no error quotes more than the config's own text. A change (or an earlier step of
  // the job) can point extends at any readable file: `.env`, a secrets file of another project.
  const ENV_FILE = 'DB_PASSWORD=hunter2secret\nAPI_TOKEN=ghp_abcdefSECRET\n';
  const MAP_FILE = 'password: hunter2secret\nnested: {token: ghp_abcdefSECRET}\n';
  const NO_VERSION = 'windows: ghp_abcdefSECRET\n';

  it('is refused without showing anything of it, by validate, check and gate', async () => {
    github.setRepoFiles('acme/private', { 'env.yml': ENV_FILE, 'map.yml': MAP_FILE });
    for (const [source, files] of [
      ['./.env', { '.env': ENV_FILE }],
      ['./secrets.yml', { 'secrets.yml': MAP_FILE }],
      ['./windows.yml', { 'windows.yml': NO_VERSION }],
      ['github>acme/private:env.yml', {}],
      ['github>acme/private:map.yml', {}],
    ] as const) {
      const repo = workspace({ 'deploy-windows.yml': repositoryHours([source]), ...files });
      for (const args of [
        ['validate'],
        checkAt('2026-12-22T10:00:00Z'),
        ['gate', '--platform', 'local', '--environment', 'production'],
      ]) {
        const result = await run(args, repo, env);
        const shown = result.stdout + result.stderr;
        expect(result.code, `${source} ${args[0]}`).toBe(2);
        expect(shown, `${source} ${args[0]}`).toContain('is not a deploy-windows file');
        expect(shown, `${source} ${args[0]}`).not.toMatch(/hunter2|SECRET|password|nested/);
      }
    }
  });
});
