// The whole re-run cycle through the action's bundle, as GitHub would run it:
// blocked (reschedule: true) -> recorded deployment -> scheduler (command: dispatch) fires the
// workflow_dispatch -> the dispatched run is judged again, inside the window, and allowed.
// And a re-run record the gate did not make is never dispatched.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DISPATCHABLE_WORKFLOW } from '../github/rerun-fixtures.js';
import { RUN_TOKEN } from '../support/action-fixtures.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes, type FakeDeployments } from '../support/fake-github-deployments.js';
import { actionBundle, nodeBinaries, type RunSetup, runAction } from './action-harness.js';

const REPO = 'acme/app';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Real time drives the scheduler, so the windows sit around the real now.
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const local = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}+00:00`;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const PRODUCTION_OPENS = now - HOUR;
const STAGING_OPENS = now + 3 * HOUR;
const QA_OPENS = now + 10 * MINUTE;

const CONFIG = `version: 1
timezone: UTC
windows:
  - name: production-release
    environments: [production]
    start: "${local(PRODUCTION_OPENS)}"
    end: "${local(now + HOUR)}"
  - name: staging-release
    environments: [staging]
    start: "${local(STAGING_OPENS)}"
    end: "${local(now + 4 * HOUR)}"
  - name: qa-release
    environments: [qa]
    start: "${local(QA_OPENS)}"
    end: "${local(now + 4 * HOUR)}"
