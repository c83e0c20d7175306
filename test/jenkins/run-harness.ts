// Runs jenkins/vars/deployWindow.groovy (or an example Jenkinsfile) in the Groovy harness of
// test/jenkins/harness: real Groovy 2.4 (Debian's `groovy`, the version Jenkins pipelines
// run), real `sh`, the real CLI bundle from the library's resources. All cases of one call share
// one JVM, because Groovy's start-up is the slow part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const LIBRARY_ROOT = join(REPO, 'jenkins');
export const CLI_RESOURCE = join(LIBRARY_ROOT, 'resources/deploy-window/deploy-window.cjs');
const HARNESS = join(REPO, 'test/jenkins/harness');

export interface BuildCause {
  _class: string;
  userId?: string;
}

export const USER_CAUSE = (userId: string): BuildCause => ({
  _class: 'hudson.model.Cause$UserIdCause',
  userId,
});
export const TIMER_CAUSE: BuildCause = { _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause' };
export const SCM_CAUSE: BuildCause = { _class: 'hudson.triggers.SCMTrigger$SCMTriggerCause' };

export interface HarnessCase {
  name: string;
  workspace: string;
  /** Arguments of deployWindow(...); or a Jenkinsfile to run instead. */
  args?: Record<string, unknown>;
  jenkinsfile?: string;
  causes?: BuildCause[];
  /** The fake clock (ISO instant) the harness's `sh` passes as --at when the step gives none. */
  clock?: string;
  /** Steps this controller lacks (e.g. readJSON without Pipeline Utility Steps). */
  missingSteps?: string[];
  /** Build environment variables (CHANGE_TARGET of a change request build, ...). */
  env?: Record<string, string>;
  /** Another library to load instead of jenkins/ (a fixture). */
  libraryRoot?: string;
}

export interface StepCall {
  step: string;
  [detail: string]: unknown;
}

export interface HarnessResult {
  name: string;
  /** returned: the step returned; completed: the Jenkinsfile ran to its end; error: error() was called. */
  outcome: 'returned' | 'completed' | 'error' | 'exception';
  error?: string;
  trace?: string;
  returns: Array<Record<string, unknown>>;
  calls: StepCall[];
  buildResult: string | null;
  /** currentBuild.description when the run ended. */
  buildDescription: string | null;
  log: string[];
}

export function javaHome(): string {
  const given = process.env.JAVA_HOME;
  if (given && existsSync(join(given, 'bin/java'))) return given;
  const debian = '/usr/lib/jvm/java-17-openjdk-amd64';
  if (existsSync(join(debian, 'bin/java'))) return debian;
  throw new Error(
    'No Java for Groovy: apt-get install -y groovy (it brings OpenJDK 17), or set JAVA_HOME',
  );
}

export function newWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-jenkins-ws-'));
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    spawnSync('mkdir', ['-p', resolve(target, '..')]);
    writeFileSync(target, text, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return dir;
}

export function git(cwd: string, args: string[]): string {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/**
 * A Jenkins checkout of a change: a clone of an `origin` repository whose `main` holds
 * `policy`, on a branch `change` that commits `change` over it (`null` deletes a file).
 */
export function newGitWorkspace(
  policy: Record<string, string>,
  change: Record<string, string | null>,
  otherBranches: Record<string, Record<string, string>> = {},
): string {
  const origin = newWorkspace(policy);
  git(origin, ['init', '--quiet', '--initial-branch=main']);
  git(origin, ['add', '--all']);
  git(origin, ['commit', '--quiet', '--message', 'policy']);
  for (const [branch, files] of Object.entries(otherBranches)) {
    git(origin, ['checkout', '--quiet', '-b', branch, 'main']);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(origin, path), text);
    git(origin, ['commit', '--quiet', '--all', '--message', branch]);
  }
  git(origin, ['checkout', '--quiet', 'main']);
  const workspace = mkdtempSync(join(tmpdir(), 'dw-jenkins-ws-'));
  git(workspace, ['clone', '--quiet', origin, '.']);
  git(workspace, ['checkout', '--quiet', '-b', 'change']);
  for (const [path, text] of Object.entries(change)) {
    if (text === null) rmSync(join(workspace, path));
    else writeFileSync(join(workspace, path), text);
  }
  git(workspace, ['add', '--all']);
  git(workspace, ['commit', '--quiet', '--allow-empty', '--message', 'change']);
  return workspace;
}

export function runHarness(cases: HarnessCase[]): Map<string, HarnessResult> {
  if (!existsSync(CLI_RESOURCE)) {
    throw new Error(
      `${CLI_RESOURCE} is missing: run npm run build (it copies dist/cli/index.js there)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'dw-jenkins-cases-'));
  const casesFile = join(dir, 'cases.json');
  const resultsFile = join(dir, 'results.json');
  const withLibrary = cases.map((testCase) => ({ libraryRoot: LIBRARY_ROOT, ...testCase }));
  writeFileSync(casesFile, JSON.stringify(withLibrary));
  const run = spawnSync(
    'groovy',
    ['-cp', HARNESS, join(HARNESS, 'RunCases.groovy'), casesFile, resultsFile],
    { env: { ...process.env, JAVA_HOME: javaHome() }, encoding: 'utf8', timeout: 240_000 },
  );
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'groovy is not installed: apt-get update && apt-get install -y groovy'
        : `groovy failed to start: ${run.error.message}`,
    );
  }
  if (run.status !== 0) {
    throw new Error(
      `the Groovy harness failed (exit ${run.status}):\n${run.stderr}\n${run.stdout}`,
    );
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as HarnessResult[];
  return new Map(results.map((result) => [result.name, result]));
}

export function callsOf(result: HarnessResult, step: string): StepCall[] {
  return result.calls.filter((call) => call.step === step);
}
