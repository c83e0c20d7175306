// The re-run scheduler against the fake GitHub API (docs/rerun.md, "What the scheduler does, per
// pending re-run"): when it fires, what it records, overlapping runs, and its summary.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/gate/clock.js';
import {
  clockStartingAt,
  dispatchSummaryMarkdown,
  RERUN_TASK,
  recordRerun,
  runDispatch,
} from '../../src/github/rerun/index.js';
import { perTest } from '../support/per-test.js';
import { dispatchSummary, expectOneDispatchFromTwoSchedulers } from '../support/rerun-scheduler.js';
import { blockedDecision, FULL_REPO, startHarness, virtualClock } from './rerun-fixtures.js';

const OPENING = '2026-11-23T08:00:00Z';

describe('runDispatch against the fake GitHub API', () => {
  const h = perTest(() => startHarness());

  async function recordAt(
    nextOpen: string,
    envOverrides: Record<string, string> = {},
    environment = 'production',
  ) {
    const record = await recordRerun(
      h.rerunContext({ env: { ...h.env, ...envOverrides }, environment }),
      blockedDecision(nextOpen),
    );
    if (!record) throw new Error(`not recorded: ${h.log.warnings().join('; ')}`);
    return record;
  }

  it('dispatches nothing before notBefore (beyond the lookahead)', async () => {
    const record = await recordAt(OPENING);

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T07:30:00Z')));

    expect(summary).toMatchObject({ pending: 1, dispatched: 0, notDue: 1, failed: 0 });
    expect(h.github.dispatches).toHaveLength(0);
    expect(h.github.latestState(record.deploymentId)).toBe('queued');
  });

  it('after notBefore, dispatches exactly once with the ref and inputs, and the record leaves queued', async () => {
    const record = await recordAt(OPENING, { GITHUB_REF: 'refs/tags/v2.0.0' });
    const deployment = h.github.deployments[0];
    if (deployment)
      (deployment.payload as { inputs: Record<string, string> }).inputs = { version: '2.0.0' };

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:03:00Z')));

    expect(summary).toMatchObject({ pending: 1, dispatched: 1, failed: 0 });
    expect(h.github.dispatches).toEqual([
      { repo: FULL_REPO, workflow: 'deploy.yml', ref: 'v2.0.0', inputs: { version: '2.0.0' } },
    ]);
    const states = h.github.statuses(record.deploymentId);
    expect(states.map((s) => s.state)).toEqual(['success', 'in_progress', 'queued']);
    expect(states[1]?.description).toMatch(/^dispatching/);
    expect(states[0]?.description).toBe('Dispatched deploy.yml on v2.0.0 at 2026-11-23T08:03:00Z');
    expect(states[0]?.log_url).toBe('https://github.example/acme/shop/actions/runs/9001');

    const again = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:10:00Z')));
    expect(again).toMatchObject({ pending: 0, dispatched: 0 });
    expect(h.github.dispatches).toHaveLength(1);
  });

  it("marks success without making the environment's real deployments inactive", async () => {
    const realDeploy = h.github.seedDeployment(
      { repo: FULL_REPO, environment: 'production', task: 'deploy' },
      ['success'],
    );
    await recordAt(OPENING);

    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(h.github.latestState(realDeploy.id)).toBe('success');
  });

  it('fires only the newest of superseded re-runs', async () => {
    const older = await recordAt('2026-11-23T06:00:00Z');
    const newer = await recordAt(OPENING);

    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T09:00:00Z')));

    expect(h.github.dispatches).toHaveLength(1);
    expect(h.github.latestState(older.deploymentId)).toBe('inactive');
    expect(h.github.latestState(newer.deploymentId)).toBe('success');
  });

  it('fires one run for environments whose names differ only in case (GitHub treats them as one)', async () => {
    const upper = await recordAt(OPENING, {}, 'Production');
    const lower = await recordAt(OPENING, {}, 'production');

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(summary.dispatched).toBe(1);
    expect(h.github.dispatches).toHaveLength(1);
    expect(h.github.latestState(lower.deploymentId)).toBe('success');
    expect(h.github.latestState(upper.deploymentId)).toBe('inactive');
  });

  it('waits for a re-run falling due within the lookahead, then dispatches it at its opening', async () => {
    const record = await recordAt(OPENING);
    const clock = virtualClock('2026-11-23T07:50:00Z');

    const summary = await runDispatch(h.dispatchContext(clock, { lookaheadMinutes: 15 }));

    expect(clock.sleeps).toEqual([10 * 60_000]);
    expect(summary.dispatched).toBe(1);
    expect(h.github.statuses(record.deploymentId)[0]?.description).toBe(
      'Dispatched deploy.yml on main at 2026-11-23T08:00:00Z',
    );
  });

  it('does not wait beyond the lookahead', async () => {
    await recordAt(OPENING);
    const clock = virtualClock('2026-11-23T07:40:00Z');

    const summary = await runDispatch(h.dispatchContext(clock, { lookaheadMinutes: 15 }));

    expect(clock.sleeps).toEqual([]);
    expect(summary).toMatchObject({ dispatched: 0, notDue: 1 });
  });

  it('with a real clock: sleeps the short gap to the opening, then dispatches', async () => {
    await recordAt(OPENING);
    // The real clock, started 80 ms before the opening (as the `at` input starts it).
    const clock = clockStartingAt(systemClock, Date.parse(OPENING) - 80);

    const summary = await runDispatch(h.dispatchContext(clock, { lookaheadMinutes: 1 }));

    expect(summary.dispatched).toBe(1);
    expect(clock.now()).toBeGreaterThanOrEqual(Date.parse(OPENING));
  });

  it('a cancelled wait leaves the re-run queued and valid for the next scheduler run', async () => {
    const record = await recordAt(new Date(Date.now() + 60_000).toISOString());
    const controller = new AbortController();
    const waiting = runDispatch(
      h.dispatchContext(systemClock, { lookaheadMinutes: 5, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 50);

    const summary = await waiting;

    expect(summary).toMatchObject({ cancelled: true, dispatched: 0, notDue: 1 });
    expect(h.github.dispatches).toHaveLength(0);
    expect(h.github.latestState(record.deploymentId)).toBe('queued');
  });

  it('marks a failed dispatch error with the reason and goes on with the others', async () => {
    // GitHub refuses what the default branch's copy cannot tell: the ref's copy of the workflow
    // is gone or lacks the trigger, or the token lacks actions: write.
    const missing = await recordAt(OPENING, {}, 'a');
    const noTrigger = await recordAt(OPENING, {}, 'b');
    const forbidden = await recordAt(OPENING, {}, 'c');
    const fine = await recordAt(OPENING, {}, 'd');
    const dispatches = /\/actions\/workflows\/deploy\.yml\/dispatches$/;
    h.fake.failNext('POST', dispatches, 404, 1, { body: { message: 'Not Found' } });
    h.fake.failNext('POST', dispatches, 422, 1, {
      body: { message: "Workflow does not have 'workflow_dispatch' trigger" },
    });
    h.fake.failNext('POST', dispatches, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(summary).toMatchObject({ pending: 4, dispatched: 1, failed: 3 });
    const top = (id: number) => h.github.statuses(id)[0];
    expect(top(missing.deploymentId)).toMatchObject({ state: 'error' });
    expect(top(missing.deploymentId)?.description).toMatch(/deploy\.yml.*404/);
    expect(top(noTrigger.deploymentId)).toMatchObject({ state: 'error' });
    expect(top(noTrigger.deploymentId)?.description).toContain(
      "Workflow does not have 'workflow_dispatch' trigger",
    );
    expect(top(forbidden.deploymentId)).toMatchObject({ state: 'error' });
    expect(top(forbidden.deploymentId)?.description).toContain('actions: write');
    expect(top(fine.deploymentId)?.state).toBe('success');
    for (const id of [missing, noTrigger, forbidden].map((r) => r.deploymentId)) {
      expect(top(id)?.description.length).toBeLessThanOrEqual(140);
    }
    // A failed record is not retried by the next scheduler run.
    const again = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:06:00Z')));
    expect(again.pending).toBe(0);
  });

  it('reports a ref that no longer exists', async () => {
    h.github.setRefs(FULL_REPO, ['main']);
    const record = await recordAt(OPENING);
    h.github.setRefs(FULL_REPO, []);

    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(h.github.statuses(record.deploymentId)[0]).toMatchObject({ state: 'error' });
    expect(h.github.statuses(record.deploymentId)[0]?.description).toContain(
      'No ref found for: main',
    );
  });

  it('marks a queued record with an unreadable payload error instead of guessing', async () => {
    const broken = h.github.seedDeployment(
      { repo: FULL_REPO, task: RERUN_TASK, payload: { workflow: 'deploy.yml' } },
      ['queued'],
    );

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(summary).toMatchObject({ pending: 1, failed: 1, dispatched: 0 });
    expect(h.github.latestState(broken.id)).toBe('error');
  });

  it('retires a re-run more than 7 days overdue instead of deploying by surprise', async () => {
    const record = await recordAt(OPENING);
    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-12-01T09:00:00Z')));
    expect(summary.dispatched).toBe(0);
    expect(h.github.latestState(record.deploymentId)).toBe('inactive');
    expect(h.github.statuses(record.deploymentId)[0]?.description).toMatch(/^Expired/);
  });

  it('walks every page of deployments', async () => {
    for (let i = 0; i < 105; i++) {
      h.github.seedDeployment({ repo: FULL_REPO, task: 'deploy', environment: `noise-${i}` }, [
        'success',
      ]);
    }
    await recordAt(OPENING);
    for (let i = 0; i < 104; i++) {
      h.github.seedDeployment(
        { repo: FULL_REPO, task: RERUN_TASK, environment: `old-${i}`, payload: {} },
        ['queued', 'success'],
      );
    }

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(summary).toMatchObject({ pending: 1, dispatched: 1 });
    expect(h.fake.requestsTo('GET', /\/deployments$/).length).toBeGreaterThanOrEqual(2);
  });

  it('removes finished re-run records older than 30 days, five per run, and nothing else', async () => {
    const old = '2026-10-01T00:00:00Z';
    const finishedOld = ['success', 'error', 'inactive'].flatMap((state) =>
      Array.from({ length: 4 }, () =>
        h.github.seedDeployment(
          { repo: FULL_REPO, task: RERUN_TASK, payload: {}, created_at: old },
          ['queued', state],
        ),
      ),
    );
    const finishedRecent = h.github.seedDeployment(
      { repo: FULL_REPO, task: RERUN_TASK, payload: {}, created_at: '2026-11-20T00:00:00Z' },
      ['queued', 'success'],
    );
    const realDeploy = h.github.seedDeployment(
      { repo: FULL_REPO, task: 'deploy', created_at: old },
      ['success'],
    );
    const longWait = await recordAt('2027-01-04T08:00:00Z');
    const longWaitRow = h.github.deployments.find((d) => d.id === longWait.deploymentId);
    if (longWaitRow) longWaitRow.created_at = old;

    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));
    const ids = () => new Set(h.github.deployments.map((d) => d.id));
    expect(finishedOld.filter((d) => ids().has(d.id))).toHaveLength(7);

    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:11:00Z')));
    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:21:00Z')));
    expect(finishedOld.filter((d) => ids().has(d.id))).toHaveLength(0);
    expect(ids().has(finishedRecent.id)).toBe(true);
    expect(ids().has(realDeploy.id)).toBe(true);
    expect(h.github.latestState(realDeploy.id)).toBe('success');
    expect(h.github.latestState(longWait.deploymentId)).toBe('queued');
  });

  /** A scheduler run just after the opening skips the re-run: nothing fired, `latest` stays last. */
  async function expectSkippedLeaving(
    deploymentId: number,
    latest: { state: string; description: string },
  ) {
    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));
    expect(summary).toMatchObject({ dispatched: 0, skipped: 1 });
    expect(h.github.dispatches).toHaveLength(0);
    expect(h.github.statuses(deploymentId)[0]).toMatchObject(latest);
  }

  it('a scheduler whose claim lands after another run already fired it backs off and leaves the outcome last', async () => {
    const record = await recordAt(OPENING);
    let raced = false;
    h.github.beforeStatus = (id, state) => {
      if (raced || state !== 'in_progress') return;
      raced = true; // Another scheduler claimed, dispatched and finished in the meantime.
      h.github.addStatus(id, 'in_progress', 'dispatching (scheduler run 1)');
      h.github.addStatus(id, 'success', 'Dispatched deploy.yml on main at 2026-11-23T08:00:30Z');
    };

    await expectSkippedLeaving(record.deploymentId, {
      state: 'success',
      description: 'Dispatched deploy.yml on main at 2026-11-23T08:00:30Z',
    });
  });

  it('does not fire a re-run superseded between its read and its claim', async () => {
    const record = await recordAt(OPENING);
    h.github.beforeStatus = (id, state) => {
      if (state === 'in_progress' && h.github.latestState(id) === 'queued') {
        h.github.addStatus(id, 'inactive', 'Superseded by the re-run in deployment #99');
      }
    };

    await expectSkippedLeaving(record.deploymentId, {
      state: 'inactive',
      description: 'Superseded by the re-run in deployment #99',
    });
  });

  it('two overlapping schedulers fire a due re-run once', async () => {
    await recordAt(OPENING);
    const clock = virtualClock('2026-11-23T08:01:00Z');

    await expectOneDispatchFromTwoSchedulers(h, clock, ['1', '2']);
  });
});

