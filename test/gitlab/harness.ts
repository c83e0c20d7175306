// Runs the real gate (runGate) with the GitLab platform against the fake GitLab API, in a
// throwaway workspace, and captures what the job log would show. The workspace's files are
// also the default branch (`main`) the fake serves, unless a test gives that branch its own.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tokensFromEnvironment } from '../../src/cli/platform-tokens.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { Clock, GateLogger, GateOptions, GateResult } from '../../src/gate/types.js';
import { createGitLabPlatform, type GitLabPlatformOverrides } from '../../src/gitlab/platform.js';
import type { FakeGitLab } from '../support/fake-gitlab.js';
import { gateOptions } from '../support/gate-options.js';

export { BUSINESS_HOURS, NEXT_OPEN, SATURDAY, TUESDAY } from '../support/business-hours.js';

const workspaceFiles = new Map<string, Record<string, string>>();

export function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-gitlab-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  workspaceFiles.set(root, files);
  return root;
}

export interface GateRun {
  result: GateResult;
  lines: string[];
  warnings: string[];
  errors: string[];
  /** Raw text written for collapsible sections. */
  sections: string;
}

export interface RunOptions {
  fake: FakeGitLab | null;
  root: string;
  at: string;
  env?: Record<string, string | undefined>;
  options?: Partial<GateOptions>;
  outputFile?: string | null;
  /** Omit DEPLOY_WINDOW_TOKEN. */
  noToken?: boolean;
  /** The files of `main` on the fake (default: the workspace's files). */
  policy?: Record<string, string>;
  /** The job is cancelled during its first wait (SIGTERM): the sleep ends early. */
  cancelWait?: boolean;
  /** Called when the gate first sleeps (what changes on GitLab while it waits). */
  onFirstWait?: () => void;
  /** More of what `deploy-window gate` hands the platform: the policy-token variable's name, ... */
  platform?: GitLabPlatformOverrides;
}

export function gitlabEnv(fake: FakeGitLab | null, extra: Record<string, string | undefined> = {}) {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: fake?.apiUrl ?? 'http://127.0.0.1:9/api/v4',
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example/acme/app',
    CI_COMMIT_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    CI_COMMIT_REF_NAME: 'main',
    CI_DEFAULT_BRANCH: 'main',
    CI_PIPELINE_SOURCE: 'push',
    CI_JOB_TOKEN: fake?.jobToken,
    DEPLOY_WINDOW_TOKEN: fake?.token,
    ...extra,
  };
}

export async function runGitLabGate(run: RunOptions): Promise<GateRun> {
  const lines: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  let sections = '';
  const log: GateLogger = {
    info: (line) => lines.push(line),
    warning: (line) => warnings.push(line),
    error: (line) => errors.push(line),
    group: async (title, body) => {
      lines.push(title);
      return body();
    },
  };
  const env = gitlabEnv(run.fake, run.env);
  if (run.noToken) env.DEPLOY_WINDOW_TOKEN = undefined;
  run.fake?.addFiles(run.policy ?? workspaceFiles.get(run.root) ?? {}, 'main');
  const options = gateOptions({
    platform: 'gitlab',
    environment: 'production',
    at: Date.parse(run.at),
    ...run.options,
  });
  let now = Date.parse(run.at);
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      const firstWait = run.onFirstWait;
      run.onFirstWait = undefined;
      firstWait?.();
      if (run.cancelWait) return false;
      now += ms;
      return true;
    },
  };
  const platform = await createGitLabPlatform(
    {
      env,
      tokens: tokensFromEnvironment('gitlab', env),
      options,
      log,
      workspace: run.root,
      outputFile: run.outputFile ?? null,
    },
    { retryDelayMs: 1, write: (text) => (sections += text), ...run.platform },
  );
  const result = await runGate(options, platform, clock);
  return { result, lines, warnings, errors, sections };
}

/**
 * What a run asked of the API beyond what every run asks: the policy's files, the job (who
 * started it, its project) and the project (its default branch): notes, look-ups, schedules,
 * freeze periods.
 */
export function requestsBeyondPolicy(fake: FakeGitLab) {
  return fake.requests.filter(
    (request) =>
      !/\/repository\/files\/|^\/job$/.test(request.path) &&
      !(request.method === 'GET' && /^\/projects\/[^/]+$/.test(request.path)),
  );
}
