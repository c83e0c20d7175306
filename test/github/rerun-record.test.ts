import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RERUN_TASK, recordRerun, retirePendingReruns } from '../../src/github/rerun/index.js';
import {
  blockedDecision,
  DISPATCHABLE_WORKFLOW,
  FULL_REPO,
  type Harness,
  startHarness,
} from './rerun-fixtures.js';

const OPENING = '2026-11-23T08:00:00Z'; // Monday 09:00 in Berlin

describe('recordRerun against the fake GitHub API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates a deploy-window:rerun deployment with the payload and a queued status', async () => {
    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(h.github.deployments).toHaveLength(1);
    const [deployment] = h.github.deployments;
    expect(deployment).toMatchObject({
      repo: FULL_REPO,
      task: RERUN_TASK,
      environment: 'production',
      ref: 'main',
      auto_merge: false,
      required_contexts: [],
      payload: {
        workflow: 'deploy.yml',
        ref: 'main',
        notBefore: OPENING,
        runId: '4242',
        inputs: {},
        environment: 'production',
      },
    });
    const statuses = h.github.statuses(deployment?.id ?? -1);
    expect(statuses.map((s) => s.state)).toEqual(['queued']);
    const description = statuses[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(140);
    expect(description).toMatch(/wait/i);
    expect(description).toBe(
      'Waiting for the deploy window: re-run of deploy.yml at 2026-11-23T08:00:00Z (2026-11-23 09:00 Europe/Berlin)',
    );
    expect(statuses[0]?.log_url).toBe('https://github.example/acme/shop/actions/runs/4242');
    expect(statuses[0]?.auto_inactive).toBe(false);

    expect(record).toMatchObject({
      deploymentId: deployment?.id,
      environment: 'production',
      superseded: [],
    });
    expect(record?.message).toContain('deploy.yml');
    expect(record?.message).toContain(OPENING);
    expect(record?.message).toContain('2026-11-23 09:00 Europe/Berlin');
  });

  it('keeps the queued description within the 140 characters GitHub accepts', async () => {
    const file = `deploy-${'very-long-name-'.repeat(6)}.yml`;
    h.github.addWorkflow(FULL_REPO, file);
    await h.writeWorkflow(DISPATCHABLE_WORKFLOW, file);
    const env = {
      ...h.env,
      GITHUB_WORKFLOW_REF: `${FULL_REPO}/.github/workflows/${file}@refs/heads/main`,
    };

    const record = await recordRerun(
      h.rerunContext({ env }),
      blockedDecision(OPENING, { timezone: 'America/Argentina/ComodRivadavia' }),
    );

    expect(record).not.toBeNull();
    const description = h.github.statuses(record?.deploymentId ?? -1)[0]?.description ?? '';
    expect(description.length).toBe(140);
    expect(description.endsWith('…')).toBe(true);
  });

  it('carries the inputs of a run that was itself a workflow_dispatch', async () => {
    await h.writeWorkflow(
      DISPATCHABLE_WORKFLOW.replace(
        '        type: string\n',
        '        type: string\n      dry_run:\n        type: boolean\n',
      ),
    );
    const eventPath = join(h.workspace, 'event.json');
    await writeFile(
      eventPath,
      JSON.stringify({ inputs: { version: '1.4.2', dry_run: false }, ref: 'refs/tags/v1.4.2' }),
    );
    Object.assign(h.env, {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: 'refs/tags/v1.4.2',
    });

    await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(h.github.deployments[0]).toMatchObject({
      ref: 'v1.4.2',
      payload: { ref: 'v1.4.2', inputs: { version: '1.4.2', dry_run: 'false' } },
    });
  });

  it('keeps one pending re-run per environment and ref: the newer one supersedes the older', async () => {
    const first = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const otherRef = await recordRerun(
      h.rerunContext({ env: { ...h.env, GITHUB_REF: 'refs/heads/hotfix' } }),
      blockedDecision(OPENING),
    );
    const otherEnv = await recordRerun(
      h.rerunContext({ environment: 'staging' }),
      blockedDecision(OPENING),
    );
    const second = await recordRerun(h.rerunContext(), blockedDecision('2026-11-24T08:00:00Z'));

    expect(second?.superseded).toEqual([first?.deploymentId]);
    expect(h.github.latestState(first?.deploymentId ?? -1)).toBe('inactive');
    expect(h.github.statuses(first?.deploymentId ?? -1)[0]?.description).toContain(
      `#${second?.deploymentId}`,
    );
    expect(h.github.latestState(second?.deploymentId ?? -1)).toBe('queued');
    expect(h.github.latestState(otherRef?.deploymentId ?? -1)).toBe('queued');
    expect(h.github.latestState(otherEnv?.deploymentId ?? -1)).toBe('queued');
  });

  it('does not touch deployments that are not pending re-runs', async () => {
    const realDeploy = h.github.seedDeployment(
      { repo: FULL_REPO, environment: 'production', task: 'deploy' },
      ['success'],
    );
    const firedRerun = h.github.seedDeployment(
      { repo: FULL_REPO, environment: 'production', task: RERUN_TASK, payload: {} },
      ['queued', 'success'],
    );

    await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(h.github.latestState(realDeploy.id)).toBe('success');
    expect(h.github.latestState(firedRerun.id)).toBe('success');
  });

  it('warns with the exact line to add and records nothing when the workflow cannot be dispatched', async () => {
    await h.writeWorkflow('name: Deploy\non:\n  push:\n    branches: [main]\njobs: {}\n');

    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(record).toBeNull();
    expect(h.github.deployments).toHaveLength(0);
    expect(h.fake.requestsTo('POST', /deployments/)).toHaveLength(0);
    const [warning] = h.log.warnings();
    expect(warning).toContain('.github/workflows/deploy.yml');
    expect(warning).toContain('`workflow_dispatch:`');
    expect(warning).toContain('line 2');
  });

  it('records anyway when the workflow file cannot be read now (no contents: read), saying so', async () => {
    h.fake.failNext('GET', /\/contents\/\.github\/workflows\/deploy\.yml$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });
    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    expect(record).not.toBeNull();
    const said = h.log.lines.map((l) => l.text).join('\n');
    expect(said).toContain('Could not check .github/workflows/deploy.yml');
    expect(said).toContain('contents: read');
  });

  it('judges the workflow by its copy at the default branch, not by the checkout', async () => {
    // The checkout (the change being deployed) has no trigger; the default branch's copy does.
    await h.writeWorkspaceFile(
      '.github/workflows/deploy.yml',
      'name: Deploy\non: push\njobs: {}\n',
    );
    expect(await recordRerun(h.rerunContext(), blockedDecision(OPENING))).not.toBeNull();

    // The default branch's copy no longer runs deploy-window: the scheduler would refuse it.
    await h.writeWorkflow(
      DISPATCHABLE_WORKFLOW.replace('uses: acme/deploy-window@v1', 'run: ./deploy.sh'),
    );
    expect(await recordRerun(h.rerunContext(), blockedDecision(OPENING))).toBeNull();
    expect(h.github.deployments).toHaveLength(1);
    expect(h.log.warnings().join('\n')).toMatch(
      /No re-run recorded: \.github\/workflows\/deploy\.yml at main has no step that uses deploy-window/,
    );
  });

  it('records nothing for a workflow that does not exist at the default branch, saying why', async () => {
    h.github.addWorkflow(FULL_REPO, 'preview.yml', { refs: ['feature'] });
    const env = {
      ...h.env,
      GITHUB_WORKFLOW_REF: `${FULL_REPO}/.github/workflows/preview.yml@refs/heads/feature`,
      GITHUB_REF: 'refs/heads/feature',
    };

    expect(await recordRerun(h.rerunContext({ env }), blockedDecision(OPENING))).toBeNull();

    expect(h.github.deployments).toHaveLength(0);
    expect(h.log.warnings()[0]).toContain('.github/workflows/preview.yml does not exist at main');
  });

  it('records nothing when the inputs of this run are not declared at the default branch', async () => {
    const eventPath = join(h.workspace, 'event.json');
    await writeFile(eventPath, JSON.stringify({ inputs: { version: '1', skip_checks: 'true' } }));
    const env = { ...h.env, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: eventPath };

    expect(await recordRerun(h.rerunContext({ env }), blockedDecision(OPENING))).toBeNull();

    expect(h.github.deployments).toHaveLength(0);
    expect(h.log.warnings()[0]).toContain('skip_checks');
  });

  it('records nothing for an allowed decision or one with no opening in the horizon', async () => {
    expect(
      await recordRerun(h.rerunContext(), blockedDecision(OPENING, { allowed: true })),
    ).toBeNull();
    expect(
      await recordRerun(h.rerunContext(), blockedDecision(OPENING, { nextOpen: null })),
    ).toBeNull();
    expect(h.github.deployments).toHaveLength(0);
    expect(h.log.warnings()[0]).toMatch(/does not open again within the horizon/);
  });

  it('names the permission it needs when GitHub refuses the deployment', async () => {
    h.fake.failNext('POST', /\/deployments$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });

    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(record).toBeNull();
    expect(h.log.warnings()[0]).toContain('Resource not accessible by integration');
    expect(h.log.warnings()[0]).toContain('deployments: write');
  });

  it('leaves no half-written record when the queued status cannot be written', async () => {
    h.github.seedDeployment({ repo: FULL_REPO, environment: 'production', task: 'deploy' }, [
      'success',
    ]);
    h.fake.failNext('POST', /\/deployments\/\d+\/statuses$/, 500, 1);

    const record = await recordRerun(h.rerunContext(), blockedDecision(OPENING));

    expect(record).toBeNull();
    expect(h.github.deployments.filter((d) => d.task === RERUN_TASK)).toHaveLength(0);
    expect(h.log.warnings()[0]).toMatch(/could not mark deployment #\d+ queued/);
  });

  it('writes nothing once the job is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      await recordRerun(h.rerunContext({ signal: controller.signal }), blockedDecision(OPENING)),
    ).toBeNull();
    expect(h.github.deployments).toHaveLength(0);
  });

  it('uses the deploy-window environment when the gate judged no environment', async () => {
    await recordRerun(
      h.rerunContext({ environment: null }),
      blockedDecision(OPENING, { environment: null }),
    );
    // The scheduler fires a record only when both name the same environment.
    expect(h.github.deployments[0]).toMatchObject({
      environment: 'deploy-window',
      payload: { environment: 'deploy-window' },
    });
  });
});