describe('dispatchSummaryMarkdown', () => {
  it('shows one row per re-run with its outcome', () => {
    const text = dispatchSummaryMarkdown(
      dispatchSummary(
        [
          {
            deploymentId: 7,
            environment: 'production',
            workflow: 'deploy.yml',
            ref: 'main',
            notBefore: OPENING,
            outcome: 'dispatched',
            detail: null,
          },
          {
            deploymentId: 8,
            environment: 'staging',
            workflow: 'gone.yml',
            ref: 'a|b',
            notBefore: OPENING,
            outcome: 'failed',
            detail: 'Workflow gone.yml not found (404)',
          },
        ],
        { pending: 2, dispatched: 1, failed: 1 },
      ),
    );
    expect(text).toContain('1 dispatched, 0 not due yet, 1 failed, 0 skipped.');
    expect(text).toContain(
      '| #7 | production | deploy.yml | main | 2026-11-23T08:00:00Z | dispatched |  |',
    );
    expect(text).toContain(
      '| #8 | staging | gone.yml | a\\|b | 2026-11-23T08:00:00Z | failed | Workflow gone.yml not found (404) |',
    );
  });
});

describe('dispatchSummaryMarkdown with a forged record', () => {
  it('shows what a record says as inert text: no link, mention or extra row', () => {
    const text = dispatchSummaryMarkdown(
      dispatchSummary(
        [
          {
            deploymentId: 9,
            environment: 'prod\n| #1 | forged |',
            workflow: '[click](https://evil.example)',
            ref: '@admins',
            notBefore: null,
            outcome: 'refused',
            detail: 'Not dispatched: created by mallory',
          },
        ],
        { pending: 1, failed: 1 },
      ),
    );
    expect(text.split('\n').filter((line) => line.startsWith('| #'))).toHaveLength(1);
    expect(text).toContain('\\[click\\](https\u200D://evil.example)');
    expect(text).not.toContain('| @admins |');
    expect(text).toContain('| refused |');
  });
});

