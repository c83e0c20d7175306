import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, workspace } from '../cli/run-cli.js';
import { BLOCKED_AT, RUN_SHA, RUN_TOKEN, WEEKDAY_HOURS_UTC } from '../support/action-fixtures.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { actionBundle, nodeBinaries, type RunSetup, runAction } from './action-harness.js';

// Mon-Fri 09:00-17:00 UTC. 2026-11-23 is a Monday.
const CONFIG = `version: 1
timezone: UTC
message: "Deploys Mon-Fri 09:00-17:00 UTC. Exceptions: #release"
exempt:
  users: [alice]
  teams: [acme/release]
  codeowners: .github/deploy-windows.yml
${WEEKDAY_HOURS_UTC}`;
const ALLOWED_AT = '2026-11-23T10:00:00Z';
const EXEMPT_TOKEN = 'ghp_orgreader1234567890abcdefghijklmno';

let bundle = '';
beforeAll(() => {
  bundle = actionBundle();
}, 240_000);

describe.each(nodeBinaries())('the action bundle on $label', ({ path: node }) => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake.close();
  });

  /**
   * `files` go to the checkout and the default branch alike; `checkout` replaces the checkout
   * (a branch's own edits, or {} for a job without actions/checkout) and `policy` what the
   * default branch holds.
   */
  const run = (
    inputs: Record<string, string>,
    extra: Partial<Omit<RunSetup, 'bundle' | 'node' | 'apiUrl' | 'inputs'>> & {
      checkout?: Record<string, string>;
    } = {},
  ) =>
    runAction({
      bundle,
      node,
      apiUrl: fake.url,
      inputs: { environment: 'production', 'github-token': RUN_TOKEN, ...inputs },
      files: extra.checkout ?? { '.github/deploy-windows.yml': CONFIG, ...extra.files },
      policy: extra.policy ?? { '.github/deploy-windows.yml': CONFIG, ...extra.files },
      ...(extra.env ? { env: extra.env } : {}),
      ...(extra.event !== undefined ? { event: extra.event } : {}),
      ...(extra.onStart ? { onStart: extra.onStart } : {}),
    });

  it("blocked on a push: fails, comments on the commit's pull request with the next opening", async () => {
    fake.setCommitPulls('acme/app', RUN_SHA, [{ number: 12 }, { number: 3 }]);
    const result = await run({ at: BLOCKED_AT });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({
      allowed: 'false',
      reason: 'outside-allow-window',
      exempt: 'false',
      'next-open': '2026-11-23T09:00:00.000Z',
      'closes-at': '',
      'active-windows': '',
    });
    const decision = JSON.parse(result.outputs.decision ?? '{}');
    expect(decision).toMatchObject({
      allowed: false,
      environment: 'production',
      at: '2026-11-23T08:30:00.000Z',
    });
    // The `decision` output is the CLI's `check --format json` (docs/engine.md, "upcoming").
    const cli = await runCli(
      ['check', '--environment', 'production', '--at', BLOCKED_AT, '--format', 'json'],
      { cwd: workspace({ '.github/deploy-windows.yml': CONFIG }) },
    );
    expect(decision).toEqual(JSON.parse(cli.stdout));
    const comments = fake.issueComments('acme/app', 12);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toContain('<!-- deploy-window:production -->');
    expect(body).toContain('Deployment is blocked');
    expect(body).toContain('2026-11-23T09:00:00.000Z');
    expect(body).toContain('(UTC)');
    expect(body).toContain('alice');
    expect(result.outputs['comment-url']).toBe(comments[0]?.html_url);
    expect(result.stdout).toContain('::error::Deployment is blocked');
    expect(result.summary).toContain('Deployment is blocked');
    expect(result.summary).toContain('Next open periods');
    expect(result.summary).toContain('2026-11-23T09:00:00.000Z');
    // The timeline of the next 7 days, in the comment and the summary.
    expect(body).toMatch(/```mermaid\ngantt\n {2}title production next 7 days \(UTC\)\n/);
    expect(body).toContain('  blocked :milestone,');
    expect(body).toContain('  next opening :milestone, t6, 2026-11-23 09:00, 0m');
    expect(result.summary).toContain('### Next 7 days (UTC)');
    expect(result.summary).toMatch(/```mermaid\ngantt\n/);
    // The API base came from GITHUB_API_URL and the token was the input.
    const lookup = fake.requestsTo('GET', /\/commits\/.+\/pulls$/)[0];
    expect(lookup?.headers.authorization).toBe(`token ${RUN_TOKEN}`);
  });

  it('a later allowed run updates the same comment instead of leaving it stale', async () => {
    fake.setCommitPulls('acme/app', RUN_SHA, [{ number: 12 }]);
    await run({ at: BLOCKED_AT });
    const blocked = await run({ at: BLOCKED_AT });
    expect(blocked.code).toBe(1);
    expect(fake.issueComments('acme/app', 12)).toHaveLength(1);

    const allowed = await run({ at: ALLOWED_AT });
    expect(allowed.code).toBe(0);
    expect(allowed.outputs).toMatchObject({
      allowed: 'true',
      reason: 'inside-allow-window',
      'closes-at': '2026-11-23T17:00:00.000Z',
      'next-open': '',
      'active-windows': 'business-hours',
    });
    const comments = fake.issueComments('acme/app', 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).not.toContain('Deployment is blocked');
    expect(comments[0]?.body).toContain('went through');
    expect(allowed.outputs['comment-url']).toBe(comments[0]?.html_url);
    expect(fake.requestsTo('POST', /comments$/)).toHaveLength(1);
  });

  it('allowed with no earlier comment: posts nothing', async () => {
    fake.setCommitPulls('acme/app', RUN_SHA, [{ number: 12 }]);
    const result = await run({ at: ALLOWED_AT });
    expect(result.code).toBe(0);
    expect(result.outputs['comment-url']).toBe('');
    expect(fake.requestsTo('POST', /./)).toEqual([]);
    expect(result.summary).toContain('Allowed');
  });

  it('a push without a pull request gets a commit comment', async () => {
    const result = await run({ at: BLOCKED_AT });
    expect(result.code).toBe(1);
    const comments = fake.commitComments('acme/app', RUN_SHA);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('Deployment is blocked');
    expect(result.outputs['comment-url']).toContain(`/commit/${RUN_SHA}#commitcomment-`);
  });

  it("a pull_request event comments on the event's pull request", async () => {
    const result = await run(
      { at: BLOCKED_AT },
      {
        env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' },
        event: { action: 'synchronize', number: 7, pull_request: { number: 7 } },
      },
    );
    expect(result.code).toBe(1);
    expect(fake.issueComments('acme/app', 7)).toHaveLength(1);
    expect(fake.requestsTo('GET', /\/pulls$/)).toEqual([]);
  });

  it('comment: false writes no comment', async () => {
    const result = await run({ at: BLOCKED_AT, comment: 'false' });
    expect(result.code).toBe(1);
    expect(fake.requests.filter((request) => request.path.includes('comments'))).toEqual([]);
  });

  it('exempts the triggering actor listed in exempt.users', async () => {
    const result = await run(
      { at: BLOCKED_AT },
      { env: { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'alice' } },
    );
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ allowed: 'true', exempt: 'true', reason: 'exempt' });
    expect(JSON.parse(result.outputs.decision ?? '{}').exemptBy).toBe('user:alice');
    expect(result.summary).toContain('exempt');
  });

  /** carol, an active member of acme/release, starts the run at `at`; teams read with EXEMPT_TOKEN. */
  const runAsTeamMember = (at: string) => {
    fake.addTeamMember('acme/release', 'carol');
    return run(
      { at, 'exempt-token': EXEMPT_TOKEN },
      { env: { GITHUB_ACTOR: 'carol', GITHUB_TRIGGERING_ACTOR: 'carol' } },
    );
  };

  it('exempts an active member of an exempt team, looked up with the exempt-token', async () => {
    const result = await runAsTeamMember(BLOCKED_AT);
    expect(result.code).toBe(0);
    expect(result.outputs.exempt).toBe('true');
    const lookup = fake.requestsTo('GET', /^\/orgs\/acme\/teams\/release\/memberships\/carol$/);
    expect(lookup[0]?.headers.authorization).toBe(`token ${EXEMPT_TOKEN}`);
  });

  it('inside a window an exempt team member gets reason exempt, and no override is recorded', async () => {
    const result = await runAsTeamMember(ALLOWED_AT);
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      allowed: 'true',
      exempt: 'true',
      reason: 'exempt',
      'closes-at': '2026-11-23T17:00:00.000Z',
      'active-windows': 'business-hours',
    });
    const decision = JSON.parse(result.outputs.decision ?? '{}');
    expect(decision).toMatchObject({ exemptBy: 'team:acme/release', override: null });
    expect(fake.requestsTo('POST', /\/deployments$/)).toEqual([]);
  });

  it('a team look-up the token may not make warns about read:org and does not exempt', async () => {
    fake.route('GET', /^\/orgs\/acme\/teams\//, () => ({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    }));
    const result = await run({ at: BLOCKED_AT });
    expect(result.code).toBe(1);
    expect(result.outputs.exempt).toBe('false');
    expect(result.stdout).toMatch(/::warning::.*read:org/);
  });

  it('exempts an owner of the exempt.codeowners path, directly or through a team', async () => {
    const codeowners = '* @acme/everyone\n.github/ @dave @acme/ops ops@acme.example\n';
    const direct = await run(
      { at: BLOCKED_AT },
      { files: { '.github/CODEOWNERS': codeowners }, env: { GITHUB_TRIGGERING_ACTOR: 'Dave' } },
    );
    expect(direct.code).toBe(0);
    expect(JSON.parse(direct.outputs.decision ?? '{}').exemptBy).toBe('codeowners:@dave');

    fake.addTeamMember('acme/ops', 'erin');
    fake.addTeamMember('acme/everyone', 'frank');
    const viaTeam = await run(
      { at: BLOCKED_AT },
      { files: { '.github/CODEOWNERS': codeowners }, env: { GITHUB_TRIGGERING_ACTOR: 'erin' } },
    );
    expect(viaTeam.code).toBe(0);
    expect(JSON.parse(viaTeam.outputs.decision ?? '{}').exemptBy).toBe('codeowners:@acme/ops');

    // The earlier `*` rule is overridden by the later one: frank owns nothing here.
    const notOwner = await run(
      { at: BLOCKED_AT },
      { files: { '.github/CODEOWNERS': codeowners }, env: { GITHUB_TRIGGERING_ACTOR: 'frank' } },
    );
    expect(notOwner.code).toBe(1);
  });

  it('warn mode: succeeds with a warning, outputs say blocked', async () => {
    const result = await run({ at: BLOCKED_AT, mode: 'warn' });
    expect(result.code).toBe(0);
    expect(result.outputs.allowed).toBe('false');
    expect(result.stdout).toMatch(/::warning::Deployment is blocked/);
    expect(fake.commitComments('acme/app', RUN_SHA)).toHaveLength(1);
  });

  it('wait mode beyond max-wait fails at once, saying why', async () => {
    const result = await run({ at: '2026-11-27T17:30:00Z', mode: 'wait', 'max-wait': '2h' });
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(15_000);
    expect(result.stdout).toContain('beyond max-wait (2h)');
    expect(result.outputs['next-open']).toBe('2026-11-30T09:00:00.000Z');
  });

  it('wait mode within max-wait sleeps until the opening and passes', async () => {
    const result = await run({ at: '2026-11-23T08:59:58Z', mode: 'wait', 'max-wait': '10m' });
    expect(result.code).toBe(0);
    expect(result.ms).toBeGreaterThanOrEqual(2_000);
    expect(result.stdout).toContain('Waiting for the window to open');
    expect(result.outputs.allowed).toBe('true');
    // Judged again once the sleep ended: at the opening (plus the timer's lateness).
    const judgedAt = Date.parse(JSON.parse(result.outputs.decision ?? '{}').at);
    expect(judgedAt).toBeGreaterThanOrEqual(Date.parse('2026-11-23T09:00:00Z'));
    expect(judgedAt).toBeLessThan(Date.parse('2026-11-23T09:00:01Z'));
  });

  it('a cancelled wait (SIGINT) stops at once, exits non-zero and says so on the comment', async () => {
    const result = await run(
      { at: '2026-11-23T08:50:00Z', mode: 'wait', 'max-wait': '1h' },
      {
        onStart: (child, stdout) => {
          const timer = setInterval(() => {
            if (stdout().includes('Waiting for the window')) {
              clearInterval(timer);
              child.kill('SIGINT');
            }
          }, 50);
          child.on('close', () => clearInterval(timer));
        },
      },
    );
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(20_000);
    const comments = fake.commitComments('acme/app', RUN_SHA);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('the wait was cancelled');
    expect(result.stdout).toContain('cancelled');
  });

  it('loads the holiday data the bundle ships beside it (a holidays deny window)', async () => {
    const withHolidays = `${CONFIG}  - name: public-holidays
    kind: deny
    holidays: { country: DE }
`;
    const result = await run(
      { at: '2026-12-25T10:00:00Z' }, // a Friday, Christmas Day
      { files: { '.github/deploy-windows.yml': withHolidays } },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.outputs).toMatchObject({
      reason: 'inside-deny-window',
      'next-open': '2026-12-28T09:00:00.000Z',
    });
  });

  it('an invalid config fails the step even in warn mode, naming file, line and key', async () => {
    const result = await run(
      { at: ALLOWED_AT, mode: 'warn' },
      {
        files: {
          '.github/deploy-windows.yml': CONFIG.replace('timezone: UTC', 'timezone: Europe/Berln'),
        },
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/::error::.*\.github\/deploy-windows\.yml:2/);
    expect(result.stdout).toContain('Europe/Berlin');
    expect(result.outputs.allowed).toBe('false');
    // Nothing written: no comment, no record.
    expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a bad input fails the step with a clear message', async () => {
    const result = await run({ mode: 'sometimes' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::Input "mode" is "sometimes"');
    const noOffset = await run({ at: '2026-11-23T10:00' });
    expect(noOffset.code).toBe(1);
    expect(noOffset.stdout).toContain('no UTC offset');
  });

  it('never prints the tokens (only masks them)', async () => {
    const result = await run(
      { at: BLOCKED_AT, 'exempt-token': EXEMPT_TOKEN },
      { env: { GITHUB_TRIGGERING_ACTOR: 'carol' } },
    );
    const lines = `${result.stdout}\n${result.stderr}`.split('\n');
    const leaking = lines.filter(
      (line) =>
        (line.includes(RUN_TOKEN) || line.includes(EXEMPT_TOKEN)) &&
        !line.startsWith('::add-mask::'),
    );
    expect(leaking).toEqual([]);
    expect(lines).toContain(`::add-mask::${RUN_TOKEN}`);
  });

  it('retries a 502 from the API and still posts the comment', async () => {
    fake.failNext('POST', /\/commits\/.+\/comments$/, 502, 1);
    const result = await run({ at: BLOCKED_AT });
    expect(result.code).toBe(1);
    expect(fake.commitComments('acme/app', RUN_SHA)).toHaveLength(1);
    expect(fake.requestsTo('POST', /\/commits\/.+\/comments$/)).toHaveLength(2);
  });

  describe('the policy comes from the default branch', () => {
    const ALLOW_EVERYTHING = 'version: 1\ntimezone: UTC\nwindows: []\n';
    const onBranch = {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_REF: 'refs/heads/open-sesame',
    };
    const dispatchEvent = {
      ref: 'refs/heads/open-sesame',
      repository: { full_name: 'acme/app', default_branch: 'main' },
    };

    it('works without actions/checkout: an empty workspace, the policy read by API', async () => {
      const blocked = await run({ at: BLOCKED_AT }, { checkout: {} });
      expect(blocked.code, blocked.stderr).toBe(1);
      expect(blocked.outputs).toMatchObject({ allowed: 'false', reason: 'outside-allow-window' });
      expect(fake.commitComments('acme/app', RUN_SHA)).toHaveLength(1);
      const read = fake.requestsTo('GET', /\/contents\/\.github\/deploy-windows\.yml$/)[0];
      expect(read?.query.ref).toBe('main');
      expect(read?.headers.authorization).toBe(`token ${RUN_TOKEN}`);

      const allowed = await run({ at: ALLOWED_AT }, { checkout: {} });
      expect(allowed.code).toBe(0);
      expect(allowed.outputs.allowed).toBe('true');
    });

    it('a branch that rewrites the config to allow everything is blocked, and told why', async () => {
      const result = await run(
        { at: BLOCKED_AT },
        {
          checkout: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
          env: onBranch,
          event: dispatchEvent,
        },
      );
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ allowed: 'false', reason: 'outside-allow-window' });
      // One notice line, in the words of docs/security.md ("1. The policy comes from a protected ref").
      expect(result.stdout).toContain(
        '::notice::this change edits the deploy windows; the edits apply once merged into main (.github/deploy-windows.yml; this run is decided by the policy at main)\n',
      );
      expect(fake.requestsTo('GET', /^\/repos\/acme\/app$/)).toEqual([]);
    });

    it('a branch that adds itself to CODEOWNERS is not exempt', async () => {
      const result = await run(
        { at: BLOCKED_AT },
        {
          checkout: { '.github/deploy-windows.yml': CONFIG, '.github/CODEOWNERS': '* @mallory\n' },
          policy: { '.github/deploy-windows.yml': CONFIG, '.github/CODEOWNERS': '* @acme/ops\n' },
          env: { ...onBranch, GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' },
          event: dispatchEvent,
        },
      );
      expect(result.code).toBe(1);
      expect(result.outputs.exempt).toBe('false');
    });
  });
  describe('command: preview on a pull request', () => {
    const BASE = 'ba5e000000000000000000000000000000000001';
    const HEAD = 'feed000000000000000000000000000000000001';
    const NEXT_PUSH = 'feed000000000000000000000000000000000002';
    // Monday 2026-11-23 00:00 UTC: the 14 days compared start here.
    const FROM = '2026-11-23T00:00:00Z';
    const LATER = CONFIG.replace('"09:00-17:00"', '"10:00-18:00"');
    const LATER_STILL = CONFIG.replace('"09:00-17:00"', '"11:00-18:00"');
    const PATH = '.github/deploy-windows.yml';

    const pullEvent = (number: number, head: string) => ({
      action: 'synchronize',
      number,
      pull_request: {
        number,
        base: { ref: 'main', sha: BASE },
        head: { ref: 'feature/later', sha: head },
      },
    });
    /** The action as a pull request workflow runs it: no checkout, the policy read by API. */
    const preview = (number: number, head: string, inputs: Record<string, string> = {}) =>
      run(
        { command: 'preview', at: FROM, environment: '', ...inputs },
        {
          checkout: {},
          policy: null,
          env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge` },
          event: pullEvent(number, head),
        },
      );

    it('a pull request that changes the policy gets one comment with the gained and lost periods and a gantt chart', async () => {
      fake.setFiles({ [PATH]: CONFIG }, BASE);
      fake.setFiles({ [PATH]: LATER, 'src/app.ts': 'x' }, HEAD);
      fake.setPullFiles('acme/app', 21, ['src/app.ts', PATH]);
      const result = await preview(21, HEAD);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const comments = fake.issueComments('acme/app', 21);
      expect(comments).toHaveLength(1);
      const body = comments[0]?.body ?? '';
      expect(body).toContain('<!-- deploy-window:preview -->');
      expect(body).toContain('### Deploy window changes');
      expect(body).toContain('#### production (UTC)');
      // Mon 23 Nov: 17:00-18:00 gained, 09:00-10:00 lost; the same each weekday.
      expect(body).toContain(
        '| opens | Mon 23 Nov 2026 17:00 UTC to 18:00 UTC | 2026-11-23T17:00:00.000Z | 2026-11-23T18:00:00.000Z |',
      );
      expect(body).toContain(
        '| closes | Mon 23 Nov 2026 09:00 UTC to 10:00 UTC | 2026-11-23T09:00:00.000Z | 2026-11-23T10:00:00.000Z |',
      );
      expect(body.match(/^\| opens \|/gm)).toHaveLength(10);
      expect(body.match(/^\| closes \|/gm)).toHaveLength(10);
      expect(body).toMatch(
        /```mermaid\ngantt\n[\s\S]*section before[\s\S]*section after[\s\S]*```/,
      );
      expect(body).toContain(`\`${PATH}\``);
      expect(result.outputs).toEqual({ changed: 'true', 'comment-url': comments[0]?.html_url });
      expect(result.summary).toContain('### Deploy window changes');
      // The policy came from the two commits, never from the default branch or a checkout.
      const refs = fake
        .requestsTo('GET', /\/contents\//)
        .map((request) => request.query.ref)
        .sort();
      expect(new Set(refs)).toEqual(new Set([BASE, HEAD]));
    });

    it('a second push with another change updates the same comment', async () => {
      fake.setFiles({ [PATH]: CONFIG }, BASE);
      fake.setFiles({ [PATH]: LATER }, HEAD);
      fake.setFiles({ [PATH]: LATER_STILL }, NEXT_PUSH);
      fake.setPullFiles('acme/app', 21, [PATH]);
      const first = await preview(21, HEAD);
      expect(first.code).toBe(0);
      const second = await preview(21, NEXT_PUSH);
      expect(second.code).toBe(0);
      const comments = fake.issueComments('acme/app', 21);
      expect(comments).toHaveLength(1);
      const body = comments[0]?.body ?? '';
      // Now 09:00-11:00 is lost each weekday, and the comment names the new head.
      expect(body).toContain(
        '| closes | Mon 23 Nov 2026 09:00 UTC to 11:00 UTC | 2026-11-23T09:00:00.000Z | 2026-11-23T11:00:00.000Z |',
      );
      expect(body).not.toContain('09:00 UTC to 10:00 UTC');
      expect(body).toContain('`feed00000000`');
      expect(fake.requestsTo('POST', /\/issues\/21\/comments$/)).toHaveLength(1);
      expect(fake.requestsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
      expect(second.outputs['comment-url']).toBe(comments[0]?.html_url);
    });

    it('with extends, compares what every layer allows, reading the org policy with policy-token', async () => {
      // The org's file allows weekdays 09:00-17:00 (CONFIG); the pull request opens its own
      // file all day, every day, which gains nothing under the org's hours.
      const orgSource = 'github>acme/deploy-policy:org.yml#v3';
      const team = (time: string) =>
        `version: 1\ntimezone: UTC\nextends: [${orgSource}]\nwindows:\n  - { name: team, environments: [production], time: "${time}" }\n`;
      fake.setRepoFiles('acme/deploy-policy', { 'org.yml': CONFIG }, 'v3');
      fake.setFiles({ [PATH]: team('09:00-17:00') }, BASE);
      fake.setFiles({ [PATH]: team('00:00-24:00') }, HEAD);
      fake.setPullFiles('acme/app', 23, [PATH]);
      const result = await preview(23, HEAD, { 'policy-token': 'github_pat_orgreader1234' });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const body = fake.issueComments('acme/app', 23)[0]?.body ?? '';
      expect(body).toContain('This change moves no open time');
      const orgReads = fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy\/contents\//);
      expect(orgReads.length).toBeGreaterThan(0);
      for (const read of orgReads) {
        expect(read.headers.authorization).toMatch(/github_pat_orgreader1234$/);
      }
    });

    it('a pull request that extends a repository the base does not read: not read, and the comment says so', async () => {
      fake.setRepoFiles('acme/private', { 'deploy-windows.yml': CONFIG });
      fake.setFiles({ [PATH]: CONFIG }, BASE);
      fake.setFiles(
        { [PATH]: CONFIG.replace('windows:', 'extends: [github>acme/private]\nwindows:') },
        HEAD,
      );
      fake.setPullFiles('acme/app', 24, [PATH]);
      const result = await preview(24, HEAD, { 'policy-token': 'github_pat_orgreader1234' });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(fake.requestsTo('GET', /^\/repos\/acme\/private\//)).toEqual([]);
      const body = fake.issueComments('acme/app', 24)[0]?.body ?? '';
      expect(body).toContain(
        'makes the policy extend `github>acme/private`, in a repository the policy at the base does not read',
      );
      expect(result.outputs.changed).toBe('true');
    });

    it('with preview-repositories, reads the org policy that a first config extends', async () => {
      fake.setRepoFiles('acme/rollout', { 'deploy-windows.yml': CONFIG });
      fake.setFiles({ 'README.md': 'app' }, BASE);
      fake.setFiles(
        { [PATH]: CONFIG.replace('windows:', 'extends: [github>acme/rollout]\nwindows:') },
        HEAD,
      );
      fake.setPullFiles('acme/app', 25, [PATH]);
      const result = await preview(25, HEAD, { 'preview-repositories': 'github>acme/rollout' });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(fake.requestsTo('GET', /^\/repos\/acme\/rollout\/contents\//).length).toBe(1);
      const body = fake.issueComments('acme/app', 25)[0]?.body ?? '';
      expect(body).toMatch(/^\| opens \|/m);
      expect(body).not.toContain('does not read');
    });

    it('a pull request that does not change the policy gets no comment', async () => {
      fake.setFiles({ [PATH]: CONFIG }, BASE);
      fake.setFiles({ [PATH]: CONFIG, 'README.md': 'new' }, HEAD);
      fake.setPullFiles('acme/app', 22, ['README.md']);
      const result = await preview(22, HEAD);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(fake.issueComments('acme/app', 22)).toEqual([]);
      expect(fake.requestsTo('POST', /comments$/)).toEqual([]);
      expect(result.outputs).toEqual({ changed: 'false', 'comment-url': '' });
      expect(result.stdout).toContain('does not change the deploy window policy');
    });

    it('an invalid policy in the pull request fails the step, and the comment shows the errors escaped', async () => {
      fake.setFiles({ [PATH]: CONFIG }, BASE);
      fake.setFiles(
        { [PATH]: CONFIG.replace('timezone: UTC', 'timezone: "Mars/<b>Olympus</b>"') },
        HEAD,
      );
      fake.setPullFiles('acme/app', 23, [PATH]);
      const result = await preview(23, HEAD);
      expect(result.code).toBe(1);
      const body = fake.issueComments('acme/app', 23)[0]?.body ?? '';
      expect(body).toContain('The policy in this pull request is invalid');
      expect(body).toMatch(/\.github\/deploy-windows\.yml:2:\d+: timezone: /);
      expect(body).toContain('Mars/&lt;b&gt;Olympus&lt;/b&gt;');
      expect(body).not.toContain('<b>');
      expect(result.outputs.changed).toBe('true');
      expect(result.stdout).toMatch(/::error::The policy in this pull request is invalid/);
    });
  });
});
