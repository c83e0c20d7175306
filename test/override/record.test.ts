// The GitHub override record: one deployment of task deploy-window:override for the commit,
// payload = the override, and a `success` status that leaves real deployments active. A
// failure is a warning, never an exception. API at the HTTP boundary with nock.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyOverride } from '../../src/core/override.js';
import type { Decision } from '../../src/core/types.js';
import { createClient } from '../../src/github/client.js';
import {
  OVERRIDE_TASK,
  type OverrideRecordRequest,
  overridePayload,
  parseOverridePayload,
  recordOverride,
} from '../../src/github/override-record.js';
import { decisionFixture } from '../support/decision-fixture.js';

const API = 'https://api.github.test';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN = 'https://github.example/acme/shop/actions/runs/4242';

const client = () =>
  createClient('t0ken', { baseUrl: API, log: { warning: () => {} }, retries: 0 });

function overridden(reason: string | null, overrides: Partial<Decision> = {}): Decision {
  const outcome = applyOverride({
    decision: decisionFixture({
      reason: 'inside-deny-window',
      activeWindows: ['year-end-freeze'],
      blockingWindows: ['year-end-freeze'],
      ...overrides,
    }),
    actor: 'alice',
    exemptBy: 'user:alice',
    layer: '.github/deploy-windows.yml',
    requireReason: false,
    reason,
  });
  return outcome.decision;
}