describe("runDispatch with the action's own client (GitHubApiError)", () => {
  const h = perTest(() => startHarness('action'));

  it('records the reason GitHub gave for a refused dispatch', async () => {
    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    h.fake.failNext('POST', /\/dispatches$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });

    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:01:00Z')));

    expect(summary.failed).toBe(1);
    expect(h.github.statuses(record?.deploymentId ?? -1)[0]).toMatchObject({
      state: 'error',
      description:
        'Forbidden (403): the token needs actions: write. Resource not accessible by integration',
    });
  });
});

describe('the re-run lists are bounded (an API that always has a next page)', () => {
  const h = perTest(() => startHarness('action'));

  /** Answers every page of `path` with no rows and a link to one more, up to 400 pages. */
  function endlessPages(path: RegExp): () => number {
    let served = 0;
    h.fake.route('GET', path, (request) => {
      served += 1;
      const page = Number(request.query.page ?? 1) || 1;
      const headers: Record<string, string> = {};
      if (page < 400) {
        headers.link = `<${h.fake.url}${request.path}?per_page=100&page=${page + 1}>; rel="next"`;
      }
      return { status: 200, body: [], headers };
    });
    return () => served;
  }

  it('command: dispatch reads at most 10 pages of deployments, and says so', async () => {
    const served = endlessPages(/^\/repos\/acme\/shop\/deployments$/);
    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:03:00Z')));
    expect(served()).toBe(10);
    expect(h.log.warnings().join('\n')).toContain('the newest 1,000 re-run records');
  });

  it('a blocked gate with reschedule reads at most 10 pages when superseding', async () => {
    const served = endlessPages(/^\/repos\/acme\/shop\/deployments$/);
    await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    expect(served()).toBe(10);
  });

  it("a deployment's statuses: at most 10 pages", async () => {
    await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const served = endlessPages(/^\/repos\/acme\/shop\/deployments\/\d+\/statuses$/);
    await runDispatch(h.dispatchContext(virtualClock('2026-11-23T07:00:00Z')));
    expect(served()).toBe(10);
  });
});

