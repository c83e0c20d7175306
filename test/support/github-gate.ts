// Runs the real gate (runGate) with the GitHub platform against the fake GitHub API, in a
// throwaway workspace, as the action would (docs/github-action.md): what the log, the step
// outputs and the job summary show.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tokensFromEnvironment } from '../../src/cli/platform-tokens.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateLogger, GateOptions, GateResult, PlatformTokens } from '../../src/gate/types.js';
import { getInputs, inputVariable } from '../../src/github/inputs.js';
import { gateOptionsFrom } from '../../src/github/main.js';
import { createGitHubPlatform, type GitHubPlatformOptions } from '../../src/github/platform.js';
import { parseOutputs } from '../e2e/action-harness.js';
import { fakeClock } from '../gate/recording-platform.js';
import type { FakeGitHub } from './fake-github.js';

export interface GitHubGateRun {
  fake: FakeGitHub;
  at: string;
  /** The checkout. */
  checkout: Record<string, string>;
  /** The files at the default branch the fake serves. */
  policy: Record<string, string>;
  /** Over the action's defaults (its inputs left empty but `environment: production`). */
  options?: Partial<GateOptions>;
  /** More of the runner's environment (besides the API URL and the files below). */
  env?: Record<string, string>;
  /** The event payload at GITHUB_EVENT_PATH (default `{}`). */
  event?: unknown;
  /** The platform context's tokens (default: as `deploy-window gate` reads them from env). */
  tokens?: PlatformTokens;
  platform?: GitHubPlatformOptions;
}

export interface GitHubGateOutcome {
  result: GateResult;
  /** Each log line as `level: text` (`group: title` for a collapsible group). */
  log: string;
  /** What the run wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the run wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** How long the run took on the wall clock. */
  ms: number;
}

/** A fresh directory holding the given files (path -> text). */
export function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-github-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A logger that keeps each line as `level: text`. */
export function recordingLog(): GateLogger & { lines: string[] } {
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

export async function runGitHubGate(run: GitHubGateRun): Promise<GitHubGateOutcome> {
  const workspace = workspaceWith(run.checkout);
  run.fake.setFiles(run.policy);
  const runner = mkdtempSync(join(tmpdir(), 'dw-github-runner-'));
  const beside = (name: string, text: string) => {
    const path = join(runner, name);
    writeFileSync(path, text);
    return path;
  };
  const eventPath = beside('event.json', JSON.stringify(run.event ?? {}));
  const outputFile = beside('output', '');
  const summaryFile = beside('summary', '');
  // The options the action reads from its inputs (their defaults, environment production).
  const inputs = getInputs({ [inputVariable('environment')]: 'production' });
  const options: GateOptions = {
    ...gateOptionsFrom(inputs, {}),
    at: Date.parse(run.at),
    ...run.options,
  };
  const log = recordingLog();
  const env = {
    GITHUB_API_URL: run.fake.url,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...run.env,
  };
  const tokens = run.tokens ?? tokensFromEnvironment('github', env);
  const platform = await createGitHubPlatform(
    { env, tokens, options, log, workspace, outputFile: null },
    run.platform,
  );
  const started = Date.now();
  const result = await runGate(options, platform, fakeClock(run.at));
  return {
    result,
    ms: Date.now() - started,
    log: log.lines.join('\n'),
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}