/** recordOverride for acme/shop's `main` at SHA; `request` gives the decision, may replace the rest. */
function record(request: Pick<OverrideRecordRequest, 'decision'> & Partial<OverrideRecordRequest>) {
  return recordOverride({
    octokit: client(),
    owner: 'acme',
    repo: 'shop',
    ref: 'main',
    sha: SHA,
    ...request,
  });
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('recordOverride', () => {
  it('creates the deployment for the commit with the override as payload, then a success status', async () => {
    const bodies: Record<string, unknown>[] = [];
    nock(API)
      .post('/repos/acme/shop/deployments', (body) => {
        bodies.push(body);
        return true;
      })
      .reply(201, { id: 77 })
      .post('/repos/acme/shop/deployments/77/statuses', (body) => {
        bodies.push(body);
        return true;
      })
      .reply(201, { id: 1, state: 'success' });

    const result = await record({ decision: overridden('hotfix for INC-4711'), logUrl: RUN });

    expect(result).toEqual({
      recorded: true,
      deploymentId: 77,
      message:
        'The override is recorded as deployment #77 (task deploy-window:override, environment production).',
    });
    expect(bodies[0]).toEqual({
      ref: SHA,
      task: OVERRIDE_TASK,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      payload: {
        actor: 'alice',
        reason: 'hotfix for INC-4711',
        layers: ['.github/deploy-windows.yml'],
        at: '2026-11-27T09:00:00.000Z',
        exemptBy: 'user:alice',
        windows: ['year-end-freeze'],
        ref: 'main',
      },
      description: 'deploy-window override by alice: hotfix for INC-4711',
      transient_environment: false,
    });
    expect(bodies[1]).toEqual({
      state: 'success',
      description: 'Override by alice outside the deploy window: hotfix for INC-4711',
      log_url: RUN,
      auto_inactive: false,
    });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps descriptions within the 140 characters GitHub accepts; the payload keeps the reason', async () => {
    const reason = `rollback ${'x'.repeat(400)}`;
    const bodies: Record<string, unknown>[] = [];
    nock(API)
      .post('/repos/acme/shop/deployments', (body) => bodies.push(body) > 0)
      .reply(201, { id: 5 })
      .post('/repos/acme/shop/deployments/5/statuses', (body) => bodies.push(body) > 0)
      .reply(201, { id: 6 });
    await record({ decision: overridden(reason) });
    const [deployment, status] = bodies as { description: string; payload?: { reason: string } }[];
    expect(Array.from(deployment?.description ?? '')).toHaveLength(140);
    expect(deployment?.description.endsWith('…')).toBe(true);
    expect(Array.from(status?.description ?? '')).toHaveLength(140);
    expect(deployment?.payload?.reason).toBe(reason);
  });

  it('uses the deploy-window environment when the gate judged none, and the ref without a sha', async () => {
    let body: Record<string, unknown> = {};
    nock(API)
      .post('/repos/acme/shop/deployments', (sent) => {
        body = sent;
        return true;
      })
      .reply(201, { id: 9 })
      .post('/repos/acme/shop/deployments/9/statuses')
      .reply(201, { id: 10 });
    const result = await record({ decision: overridden(null, { environment: null }), sha: null });
    expect(result.recorded).toBe(true);
    expect(body).toMatchObject({ environment: 'deploy-window', ref: 'main' });
    expect((body.payload as { reason: unknown }).reason).toBeNull();
  });

  it('writes nothing for a decision without an override', async () => {
    const result = await record({ decision: decisionFixture() });
    expect(result).toEqual({ recorded: false, warning: null });
  });

  it('a 403 is a warning naming deployments: write; no status is attempted', async () => {
    nock(API)
      .post('/repos/acme/shop/deployments')
      .reply(403, { message: 'Resource not accessible by integration' });
    const result = await record({ decision: overridden('hotfix') });
    expect(result.recorded).toBe(false);
    const warning = result.recorded ? '' : (result.warning ?? '');
    expect(warning).toContain('was not recorded');
    expect(warning).toContain('403');
    expect(warning).toContain('Resource not accessible by integration');
    expect(warning).toContain('`deployments: write`');
  });

  it('a failed status leaves the deployment as the record, and says so', async () => {
    nock(API)
      .post('/repos/acme/shop/deployments')
      .reply(201, { id: 31 })
      .post('/repos/acme/shop/deployments/31/statuses')
      .reply(500, { message: 'Server Error' });
    const result = await record({ decision: overridden('hotfix') });
    expect(result).toMatchObject({ recorded: true, deploymentId: 31 });
    expect(result.recorded && result.message).toContain(
      'its success status could not be set (500)',
    );
  });

  it('with neither a commit nor a ref, nothing is written and the warning says why', async () => {
    const result = await record({ decision: overridden('hotfix'), ref: null, sha: null });
    expect(result.recorded ? '' : result.warning).toContain('GITHUB_SHA');
  });
});

describe('parseOverridePayload', () => {
  const written = overridePayload(overridden('hotfix'), 'main');

  // The writer once kept window names, layers and the ref as long as they were, and the reader
  // refused a record with any over its bounds: `audit` silently left such overrides out.
  it('reads back what the writer makes of long window names, many layers and a long ref', () => {
    const long = `github>acme/platform-policies:policies/${'deploy-freeze-'.repeat(30)}.yml#year-end`;
    const decision = overridden('hotfix', { blockingWindows: [long, 'short'] });
    const layered = {
      ...decision,
      override: decision.override && {
        ...decision.override,
        layers: Array.from({ length: 30 }, (_, i) => `github>acme/p${i}:${'x'.repeat(400)}.yml`),
      },
    };
    const payload = overridePayload(layered, `release/${'r'.repeat(400)}`);
    expect(payload).not.toBeNull();
    const read = parseOverridePayload(JSON.parse(JSON.stringify(payload)));
    expect(read).not.toBeNull();
    expect(read?.windows[1]).toBe('short');
    expect(read?.windows[0]?.startsWith('github>acme/platform-policies:')).toBe(true);
    expect(read?.layers.length).toBeGreaterThan(0);
  });

  it('reads back what recordOverride writes, also as a JSON string', () => {
    expect(written).not.toBeNull();
    expect(parseOverridePayload(written)).toEqual(written);
    expect(parseOverridePayload(JSON.stringify(written))).toEqual(written);
  });

  it.each([
    ['no actor', { ...written, actor: undefined }],
    ['an empty actor', { ...written, actor: '' }],
    ['a number as reason', { ...written, reason: 42 }],
    ['a reason over the bound', { ...written, reason: 'r'.repeat(501) }],
    ['no layers', { ...written, layers: [] }],
    ['layers as text', { ...written, layers: 'deploy-windows.yml' }],
    ['a date that is no date', { ...written, at: 'yesterday' }],
    ['windows with a number', { ...written, windows: ['a', 1] }],
    ['a re-run payload', { workflow: 'deploy.yml', ref: 'main', notBefore: '2026-01-01T00:00Z' }],
    ['broken JSON', '{"actor": "alice"'],
    ['a list', [written]],
    ['null', null],
  ])('refuses %s', (_, payload) => {
    expect(parseOverridePayload(payload)).toBeNull();
  });
});