describe('a deployment list of the wrong shape', () => {
  const h = perTest(() => startHarness('action'));

  it('rows that are not deployments, or whose fields are not text, are skipped, not a crash', async () => {
    const payload = {
      workflow: 'deploy.yml',
      ref: 'main',
      notBefore: OPENING,
      runId: '1',
      inputs: {},
      environment: 'production',
      sha: null,
    };
    h.fake.route('GET', /^\/repos\/acme\/shop\/deployments$/, () => ({
      status: 200,
      body: [
        null,
        'junk',
        { id: 'seven', task: RERUN_TASK, environment: 'production', ref: 'main', payload },
        { id: 8, task: RERUN_TASK, environment: 42, ref: 'main', payload },
        { id: 9, task: RERUN_TASK, environment: 'production', ref: { x: 1 }, payload },
        // Well formed, but its statuses are not.
        {
          id: 10,
          task: RERUN_TASK,
          environment: 'production',
          ref: 'main',
          created_at: OPENING,
          payload,
        },
      ],
    }));
    h.fake.route('GET', /^\/repos\/acme\/shop\/deployments\/\d+\/statuses$/, () => ({
      status: 200,
      body: [
        null,
        { id: 'x', state: 7 },
        { id: 1, state: 'queued', description: '', created_at: OPENING },
      ],
    }));
    const summary = await runDispatch(h.dispatchContext(virtualClock('2026-11-23T08:03:00Z')));
    expect(summary.dispatched).toBe(0);
    expect(h.github.dispatches).toEqual([]);
    expect(dispatchSummaryMarkdown(summary)).toContain('deploy-window');
  });
});
