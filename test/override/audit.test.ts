// `deploy-window audit` in-process against the fake GitHub API on 127.0.0.1: the override
// records written by recordOverride come back newest first as text, JSON or CSV; other
// deployments and malformed payloads are left out; pages are bounded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvCell, runAudit } from '../../src/cli/commands/audit.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { applyOverride } from '../../src/core/override.js';
import { createClient } from '../../src/github/client.js';
import { OVERRIDE_TASK, recordOverride } from '../../src/github/override-record.js';
import { recordingIo } from '../support/cli-in-process.js';
import { decisionFixture } from '../support/decision-fixture.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes, type FakeDeployments } from '../support/fake-github-deployments.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const REPO = 'acme/shop';
const SHA = 'c0ffee0000000000000000000000000000000001';

let fake: FakeGitHub;
let github: FakeDeployments;

beforeEach(async () => {
  fake = await startFakeGitHub();
  github = addDeploymentRoutes(fake);
});
afterEach(async () => {
  await fake.close();
});

function io(env: Record<string, string> = {}) {
  return recordingIo({
    cwd: '/nonexistent',
    env: { GITHUB_TOKEN: 't0ken', GITHUB_API_URL: fake.url, ...env },
    now: NOW,
  });
}

function payload(actor: string, reason: string | null, at: string) {
  return {
    actor,
    reason,
    layers: ['.github/deploy-windows.yml'],
    at,
    exemptBy: `user:${actor}`,
    windows: ['year-end-freeze'],
    ref: 'main',
  };
}

/** An override record as recordOverride writes it, stored by GitHub at `createdAt`. */
function seedOverride(actor: string, reason: string | null, createdAt: string) {
  return github.seedDeployment(
    {
      repo: REPO,
      task: OVERRIDE_TASK,
      environment: 'production',
      ref: SHA,
      sha: SHA,
      payload: payload(actor, reason, createdAt),
      created_at: createdAt,
      creator: 'github-actions[bot]',
    },
    ['success'],
  );
}