`;

let bundle = '';
beforeAll(() => {
  bundle = actionBundle();
}, 240_000);

describe.each(nodeBinaries())(
  're-run at the window opening, bundle on $label',
  ({ path: node }) => {
    let fake: FakeGitHub;
    let github: FakeDeployments;
    beforeEach(async () => {
      fake = await startFakeGitHub();
      github = addDeploymentRoutes(fake);
      // The default branch's copies, which the policy and the scheduler read by API.
      github.addWorkflow(REPO, 'deploy.yml', { inputs: ['version'], text: DISPATCHABLE_WORKFLOW });
      fake.setFiles({ '.github/deploy-windows.yml': CONFIG });
    });
    afterEach(async () => {
      await fake.close();
    });

    const run = async (
      inputs: Record<string, string>,
      extra: Partial<Omit<RunSetup, 'bundle' | 'node' | 'apiUrl' | 'inputs'>> = {},
    ) => {
      const result = await runAction({
        bundle,
        node,
        apiUrl: fake.url,
        inputs: { 'github-token': RUN_TOKEN, comment: 'false', ...inputs },
        // No checkout: the policy and the workflow file are read at the default branch by API.
        files: { ...extra.files },
        policy: null,
        ...(extra.env ? { env: extra.env } : {}),
        ...(extra.event !== undefined ? { event: extra.event } : {}),
        ...(extra.onStart ? { onStart: extra.onStart } : {}),
      });
      // A bundle that dies on load exits 1 too: say so rather than fail on a missing output.
      const crash = /^\w*Error: .*$/m.exec(result.stderr);
      if (crash && /^\s+at /m.test(result.stderr))
        throw new Error(`the action crashed: ${crash[0]}`);
      return result;
    };

    it('blocked -> recorded -> dispatched at the opening -> allowed', async () => {
      // 1. A manual dispatch of v1.2.3 two hours before the production window: blocked.
      const blocked = await run(
        { environment: 'production', reschedule: 'true', at: iso(now - 2 * HOUR) },
        {
          env: {
            GITHUB_EVENT_NAME: 'workflow_dispatch',
            GITHUB_REF: 'refs/tags/v1.2.3',
            GITHUB_RUN_ID: '100',
          },
          event: { inputs: { version: '1.2.3' }, ref: 'refs/tags/v1.2.3' },
        },
      );
      expect(blocked.code).toBe(1);
      expect(blocked.outputs.allowed).toBe('false');
      expect(Date.parse(blocked.outputs['next-open'] ?? '')).toBe(PRODUCTION_OPENS);
      expect(blocked.stdout).toContain('A re-run of deploy.yml on v1.2.3 is scheduled for');

      expect(github.deployments).toHaveLength(1);
      const production = github.deployments[0];
      expect(production).toMatchObject({
        task: 'deploy-window:rerun',
        environment: 'production',
        ref: 'v1.2.3',
        payload: {
          workflow: 'deploy.yml',
          ref: 'v1.2.3',
          notBefore: iso(PRODUCTION_OPENS),
          runId: '100',
          inputs: { version: '1.2.3' },
        },
      });
      expect(github.latestState(production?.id ?? -1)).toBe('queued');

      // A staging deploy blocked now waits for an opening three hours away.
      const stagingBlocked = await run(
        { environment: 'staging', reschedule: 'true' },
        { env: { GITHUB_RUN_ID: '101' } },
      );
      expect(stagingBlocked.code).toBe(1);
      const staging = github.deployments[1];
      expect(staging?.payload).toMatchObject({
        ref: 'main',
        notBefore: iso(STAGING_OPENS),
        inputs: {},
      });

      // 2. The scheduler: production's opening has passed, staging's is beyond the lookahead.
      const scheduler = await run(
        { command: 'dispatch' },
        { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: '200' } },
      );
      expect(scheduler.code, scheduler.stdout).toBe(0);
      expect(scheduler.outputs).toMatchObject({ dispatched: '1', pending: '1' });
      expect(github.dispatches).toEqual([
        { repo: REPO, workflow: 'deploy.yml', ref: 'v1.2.3', inputs: { version: '1.2.3' } },
      ]);
      expect(github.statuses(production?.id ?? -1).map((s) => s.state)).toEqual([
        'success',
        'in_progress',
        'queued',
      ]);
      expect(github.latestState(staging?.id ?? -1)).toBe('queued');
      expect(scheduler.summary).toContain(
        `| #${production?.id} | production | deploy.yml | v1.2.3 | ${iso(PRODUCTION_OPENS)} | dispatched |`,
      );
      expect(scheduler.summary).toContain(`| #${staging?.id} | staging | deploy.yml | main |`);

      // 3. The dispatched run is judged again, now inside the window: allowed, nothing recorded.
      const dispatch = github.dispatches[0];
      const rerun = await run(
        { environment: 'production', reschedule: 'true' },
        {
          env: {
            GITHUB_EVENT_NAME: 'workflow_dispatch',
            GITHUB_REF: `refs/tags/${dispatch?.ref}`,
            GITHUB_RUN_ID: '300',
            GITHUB_ACTOR: 'github-actions[bot]',
            GITHUB_TRIGGERING_ACTOR: 'github-actions[bot]',
          },
          event: { inputs: dispatch?.inputs, ref: `refs/tags/${dispatch?.ref}` },
        },
      );
      expect(rerun.code, rerun.stdout).toBe(0);
      expect(rerun.outputs).toMatchObject({ allowed: 'true', reason: 'inside-allow-window' });
      expect(github.deployments).toHaveLength(2);

      // 4. The next scheduler run has nothing left to fire.
      const again = await run(
        { command: 'dispatch' },
        { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: '201' } },
      );
      expect(again.code).toBe(0);
      expect(again.outputs).toMatchObject({ dispatched: '0', pending: '1' });
      expect(github.dispatches).toHaveLength(1);
    });

    it('the scheduler judges due re-runs at its `at` input, and an allowed run retires a pending re-run', async () => {
      const staging = await run(
        { environment: 'staging', reschedule: 'true' },
        { env: { GITHUB_RUN_ID: '110' } },
      );
      expect(staging.code).toBe(1);
      const qa = await run(
        { environment: 'qa', reschedule: 'true' },
        { env: { GITHUB_RUN_ID: '111' } },
      );
      expect(qa.code).toBe(1);
      const [stagingRecord, qaRecord] = github.deployments;

      // Someone deploys qa by hand once its window is open: the pending qa re-run is moot.
      const manual = await run(
        { environment: 'qa', reschedule: 'true', at: iso(QA_OPENS + MINUTE) },
        { env: { GITHUB_RUN_ID: '112' } },
      );
      expect(manual.code, manual.stdout).toBe(0);
      expect(github.latestState(qaRecord?.id ?? -1)).toBe('inactive');
      expect(github.latestState(stagingRecord?.id ?? -1)).toBe('queued');

      // A scheduler evaluated after staging opens fires staging only.
      const scheduler = await run(
        { command: 'dispatch', at: iso(STAGING_OPENS + MINUTE) },
        { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: '210' } },
      );
      expect(scheduler.code, scheduler.stdout).toBe(0);
      expect(scheduler.outputs).toMatchObject({ dispatched: '1', pending: '0' });
      expect(github.dispatches.map((d) => d.ref)).toEqual(['main']);
      expect(github.latestState(stagingRecord?.id ?? -1)).toBe('success');
    });

    it('a blocked run whose workflow cannot be dispatched warns with the line to add and records nothing', async () => {
      github.addWorkflow(REPO, 'deploy.yml', { text: 'name: Deploy\non: [push]\njobs: {}\n' });
      const result = await run({
        environment: 'production',
        reschedule: 'true',
        at: iso(now - 2 * HOUR),
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/::warning::.*no `workflow_dispatch` trigger/);
      expect(result.stdout).toContain('on: [push, workflow_dispatch]');
      expect(github.deployments).toHaveLength(0);
    });

    it('the scheduler fails its step, naming the reason, when a dispatch is refused', async () => {
      await run({ environment: 'production', reschedule: 'true', at: iso(now - 2 * HOUR) });
      expect(github.deployments).toHaveLength(1);
      // The branch is gone by the time the window opens.
      github.setRefs(REPO, []);

      const scheduler = await run(
        { command: 'dispatch' },
        { env: { GITHUB_EVENT_NAME: 'schedule' } },
      );

      expect(scheduler.code).not.toBe(0);
      expect(github.latestState(github.deployments[0]?.id ?? -1)).toBe('error');
      expect(github.statuses(github.deployments[0]?.id ?? -1)[0]?.description).toContain(
        'No ref found for: main',
      );
    });

    it('the scheduler refuses a record made by another user, and fails its step saying so', async () => {
      const attack = github.seedDeployment(
        {
          repo: REPO,
          task: 'deploy-window:rerun',
          ref: 'attacker-branch',
          environment: 'production',
          creator: 'mallory',
          payload: {
            workflow: 'deploy.yml',
            ref: 'attacker-branch',
            environment: 'production',
            notBefore: iso(now - HOUR),
            inputs: { version: 'evil' },
          },
        },
        ['queued'],
      );

      const scheduler = await run(
        { command: 'dispatch' },
        { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: '220' } },
      );

      expect(scheduler.code).not.toBe(0);
      expect(github.dispatches).toEqual([]);
      expect(github.latestState(attack.id)).toBe('error');
      expect(github.statuses(attack.id)[0]?.description).toContain(
        'created by mallory, not by github-actions[bot]',
      );
      expect(scheduler.stdout).toMatch(/::warning::.*#\d+.*mallory/);
      expect(scheduler.summary).toContain(`| #${attack.id} | production | deploy.yml |`);
    });

    it('a scheduler cancelled while it waits for an opening stops at once and leaves the re-run queued', async () => {
      await run({ environment: 'qa', reschedule: 'true' });
      const record = github.deployments[0];
      expect(record?.payload).toMatchObject({ notBefore: iso(QA_OPENS) });

      let signalled = 0;
      const scheduler = await run(
        { command: 'dispatch', lookahead: '15m' },
        {
          env: { GITHUB_EVENT_NAME: 'schedule' },
          onStart: (child, stdout) => {
            const poll = setInterval(() => {
              if (/waiting/i.test(stdout())) {
                clearInterval(poll);
                signalled = Date.now();
                child.kill('SIGTERM');
              }
            }, 20);
            child.on('close', () => clearInterval(poll));
          },
        },
      );

      expect(signalled).toBeGreaterThan(0);
      expect(Date.now() - signalled).toBeLessThan(5_000);
      expect(scheduler.stdout).toMatch(/stays queued/);
      expect(github.dispatches).toHaveLength(0);
      expect(github.latestState(record?.id ?? -1)).toBe('queued');
    }, 90_000);
  },
);
