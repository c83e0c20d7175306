// The whole cycle in process, with the real engine, gate and GitHub platform against the fake
// GitHub API and a virtual clock: blocked -> recorded -> (scheduler too early: nothing) ->
// dispatched at the opening -> the dispatched run is judged again and allowed. And a
// dispatched run that is blocked again records a new re-run for a later opening: no loop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokensFromEnvironment } from '../../src/cli/platform-tokens.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateOptions } from '../../src/gate/types.js';
import { createGitHubPlatform } from '../../src/github/platform.js';
import { runDispatch } from '../../src/github/rerun/index.js';
import {
  FULL_REPO,
  type Harness,
  recordingLogger,
  startHarness,
  type VirtualClock,
  virtualClock,
} from './rerun-fixtures.js';

const BUSINESS_HOURS = `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;
const MONDAY_FREEZE = `${BUSINESS_HOURS}  - name: monday-freeze
    kind: deny
    dates: [2026-11-23]
`;

const OPTIONS: GateOptions = {
  platform: 'github',
  configPath: '.github/deploy-windows.yml',
  environment: 'production',
  at: null,
  mode: 'fail',
  maxWait: 330,
  minDuration: 0,
  horizon: 366 * 1440,
  comment: false,
  reschedule: true,
  actor: 'bob',
  policyRef: null,
};

describe('the re-run cycle through the gate and the GitHub platform', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await writePolicy(BUSINESS_HOURS);
  });
  afterEach(async () => {
    await h.close();
  });

  /** The window config at the default branch (and the same in the checkout). */
  async function writePolicy(text: string) {
    h.fake.setFiles({ [OPTIONS.configPath]: text });
    await h.writeWorkspaceFile(OPTIONS.configPath, text);
  }

  async function gateRun(clock: VirtualClock, env: Record<string, string> = {}) {
    const log = recordingLogger();
    const runEnv = {
      ...h.env,
      GITHUB_API_URL: h.fake.url,
      DEPLOY_WINDOW_TOKEN: 'test-token',
      ...env,
    };
    const platform = await createGitHubPlatform({
      env: runEnv,
      tokens: tokensFromEnvironment('github', runEnv),
      options: OPTIONS,
      log,
      workspace: h.workspace,
      outputFile: null,
    });
    const result = await runGate(OPTIONS, platform, clock);
    return { result, log };
  }

  const scheduler = (clock: VirtualClock) =>
    runDispatch(h.dispatchContext(clock, { lookaheadMinutes: 15 }));

  it('blocked on Friday evening -> re-run fires Monday 09:00 Berlin -> allowed', async () => {
    // Friday 2026-11-20 17:30 in Berlin: after hours.
    const blocked = await gateRun(virtualClock('2026-11-20T16:30:00Z'));
    expect(blocked.result.exitCode).toBe(1);
    expect(blocked.result.decision?.nextOpen).toBe(Date.parse('2026-11-23T08:00:00Z'));
    expect(h.github.deployments).toHaveLength(1);
    const record = h.github.deployments[0];
    expect(record?.payload).toMatchObject({
      workflow: 'deploy.yml',
      ref: 'main',
      notBefore: '2026-11-23T08:00:00Z',
    });

    // Saturday: the scheduler leaves it alone.
    expect(await scheduler(virtualClock('2026-11-21T10:00:00Z'))).toMatchObject({
      dispatched: 0,
      notDue: 1,
    });
    expect(h.github.dispatches).toHaveLength(0);

    // Monday 08:52 Berlin: within the lookahead, the scheduler waits for 09:00 and fires.
    const monday = virtualClock('2026-11-23T07:52:00Z');
    expect(await scheduler(monday)).toMatchObject({ dispatched: 1 });
    expect(monday.now()).toBe(Date.parse('2026-11-23T08:00:00Z'));
    expect(h.github.dispatches).toEqual([
      { repo: FULL_REPO, workflow: 'deploy.yml', ref: 'main', inputs: {} },
    ]);
    expect(h.github.latestState(record?.id ?? -1)).toBe('success');

    // The dispatched run, a few seconds later, is judged by the windows: open.
    const rerun = await gateRun(virtualClock('2026-11-23T08:00:20Z'), {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_RUN_ID: '5000',
    });
    expect(rerun.result.exitCode).toBe(0);
    expect(rerun.result.decision).toMatchObject({ allowed: true, reason: 'inside-allow-window' });
    expect(h.github.deployments).toHaveLength(1);
  });

  it('a dispatched run blocked again records a new re-run at the next opening, which the scheduler does not fire early', async () => {
    await gateRun(virtualClock('2026-11-20T16:30:00Z'));
    await scheduler(virtualClock('2026-11-23T08:01:00Z'));
    expect(h.github.dispatches).toHaveLength(1);

    // Someone froze Monday meanwhile: the dispatched run does not get through.
    await writePolicy(MONDAY_FREEZE);
    const rerun = await gateRun(virtualClock('2026-11-23T08:01:30Z'), {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_RUN_ID: '5000',
    });
    expect(rerun.result.exitCode).toBe(1);
    expect(rerun.result.decision?.nextOpen).toBe(Date.parse('2026-11-24T08:00:00Z'));
    expect(h.github.deployments).toHaveLength(2);
    expect(h.github.deployments[1]?.payload).toMatchObject({
      notBefore: '2026-11-24T08:00:00Z',
      runId: '5000',
    });

    // Later scheduler runs on Monday fire nothing: the new opening is Tuesday.
    for (const at of ['2026-11-23T08:06:00Z', '2026-11-23T12:00:00Z', '2026-11-23T23:59:00Z']) {
      expect(await scheduler(virtualClock(at))).toMatchObject({ dispatched: 0, notDue: 1 });
    }
    expect(h.github.dispatches).toHaveLength(1);
    expect(await scheduler(virtualClock('2026-11-24T08:00:00Z'))).toMatchObject({ dispatched: 1 });
    expect(h.github.dispatches).toHaveLength(2);
  });
});