describe('retirePendingReruns', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('retires the queued re-run of the same environment and ref once a run was allowed', async () => {
    const pending = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const otherEnv = await recordRerun(
      h.rerunContext({ environment: 'staging' }),
      blockedDecision(OPENING),
    );

    const retired = await retirePendingReruns(
      h.rerunContext({ env: { ...h.env, GITHUB_RUN_ID: '777' } }),
    );

    expect(retired).toEqual([pending?.deploymentId]);
    expect(h.github.latestState(pending?.deploymentId ?? -1)).toBe('inactive');
    expect(h.github.statuses(pending?.deploymentId ?? -1)[0]?.description).toContain(
      'run 777 was allowed',
    );
    expect(h.github.latestState(otherEnv?.deploymentId ?? -1)).toBe('queued');
    expect(await retirePendingReruns(h.rerunContext())).toEqual([]);
  });
});

describe('a claim left by a scheduler that died', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('is retired by an allowed run and superseded by a newer record, like a queued one', async () => {
    const stale = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const hotfix = await recordRerun(
      h.rerunContext({ env: { ...h.env, GITHUB_REF: 'refs/heads/hotfix' } }),
      blockedDecision(OPENING),
    );
    // Both claimed at 11:40 by a scheduler that never wrote again; the gate runs at 12:00.
    h.github.now = () => Date.parse('2026-11-21T11:40:00Z');
    for (const record of [stale, hotfix]) {
      h.github.addStatus(record?.deploymentId ?? -1, 'in_progress', 'dispatching (run 1)');
    }

    expect(await retirePendingReruns(h.rerunContext())).toEqual([stale?.deploymentId]);
    const newer = await recordRerun(
      h.rerunContext({ env: { ...h.env, GITHUB_REF: 'refs/heads/hotfix' } }),
      blockedDecision(OPENING),
    );

    expect(h.github.latestState(stale?.deploymentId ?? -1)).toBe('inactive');
    expect(newer?.superseded).toEqual([hotfix?.deploymentId]);
    expect(h.github.latestState(hotfix?.deploymentId ?? -1)).toBe('inactive');
  });
});

