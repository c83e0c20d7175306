// Real git for the tests that read a policy as committed at a ref (docs/cli.md, `--policy-ref`
// and `diff --base-ref`): git run in a directory as a fixed author, its failure an error.
import { spawnSync } from 'node:child_process';

/** `git <args>` in `cwd`, committing as `t <t@example.com>`: its stdout; a failure throws. */
export function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}