describe('deploy-window audit', () => {
  it('lists what recordOverride wrote, as CSV', async () => {
    const outcome = applyOverride({
      decision: decisionFixture({
        at: Date.parse('2026-11-30T09:00:00.000Z'),
        reason: 'inside-deny-window',
        blockingWindows: ['year-end-freeze'],
      }),
      actor: 'alice',
      exemptBy: 'user:alice',
      layer: '.github/deploy-windows.yml',
      requireReason: true,
      reason: 'hotfix, "urgent" for INC-4711',
    });
    github.now = () => Date.parse('2026-11-30T09:00:05Z');
    const written = await recordOverride({
      octokit: createClient('t0ken', { baseUrl: fake.url, log: { warning: () => {} } }),
      owner: 'acme',
      repo: 'shop',
      decision: outcome.decision,
      ref: 'main',
      sha: SHA,
    });
    expect(written.recorded).toBe(true);
    const id = written.recorded ? written.deploymentId : -1;

    const streams = io();
    const code = await runAudit(['--repo', REPO, '--since', '30d', '--format', 'csv'], streams);

    expect(code).toBe(0);
    expect(streams.err).toBe('');
    // The record is made for the commit; GitHub reports the commit it resolved (the fake
    // resolves none, so its own default).
    const [deployment] = github.deployments;
    expect(deployment?.ref).toBe(SHA);
    const sha = deployment?.sha;
    expect(streams.out).toBe(
      [
        'recorded_at,environment,ref,sha,actor,exempt_by,reason,windows,layers,at,deployment_id,recorded_by',
        `"2026-11-30T09:00:05.000Z","production","main","${sha}","alice","user:alice","hotfix, ""urgent"" for INC-4711","year-end-freeze",".github/deploy-windows.yml","2026-11-30T09:00:00.000Z","${id}","github-actions[bot]"`,
        '',
      ].join('\r\n'),
    );
  });

  it('JSON: newest first, only override records within --since with a well-formed payload', async () => {
    seedOverride('carol', 'old one', '2026-10-01T10:00:00Z'); // older than 30 days
    seedOverride('alice', 'first', '2026-11-20T10:00:00Z');
    github.seedDeployment({
      repo: REPO,
      task: 'deploy-window:rerun',
      payload: { workflow: 'deploy.yml' },
      created_at: '2026-11-21T10:00:00Z',
    });
    github.seedDeployment({
      repo: REPO,
      task: OVERRIDE_TASK,
      payload: { actor: 'mallory' },
      created_at: '2026-11-22T10:00:00Z',
    });
    seedOverride('bob', null, '2026-11-25T10:00:00Z');

    const streams = io();
    const code = await runAudit(['--repo', REPO, '--format', 'json'], streams);

    expect(code).toBe(0);
    const records = JSON.parse(streams.out) as { actor: string; reason: string | null }[];
    expect(records.map((record) => [record.actor, record.reason])).toEqual([
      ['bob', null],
      ['alice', 'first'],
    ]);
    expect(records[0]).toEqual({
      deploymentId: expect.any(Number),
      recordedAt: '2026-11-25T10:00:00Z',
      recordedBy: 'github-actions[bot]',
      environment: 'production',
      ref: 'main',
      sha: SHA,
      actor: 'bob',
      exemptBy: 'user:bob',
      reason: null,
      windows: ['year-end-freeze'],
      layers: ['.github/deploy-windows.yml'],
      at: '2026-11-25T10:00:00Z',
    });
    expect(streams.err).toBe(
      'warning: 1 deployment of task deploy-window:override skipped: the payload is not an override record\n',
    );
    // Asked GitHub for the override task only.
    const lists = fake.requestsTo('GET', /\/repos\/acme\/shop\/deployments$/);
    expect(lists.every((request) => request.query.task === OVERRIDE_TASK)).toBe(true);
  });

  it('text: one entry per override, newest first, escapes shown not obeyed', async () => {
    seedOverride('alice', 'first', '2026-11-20T10:00:00Z');
    seedOverride(
      'bob',
      'red \u001b[31mALERT\n2026-11-26T10:00:00Z  production  main@c0ffee000000  mallory',
      '2026-11-25T10:00:00Z',
    );
    const streams = io();
    expect(await runAudit(['--repo', REPO, '--since', '2026-11-01T00:00Z'], streams)).toBe(0);
    expect(streams.out).toBe(
      [
        '2 overrides in acme/shop since 2026-11-01T00:00:00.000Z, newest first:',
        '',
        '2026-11-25T10:00:00Z  production  main@c0ffee000000  bob (user:bob)',
        '  windows: year-end-freeze (.github/deploy-windows.yml)',
        '  reason:  red \\u001b[31mALERT\\u000a2026-11-26T10:00:00Z  production  main@c0ffee000000  mallory',
        `  record:  deployment #${github.deployments[1]?.id} by github-actions[bot]`,
        '',
        '2026-11-20T10:00:00Z  production  main@c0ffee000000  alice (user:alice)',
        '  windows: year-end-freeze (.github/deploy-windows.yml)',
        '  reason:  first',
        `  record:  deployment #${github.deployments[0]?.id} by github-actions[bot]`,
        '',
      ].join('\n'),
    );
  });

  it('reads every page, and stops at the page limit with a warning', async () => {
    const start = Date.parse('2026-11-10T00:00:00Z');
    for (let i = 0; i < 250; i++) {
      seedOverride(`user${i}`, `reason ${i}`, new Date(start + i * 60_000).toISOString());
    }
    const all = io();
    expect(await runAudit(['--repo', REPO, '--format', 'json'], all)).toBe(0);
    const records = JSON.parse(all.out) as { actor: string }[];
    expect(records).toHaveLength(250);
    expect(records[0]?.actor).toBe('user249');
    expect(records.at(-1)?.actor).toBe('user0');

    const bounded = io();
    expect(await runAudit(['--repo', REPO, '--format', 'json'], bounded, { pageLimit: 2 })).toBe(0);
    expect(JSON.parse(bounded.out)).toHaveLength(200);
    expect(bounded.err).toContain('stopped after 200 deployments; older overrides are not listed');
  });

  it('stops paging once the records are older than --since', async () => {
    const start = Date.parse('2026-09-01T00:00:00Z');
    for (let i = 0; i < 250; i++) {
      seedOverride(`old${i}`, 'old', new Date(start + i * 60_000).toISOString());
    }
    seedOverride('recent', 'new', '2026-11-30T00:00:00Z');
    const streams = io();
    expect(await runAudit(['--repo', REPO, '--format', 'json'], streams)).toBe(0);
    expect(JSON.parse(streams.out).map((r: { actor: string }) => r.actor)).toEqual(['recent']);
    expect(fake.requestsTo('GET', /\/repos\/acme\/shop\/deployments$/)).toHaveLength(1);
  });

  it('an unreadable repository is exit 2 and one line naming it', async () => {
    fake.failNext('GET', /\/repos\/acme\/shop\/deployments$/, 404, 1, {
      body: { message: 'Not Found' },
    });
    const streams = io();
    expect(await runAudit(['--repo', REPO], streams)).toBe(2);
    expect(streams.out).toBe('');
    expect(streams.err).toBe(
      'deploy-window audit: could not list the deployments of acme/shop: GET /repos/acme/shop/deployments -> 404: Not Found (the token needs read access to deployments)\n',
    );
  });

  it.each([
    [[], {}, 'missing --repo OWNER/NAME (or GITHUB_REPOSITORY)'],
    [['--repo', 'acme'], {}, "invalid --repo 'acme': expected OWNER/NAME"],
    [['--repo', REPO, '--since', 'last week'], {}, "invalid --since 'last week'"],
    [['--repo', REPO, '--format', 'xlsx'], {}, "invalid --format 'xlsx': expected text, json, csv"],
    [['--repo', REPO], { GITHUB_TOKEN: '' }, 'GITHUB_TOKEN is not set'],
  ])('usage problems are UsageErrors (exit 2 in main): %j', async (argv, env, message) => {
    const failure = await runAudit(argv, io(env)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toContain(message);
  });

  it('takes the repository from GITHUB_REPOSITORY when --repo is not given', async () => {
    seedOverride('alice', 'x', '2026-11-30T00:00:00Z');
    const streams = io({ GITHUB_REPOSITORY: REPO });
    expect(await runAudit(['--format', 'json'], streams)).toBe(0);
    expect(JSON.parse(streams.out)).toHaveLength(1);
  });
});

describe('CSV cells', () => {
  it.each([
    ['plain', '"plain"'],
    ['a "quote", a comma', '"a ""quote"", a comma"'],
    ['=HYPERLINK("https://evil.test","x")', '"\'=HYPERLINK(""https://evil.test"",""x"")"'],
    ['+1 on this', '"\'+1 on this"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1:A2)', '"\'@SUM(A1:A2)"'],
    ['\t=1', '"\'\t=1"'],
    ['line\nbreak', '"line\\u000abreak"'],
    [null, '""'],
    [42, '"42"'],
  ])('%j -> %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('a record whose actor is a formula reaches the CSV neutralised', async () => {
    github.seedDeployment({
      repo: REPO,
      task: OVERRIDE_TASK,
      sha: SHA,
      payload: payload('=cmd|calc', '@evil', '2026-11-30T00:00:00Z'),
      created_at: '2026-11-30T00:00:00Z',
    });
    const streams = io();
    expect(await runAudit(['--repo', REPO, '--format', 'csv'], streams)).toBe(0);
    const row = streams.out.split('\r\n')[1] ?? '';
    expect(row).toContain(',"\'=cmd|calc",');
    expect(row).toContain(',"\'@evil",');
  });
});
