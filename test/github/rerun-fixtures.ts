// Shared pieces of the re-run tests: a fake GitHub with deployments (and the workflow file at
// the default branch), a workspace, a virtual clock, a logger that keeps its lines, and a
// blocked decision.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getOctokit } from '@actions/github';
import type { Decision } from '../../src/core/types.js';
import type { Clock, GateLogger } from '../../src/gate/types.js';
import { createClient, type GitHubClient } from '../../src/github/client.js';
import type { DispatchContext, RerunContext, RerunEnv } from '../../src/github/rerun/index.js';
import { decisionFixture } from '../support/decision-fixture.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes, type FakeDeployments } from '../support/fake-github-deployments.js';

export const OWNER = 'acme';
export const REPO = 'shop';
export const FULL_REPO = `${OWNER}/${REPO}`;

export const DISPATCHABLE_WORKFLOW = `name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      version:
        type: string
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/deploy-window@v1
        with: { environment: production, reschedule: true }
`;

export interface RecordedLog extends GateLogger {
  lines: { level: 'info' | 'warning' | 'error'; text: string }[];
  warnings(): string[];
}

export function recordingLogger(): RecordedLog {
  const lines: RecordedLog['lines'] = [];
  return {
    lines,
    info: (text) => lines.push({ level: 'info', text }),
    warning: (text) => lines.push({ level: 'warning', text }),
    error: (text) => lines.push({ level: 'error', text }),
    group: (_title, body) => body(),
    warnings: () => lines.filter((line) => line.level === 'warning').map((line) => line.text),
  };
}

export interface VirtualClock extends Clock {
  set(iso: string): void;
  sleeps: number[];
}

/** Time stands still until set or slept through; sleeping advances it at once. */
export function virtualClock(iso: string): VirtualClock {
  let now = Date.parse(iso);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    set(next) {
      now = Date.parse(next);
    },
    async sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return false;
      now += ms;
      return true;
    },
  };
}

/** Blocked on Sat 21 Nov 2026 12:00 UTC, opening at `nextOpen` (an ISO instant). */
export function blockedDecision(nextOpen: string, overrides: Partial<Decision> = {}): Decision {
  const opening = Date.parse(nextOpen);
  return decisionFixture({
    at: Date.parse('2026-11-21T12:00:00Z'),
    blockingWindows: ['business-hours'],
    nextOpen: opening,
    message: null,
    upcoming: [{ start: opening, end: null }],
    ...overrides,
  });
}

export interface Harness {
  fake: FakeGitHub;
  github: FakeDeployments;
  workspace: string;
  log: RecordedLog;
  octokit: GitHubClient;
  env: RerunEnv;
  rerunContext(overrides?: Partial<RerunContext>): RerunContext;
  /** The scheduler's context; GitHub's clock (created_at of what it writes) follows `clock`. */
  dispatchContext(clock: Clock, overrides?: Partial<DispatchContext>): DispatchContext;
  /** An Octokit whose token acts as `login` in the fake (`<slug>[bot]`: an App's token). */
  clientActingAs(token: string, login: string): GitHubClient;
  /** The text of `.github/workflows/<file>` at the default branch (contents API). */
  writeWorkflow(text: string, file?: string): Promise<void>;
  /** A file in the checked-out workspace only. */
  writeWorkspaceFile(path: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `plain`: Octokit as @actions/github makes it (fast: no write throttling).
 * `action`: the action's own client (src/github/client.ts: GitHubApiError, retries and
 * GitHub's one-write-a-second throttling), for tests of how its errors read.
 */
export type HarnessClient = 'plain' | 'action';

export async function startHarness(client: HarnessClient = 'plain'): Promise<Harness> {
  const fake = await startFakeGitHub();
  const github = addDeploymentRoutes(fake);
  github.addWorkflow(FULL_REPO, 'deploy.yml', { inputs: ['version'] });
  const workspace = await mkdtemp(join(tmpdir(), 'rerun-'));
  const log = recordingLogger();
  const octokit =
    client === 'plain'
      ? getOctokit('test-token', { baseUrl: fake.url })
      : createClient('test-token', {
          baseUrl: fake.url,
          log,
          retries: 0,
          retryBaseMs: 1,
          env: {},
        });
  const env: RerunEnv = {
    GITHUB_WORKFLOW_REF: `${FULL_REPO}/.github/workflows/deploy.yml@refs/heads/main`,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'c0ffee'.padEnd(40, '0'),
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: FULL_REPO,
  };
  const harness: Harness = {
    fake,
    github,
    workspace,
    log,
    octokit,
    env,
    rerunContext: (overrides = {}) => ({
      octokit,
      owner: OWNER,
      repo: REPO,
      env,
      log,
      clock: virtualClock('2026-11-21T12:00:00Z'),
      environment: 'production',
      ...overrides,
    }),
    dispatchContext: (clock, overrides = {}) => {
      github.now = () => clock.now();
      return {
        octokit,
        owner: OWNER,
        repo: REPO,
        env: { ...env, GITHUB_RUN_ID: '9001', GITHUB_EVENT_NAME: 'schedule' },
        log,
        clock,
        ...overrides,
      };
    },
    clientActingAs(token, login) {
      fake.state.users.set(token, login);
      return getOctokit(token, { baseUrl: fake.url });
    },
    async writeWorkflow(text, file = 'deploy.yml') {
      github.addWorkflow(FULL_REPO, file, { ...github.workflow(FULL_REPO, file), text });
    },
    async writeWorkspaceFile(path, text) {
      await mkdir(dirname(join(workspace, path)), { recursive: true });
      await writeFile(join(workspace, path), text);
    },
    async close() {
      await fake.close();
      await rm(workspace, { recursive: true, force: true });
    },
  };
  await harness.writeWorkflow(DISPATCHABLE_WORKFLOW);
  return harness;
}
