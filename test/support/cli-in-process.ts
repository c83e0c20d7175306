// Runs the CLI's `main` in process with its output kept, the clock fixed and an environment of
// the test's own: what a user of `deploy-window` would see (docs/cli.md), without the bundle.
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `deploy-window <args>` in `cwd` with `env` as its whole environment, at the instant `now`. */
export async function runMain(
  args: string[],
  { cwd, env = {}, now }: { cwd: string; env?: Record<string, string>; now: number },
): Promise<InProcessRun> {
  const run = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      run.stdout += text;
    },
    stderr: (text) => {
      run.stderr += text;
    },
    env,
    cwd,
    now: () => now,
  };
  const code = await main(args, io);
  return { code, ...run };
}
