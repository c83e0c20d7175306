// The GitHub platform under the real gate and engine, against the fake GitHub API.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PREVIEW_MARKER } from '../../src/core/render/diff.js';
import type { GateMode, PlatformTokens } from '../../src/gate/types.js';
import { COMMENT_BODY_LIMIT } from '../../src/github/comment.js';
import { startFakeGitHub } from '../support/fake-github.js';
import { runGitHubGate } from '../support/github-gate.js';
import { perTest } from '../support/per-test.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
message: "Deploys Mon-Fri 09:00-17:00 Berlin"
exempt:
  users: [alice]
  teams: [acme/release]
  codeowners: .github/deploy-windows.yml
windows:
  - name: business-hours
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;
/** What a branch might commit to open its own gate. */
const ALLOW_EVERYTHING = 'version: 1\ntimezone: UTC\nwindows: []\n';
const SHA = 'f00d000000000000000000000000000000000002';
const BLOCKED = '2026-11-23T07:30:00Z'; // 08:30 in Berlin
const ALLOWED = '2026-11-23T10:00:00Z';

describe('the GitHub platform', () => {
  const fake = perTest(startFakeGitHub);

  async function gate(
    at: string,
    overrides: {
      actor?: string | null;
      environment?: string;
      /** The checkout. */
      files?: Record<string, string>;
      /** Files at the default branch (default: the same as the checkout's). */
      policy?: Record<string, string>;
      policyRef?: string | null;
      mode?: GateMode;
      event?: unknown;
      env?: Record<string, string>;
      /** The platform context's tokens (default: as `deploy-window gate` reads them from env). */
      tokens?: PlatformTokens;
    } = {},
  ) {
    const files = { '.github/deploy-windows.yml': CONFIG, ...overrides.files };
    return runGitHubGate({
      fake,
      at,
      checkout: files,
      policy: overrides.policy ?? files,
      options: {
        policyRef: overrides.policyRef ?? null,
        environment: overrides.environment ?? 'production',
        mode: overrides.mode ?? 'fail',
        actor: overrides.actor === undefined ? 'bob' : overrides.actor,
      },
      event: overrides.event,
      env: {
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_SHA: SHA,
        GITHUB_EVENT_NAME: 'push',
        DEPLOY_WINDOW_TOKEN: 'ghs_token',
        ...overrides.env,
      },
      tokens: overrides.tokens,
    });
  }

  it("blocked: comments on the commit, writes outputs and a summary in the window's zone", async () => {
    const { result, outputs, summary } = await gate(BLOCKED);
    expect(result.exitCode).toBe(1);
    const [comment] = fake.commitComments('acme/app', SHA);
    expect(comment?.body).toContain('Deployment is blocked');
    expect(comment?.body).toContain('2026-11-23T08:00:00.000Z');
    expect(comment?.body).toContain('Europe/Berlin');
    expect(outputs).toMatchObject({
      allowed: 'false',
      'next-open': '2026-11-23T08:00:00.000Z',
      'comment-url': comment?.html_url,
    });
    expect(summary).toContain('Deployment is blocked');
    expect(summary).toContain('Mon 23 Nov 2026 09:00 CET');
    expect(summary).toContain('<code>2026-11-23T08:00:00.000Z</code>');
  });

  it('team exemption uses the exempt token; a pending membership does not count', async () => {
    fake.addTeamMember('acme/release', 'carol', 'pending');
    const pending = await gate(BLOCKED, {
      actor: 'carol',
      env: { DEPLOY_WINDOW_EXEMPT_TOKEN: 'ghp_reader' },
    });
    expect(pending.result.exitCode).toBe(1);
    fake.addTeamMember('acme/release', 'carol', 'active');
    const active = await gate(BLOCKED, {
      actor: 'carol',
      env: { DEPLOY_WINDOW_EXEMPT_TOKEN: 'ghp_reader' },
    });
    expect(active.result.decision?.exemptBy).toBe('team:acme/release');
    const lookups = fake.requestsTo('GET', /memberships\/carol$/);
    expect(lookups.every((request) => request.headers.authorization === 'token ghp_reader')).toBe(
      true,
    );
  });

  it('CODEOWNERS: a team owner is resolved with the team look-up; emails never match', async () => {
    const files = { 'docs/CODEOWNERS': '.github/deploy-windows.yml @acme/sre ops@acme.example\n' };
    fake.addTeamMember('acme/sre', 'erin');
    fake.addTeam('acme/release');
    const erin = await gate(BLOCKED, { actor: 'erin', files });
    expect(erin.result.decision?.exemptBy).toBe('codeowners:@acme/sre');
    const byEmail = await gate(BLOCKED, { actor: 'ops', files });
    expect(byEmail.result.exitCode).toBe(1);
  });

  it('CODEOWNERS missing: a warning, not exempt', async () => {
    fake.addTeam('acme/release');
    const { result, log } = await gate(BLOCKED, { actor: 'dave' });
    expect(result.exitCode).toBe(1);
    expect(log).toContain('warning: exempt.codeowners is set, but there is no CODEOWNERS file');
  });

  it('a team look-up that fails (403) warns about read:org and never exempts', async () => {
    fake.route('GET', /^\/orgs\//, () => ({ status: 403, body: { message: 'Forbidden' } }));
    const { result, log } = await gate(BLOCKED, {
      actor: 'carol',
      files: { CODEOWNERS: '* @acme/release\n' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.decision?.exempt).toBe(false);
    expect(log).toMatch(/warning: Could not check whether carol is in acme\/release .*read:org/);
  });

  it('allowed after a block: the same comment is updated, no second one', async () => {
    await gate(BLOCKED);
    const { result, outputs } = await gate(ALLOWED);
    expect(result.exitCode).toBe(0);
    const comments = fake.commitComments('acme/app', SHA);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('went through');
    expect(outputs['comment-url']).toBe(comments[0]?.html_url);
  });

  it('notes of different environments stay separate', async () => {
    await gate(BLOCKED);
    await gate(BLOCKED, { environment: 'staging' });
    await gate(ALLOWED, { environment: 'staging' });
    const bodies = fake.commitComments('acme/app', SHA).map((comment) => comment.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('<!-- deploy-window:production -->');
    expect(bodies[0]).toContain('Deployment is blocked');
    expect(bodies[1]).toContain('<!-- deploy-window:staging -->');
    expect(bodies[1]).toContain('went through');
  });

  it('without a token: the decision stands, the note is skipped with a warning', async () => {
    const { result, log } = await gate(BLOCKED, {
      env: { DEPLOY_WINDOW_TOKEN: '' },
      actor: null,
      policyRef: 'workspace',
    });
    expect(result.exitCode).toBe(1);
    expect(log).toContain('warning: No comment written');
    expect(fake.requests).toEqual([]);
  });

  it('uses only the tokens in its context, never a token left in the environment', async () => {
    const { result, log } = await gate(BLOCKED, {
      env: { DEPLOY_WINDOW_TOKEN: 'ghs_token', GITHUB_TOKEN: 'ghs_token' },
      tokens: { api: null, exempt: null, job: null },
      actor: null,
      policyRef: 'workspace',
    });
    expect(result.exitCode).toBe(1);
    expect(log).toContain('warning: No comment written');
    expect(fake.requests).toEqual([]);
  });

  describe('the policy comes from the default branch, not from the change', () => {
    it('a checkout that allows everything is blocked by the policy at main, and told so', async () => {
      const { result, log } = await gate(BLOCKED, {
        files: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
        policy: { '.github/deploy-windows.yml': CONFIG },
      });
      expect(result.exitCode).toBe(1);
      expect(result.decision?.reason).toBe('outside-allow-window');
      expect(log).toContain('the edits apply once merged into main');
      const reads = fake.requestsTo('GET', /\/contents\/\.github\/deploy-windows\.yml$/);
      expect(reads.map((request) => request.query.ref)).toEqual(['main']);
      expect(reads[0]?.headers.authorization).toBe('token ghs_token');
    });

    it('a policy-ref that is both a branch and a tag is refused: whoever made the other would choose', async () => {
      // The protected tag holds the policy; anyone who may push a branch made one of its name.
      fake.setFiles({ '.github/deploy-windows.yml': CONFIG }, 'refs/tags/policy-v2');
      fake.setFiles({ '.github/deploy-windows.yml': ALLOW_EVERYTHING }, 'policy-v2');
      const ambiguous = await gate(BLOCKED, { policyRef: 'policy-v2' });
      expect(ambiguous.result.exitCode).toBe(2);
      expect(ambiguous.log).toContain('names both a branch and a tag');
      expect(ambiguous.log).toContain('refs/tags/policy-v2');
      // Named in full, it is the tag's policy that decides.
      const tag = await gate(BLOCKED, { policyRef: 'refs/tags/policy-v2' });
      expect(tag.result.exitCode).toBe(1);
      expect(tag.result.decision?.reason).toBe('outside-allow-window');
    });

    it('a policy-ref given as an abbreviated commit id is refused once a branch has that name', async () => {
      // GitHub reads a branch or tag before a commit id, and anyone who may push may make one.
      fake.setFiles({ '.github/deploy-windows.yml': ALLOW_EVERYTHING }, '3f2a9c1');
      const { result, log } = await gate(BLOCKED, { policyRef: '3f2a9c1' });
      expect(result.exitCode).toBe(2);
      expect(log).toContain(
        "the ref 3f2a9c1 looks like an abbreviated commit id and names a branch of acme/app; give the commit's full id, or the branch in full (refs/heads/3f2a9c1)",
      );
    });

    it('a policy-ref that is only a tag (or only a branch) is read by its short name', async () => {
      fake.setFiles({ '.github/deploy-windows.yml': CONFIG }, 'refs/tags/policy-v3');
      const { result } = await gate(BLOCKED, { policyRef: 'policy-v3' });
      expect(result.exitCode).toBe(1);
      expect(result.decision?.reason).toBe('outside-allow-window');
    });

    it('a failed branch-or-tag look-up fails closed', async () => {
      fake.setFiles({ '.github/deploy-windows.yml': ALLOW_EVERYTHING }, 'policy-v4');
      fake.failNext('GET', /\/git\/ref\/tags\//, 403, 10);
      const { result, log } = await gate(BLOCKED, { policyRef: 'policy-v4' });
      expect(result.exitCode).toBe(2);
      expect(log).toContain('policy-v4');
    });

    it('the same config in the checkout and at main: no notice', async () => {
      const { log } = await gate(BLOCKED);
      expect(log).not.toContain('apply once merged');
    });

    it('a CODEOWNERS the change adds in its checkout does not exempt', async () => {
      fake.addTeam('acme/release');
      const { result } = await gate(BLOCKED, {
        actor: 'mallory',
        files: { CODEOWNERS: '* @mallory\n' },
        policy: { '.github/deploy-windows.yml': CONFIG, CODEOWNERS: '* @acme/ops\n' },
      });
      expect(result.exitCode).toBe(1);
      expect(result.decision?.exempt).toBe(false);
    });

    it('the CODEOWNERS at main decides, even with none in the checkout', async () => {
      fake.addTeam('acme/release');
      const { result } = await gate(BLOCKED, {
        actor: 'dave',
        policy: { '.github/deploy-windows.yml': CONFIG, '.github/CODEOWNERS': '.github/ @dave\n' },
      });
      expect(result.decision?.exemptBy).toBe('codeowners:@dave');
    });

    it("the default branch is the event payload's repository.default_branch", async () => {
      fake.state.defaultBranch = 'trunk';
      const { result } = await gate(BLOCKED, {
        event: { repository: { full_name: 'acme/app', default_branch: 'trunk' } },
      });
      expect(result.exitCode).toBe(1);
      expect(fake.requestsTo('GET', /\/contents\//)[0]?.query.ref).toBe('trunk');
      expect(fake.requestsTo('GET', /^\/repos\/acme\/app$/)).toEqual([]);
    });

    it('without it in the payload, GET /repos/{owner}/{repo} names the default branch', async () => {
      fake.state.defaultBranch = 'trunk';
      const { result, log } = await gate(BLOCKED, {
        files: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
        policy: { '.github/deploy-windows.yml': CONFIG },
      });
      expect(result.exitCode).toBe(1);
      expect(fake.requestsTo('GET', /^\/repos\/acme\/app$/)).toHaveLength(1);
      expect(log).toContain('apply once merged into trunk');
    });

    it('policy-ref names another ref', async () => {
      fake.setFiles({ '.github/deploy-windows.yml': CONFIG }, 'refs/tags/policy-v2');
      const { result } = await gate(BLOCKED, {
        policyRef: 'refs/tags/policy-v2',
        files: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
        policy: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
      });
      expect(result.exitCode).toBe(1);
      expect(fake.requestsTo('GET', /\/contents\//)[0]?.query.ref).toBe('refs/tags/policy-v2');
    });

    it('policy-ref: workspace reads the checkout, trusting the change', async () => {
      const { result } = await gate(BLOCKED, {
        policyRef: 'workspace',
        files: { '.github/deploy-windows.yml': ALLOW_EVERYTHING },
        policy: { '.github/deploy-windows.yml': CONFIG },
      });
      expect(result.exitCode).toBe(0);
      expect(fake.requestsTo('GET', /\/contents\//)).toEqual([]);
    });

    it('a policy the token may not read fails closed even in warn mode, saying what to grant', async () => {
      fake.route('GET', /\/contents\//, () => ({
        status: 403,
        body: { message: 'Resource not accessible by integration' },
      }));
      const { result, log, outputs } = await gate(ALLOWED, { mode: 'warn' });
      expect(result.exitCode).toBe(2);
      expect(outputs.allowed).toBe('false');
      expect(log).toMatch(/error: .*\.github\/deploy-windows\.yml.*at main.*contents: read/);
    });

    it('a policy ref that does not exist fails closed, naming it', async () => {
      const { result, log } = await gate(ALLOWED, { policyRef: 'no-such-branch' });
      expect(result.exitCode).toBe(2);
      expect(log).toContain(
        'there is no ref "no-such-branch" in acme/app (GitHub answered 404: no commit found for the ref); set policy-ref to a branch, tag or commit that does',
      );
    });

    it('no token to read the policy with fails closed, naming github-token', async () => {
      const { result, log } = await gate(ALLOWED, { env: { DEPLOY_WINDOW_TOKEN: '' } });
      expect(result.exitCode).toBe(2);
      expect(log).toMatch(/error: .*github-token.*contents: read/);
      expect(fake.requests).toEqual([]);
    });
  });

  it('a team look-up redirected to another host does not exempt, and that host never sees the token', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const elsewhere = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"state":"active"}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const port = (elsewhere.address() as AddressInfo).port;
    try {
      fake.route('GET', /^\/orgs\/acme\/teams\/release\/memberships\/carol$/, () => ({
        status: 302,
        headers: { location: `http://127.0.0.1:${port}/orgs/acme/teams/release/memberships/carol` },
      }));
      const { result, log } = await gate(BLOCKED, {
        actor: 'carol',
        env: { DEPLOY_WINDOW_EXEMPT_TOKEN: 'ghp_reader' },
      });
      expect(result.exitCode).toBe(1);
      expect(result.decision?.exempt).toBe(false);
      expect(log).toMatch(
        /warning: Could not check whether carol is in acme\/release .*another host/,
      );
      expect(seen.filter((headers) => headers.authorization !== undefined)).toEqual([]);
      expect(seen).toEqual([]);
    } finally {
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  describe('the comment', () => {
    it('an environment named preview and the policy preview keep their own comments', async () => {
      // The note of environment E carries `<!-- deploy-window:E -->`, and the policy preview
      // `<!-- deploy-window:preview -->`: for E = preview they were one marker, written by one
      // token, so each overwrote the other.
      const previewBody = `${PREVIEW_MARKER}\n### Deploy window changes\n\nOpens 4 more hours a week.`;
      const preview = fake.addIssueComment('acme/app', 12, previewBody, 'github-actions[bot]');
      const { result } = await gate(BLOCKED, {
        environment: 'preview',
        event: { pull_request: { number: 12 } },
        env: { GITHUB_EVENT_NAME: 'pull_request' },
      });
      expect(result.exitCode).toBe(1);
      const comments = fake.issueComments('acme/app', 12);
      expect(comments.find((comment) => comment.id === preview.id)?.body).toBe(previewBody);
      const notes = comments.filter((comment) => comment.body.includes('Deployment is blocked'));
      expect(notes).toHaveLength(1);
      expect(notes[0]?.body.split('\n')[0]).not.toBe(PREVIEW_MARKER);
      // The next run finds its own note again, and still leaves the preview alone.
      await gate(BLOCKED, {
        environment: 'preview',
        event: { pull_request: { number: 12 } },
        env: { GITHUB_EVENT_NAME: 'pull_request' },
      });
      expect(fake.issueComments('acme/app', 12)).toHaveLength(2);
      expect(fake.issueComments('acme/app', 12).find((c) => c.id === preview.id)?.body).toBe(
        previewBody,
      );
    });

    it('a 100 KB message still gets a comment, clipped and saying so', async () => {
      const message = `Ask #release first. ${'Read the runbook. '.repeat(5_700)}`;
      const config = CONFIG.replace(
        'message: "Deploys Mon-Fri 09:00-17:00 Berlin"',
        `message: "${message}"`,
      );
      const { result, outputs } = await gate(BLOCKED, {
        files: { '.github/deploy-windows.yml': config },
      });
      expect(result.exitCode).toBe(1);
      const [comment] = fake.commitComments('acme/app', SHA);
      expect(comment?.body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
      expect(comment?.body).toContain('Deployment is blocked');
      expect(comment?.body).toContain('Ask \\#release first.');
      expect(comment?.body).toMatch(/message clipped: the first [\d,]+ of 102,620 characters/);
      expect(comment?.body).toContain('2026-11-23T08:00:00.000Z');
      expect(outputs['comment-url']).toBe(comment?.html_url);
    });

    it("a summary stays within GitHub's 1 MiB for a step, clipping a huge message and saying so", async () => {
      const config = CONFIG.replace(
        'message: "Deploys Mon-Fri 09:00-17:00 Berlin"',
        `message: "${'&'.repeat(300_000)}"`,
      );
      const { result, summary } = await gate(BLOCKED, {
        files: { '.github/deploy-windows.yml': config },
      });
      expect(result.exitCode).toBe(1);
      expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1024 * 1024);
      expect(summary).toContain('Deployment is blocked');
      expect(summary).toMatch(/message clipped: the first [\d,]+ of 300,000 characters are shown/);
    });

    it('a comment by another user carrying the marker is left alone; the gate writes its own', async () => {
      fake.setCommitPulls('acme/app', SHA, [{ number: 12 }]);
      const planted = fake.addIssueComment(
        'acme/app',
        12,
        '<!-- deploy-window:production -->\nDeploys are open, go ahead.',
        'mallory',
      );
      const { result, log } = await gate(BLOCKED);
      expect(result.exitCode).toBe(1);
      const comments = fake.issueComments('acme/app', 12);
      expect(comments).toHaveLength(2);
      expect(comments[0]).toMatchObject({ id: planted.id, body: planted.body });
      expect(comments[1]?.user.login).toBe('github-actions[bot]');
      expect(comments[1]?.body).toContain('Deployment is blocked');
      expect(fake.requestsTo('PATCH', /./)).toEqual([]);
      expect(log).toContain('warning: Left alone 1 comment by mallory');

      // The next run finds its own comment and updates it; mallory's stays as it was.
      await gate(ALLOWED);
      expect(fake.issueComments('acme/app', 12)[1]?.body).toContain('went through');
      expect(fake.issueComments('acme/app', 12)[0]?.body).toBe(planted.body);
    });
  });
});
