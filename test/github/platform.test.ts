// The GitHub platform under the real gate and engine, against the fake GitHub API.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateLogger, GateOptions } from '../../src/gate/types.js';
import { createGitHubPlatform } from '../../src/github/platform.js';
import { parseOutputs } from '../e2e/action-harness.js';
import { fakeClock } from '../gate/recording-platform.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

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
const SHA = 'f00d000000000000000000000000000000000002';
const BLOCKED = '2026-11-23T07:30:00Z'; // 08:30 in Berlin
const ALLOWED = '2026-11-23T10:00:00Z';

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-platform-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function recordingLog(): GateLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(`info: ${line}`),
    warning: (line) => lines.push(`warning: ${line}`),
    error: (line) => lines.push(`error: ${line}`),
    group: (title, body) => {
      lines.push(`group: ${title}`);
      return body();
    },
  };
}

describe('the GitHub platform', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake.close();
  });

  async function gate(
    at: string,
    overrides: {
      actor?: string | null;
      environment?: string;
      files?: Record<string, string>;
      env?: Record<string, string>;
    } = {},
  ) {
    const workspace = workspaceWith({ '.github/deploy-windows.yml': CONFIG, ...overrides.files });
    const outputFile = join(workspace, '..', `${Date.now()}-output`);
    const summaryFile = join(workspace, '..', `${Date.now()}-summary`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const options: GateOptions = {
      platform: 'github',
      configPath: '',
      environment: overrides.environment ?? 'production',
      at: Date.parse(at),
      mode: 'fail',
      maxWait: 60,
      minDuration: 0,
      horizon: 366 * 1440,
      comment: true,
      reschedule: false,
      actor: overrides.actor === undefined ? 'bob' : overrides.actor,
    };
    const log = recordingLog();
    const env = {
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: SHA,
      GITHUB_EVENT_NAME: 'push',
      DEPLOY_WINDOW_TOKEN: 'ghs_token',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...overrides.env,
    };
    const platform = await createGitHubPlatform({ env, options, log, workspace, outputFile: null });
    const result = await runGate(options, platform, fakeClock(at));
    return {
      result,
      log: log.lines.join('\n'),
      outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
    };
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
    const { result, log } = await gate(BLOCKED, { env: { DEPLOY_WINDOW_TOKEN: '' }, actor: null });
    expect(result.exitCode).toBe(1);
    expect(log).toContain('warning: No comment written');
    expect(fake.requests).toEqual([]);
  });
});