describe("recordRerun with the action's own client (GitHubApiError)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('action');
  });
  afterEach(async () => {
    await h.close();
  });

  it('names the permission it needs when GitHub refuses the deployment', async () => {
    h.fake.failNext('POST', /\/deployments$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });

    expect(await recordRerun(h.rerunContext(), blockedDecision(OPENING))).toBeNull();

    expect(h.log.warnings()[0]).toBe(
      'No re-run recorded: creating the deployment failed (403): Resource not accessible by integration. The token needs `deployments: write` (workflow `permissions:`).',
    );
  });
});

describe('a pull request from a fork', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A run of pull request 7, whose head branch `main` lives in mallory/shop. */
  async function forkPullEnv(event: 'pull_request' | 'pull_request_target' = 'pull_request') {
    const eventPath = join(h.workspace, 'event.json');
    await writeFile(
      eventPath,
      JSON.stringify({
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: 'main', repo: { full_name: 'mallory/shop', fork: true } },
          base: { ref: 'main', repo: { full_name: 'acme/shop' } },
        },
      }),
    );
    return {
      ...h.env,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      // pull_request_target runs on the base branch: GITHUB_REF names it, not the merge ref.
      GITHUB_REF: event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
      GITHUB_HEAD_REF: 'main',
    };
  }

  it('under pull_request_target (GITHUB_REF is the base branch) records and retires nothing either', async () => {
    const pending = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    const env = await forkPullEnv('pull_request_target');
    expect(await recordRerun(h.rerunContext({ env }), blockedDecision(OPENING))).toBeNull();
    expect(h.github.deployments).toHaveLength(1);
    expect(await retirePendingReruns(h.rerunContext({ env }))).toEqual([]);
    expect(h.github.latestState(pending?.deploymentId ?? -1)).toBe('queued');
  });

  it("records no re-run of this repository's branch of the same name, and says why", async () => {
    const env = await forkPullEnv();
    expect(await recordRerun(h.rerunContext({ env }), blockedDecision(OPENING))).toBeNull();
    expect(h.github.deployments).toEqual([]);
    expect(h.log.warnings().join('\n')).toContain('No re-run recorded');
  });

  it("when allowed, retires nothing of this repository's branch of the same name", async () => {
    const pending = await recordRerun(h.rerunContext(), blockedDecision(OPENING));
    expect(pending).not.toBeNull();
    const env = await forkPullEnv();
    expect(await retirePendingReruns(h.rerunContext({ env }))).toEqual([]);
    expect(h.github.latestState(pending?.deploymentId ?? -1)).toBe('queued');
  });
});
