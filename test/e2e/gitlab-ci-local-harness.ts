// Runs the include template for real with gitlab-ci-local (shell executor): a throwaway git
// repo with an origin remote and a copy of gitlab/deploy-window.yml, and pipelines run in it
// with the variables GitLab gives every job. Shared by the gitlab-ci-local e2e suites.
// Needs: gitlab-ci-local (devDependency), git and rsync on PATH, dist/cli/index.js built.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
/** DEPLOY_WINDOW_E2E_CLI: run another build of the CLI (e.g. one made into a temp dir). */
export const cliBundle = process.env.DEPLOY_WINDOW_E2E_CLI ?? join(repoRoot, 'dist/cli/index.js');
const gitlabCiLocal = join(repoRoot, 'node_modules/gitlab-ci-local/dist/index.js');
const template = join(repoRoot, 'gitlab/deploy-window.yml');

export interface CommandRun {
  code: number;
  output: string;
}

export interface Pipeline extends CommandRun {
  /** Lines a job printed (`job > text`), by job name. */
  jobLines: (job: string) => string[];
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandRun> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** The directories one suite makes (a HOME for git and gitlab-ci-local, the repos); `cleanup` removes them. */
export interface Workspace {
  home: string;
  /**
   * A git repo on `branch` with an origin remote, the template copy at
   * templates/deploy-window.yml and `files`, committed. Returns its directory and HEAD.
   */
  repo(
    files: Record<string, string>,
    options?: { branch?: string; origin?: boolean },
  ): Promise<{ dir: string; head: string }>;
  /** Runs the pipeline with `--variable` for each entry of `variables`. */
  pipeline(
    dir: string,
    variables: Record<string, string>,
    options?: { extraArgs?: string[]; env?: NodeJS.ProcessEnv },
  ): Promise<Pipeline>;
  cleanup(): void;
}

export function gitlabCiLocalWorkspace(prefix: string): Workspace {
  const home = mkdtempSync(join(tmpdir(), `${prefix}-home-`));
  const created = [home];
  return {
    home,
    async repo(files, { branch = 'main', origin = true } = {}) {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      created.push(dir);
      const all = { 'templates/deploy-window.yml': readFileSync(template, 'utf8'), ...files };
      for (const [path, text] of Object.entries(all)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const git = async (...args: string[]) => {
        const result = await run('git', args, dir, { ...process.env, HOME: home });
        if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.output}`);
        return result.output.trim();
      };
      await git('init', '-q', '-b', branch);
      await git('config', 'user.email', 'dana@example.com');
      await git('config', 'user.name', 'Dana');
      if (origin) await git('remote', 'add', 'origin', 'git@gitlab.example.com:acme/app.git');
      await git('add', '-A');
      await git('commit', '-qm', 'pipeline');
      return { dir, head: (await git('rev-parse', 'HEAD')).split('\n')[0] as string };
    },
    async pipeline(dir, variables, { extraArgs = [], env = {} } = {}) {
      const args = Object.entries(variables).flatMap(([key, value]) => [
        '--variable',
        `${key}=${value}`,
      ]);
      const result = await run(
        process.execPath,
        [gitlabCiLocal, '--force-shell-executor', ...args, ...extraArgs],
        dir,
        { ...process.env, HOME: home, NO_COLOR: '1', FORCE_COLOR: '0', CI: '', ...env },
      );
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours
      const output = result.output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
      return {
        ...result,
        output,
        jobLines: (job) =>
          output
            .split('\n')
            .filter((line) => new RegExp(`^${job}\\s+> `).test(line))
            .map((line) => line.replace(new RegExp(`^${job}\\s+> `), '')),
      };
    },
    cleanup() {
      for (const dir of created) rmSync(dir, { recursive: true, force: true });
    },
  };
}
