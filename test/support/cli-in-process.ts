// Runs the CLI's `main` in process with its output kept, the clock fixed and an environment of
// the test's own: what a user of `deploy-window` would see (docs/cli.md), without the bundle.
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where a command runs: its directory, its whole environment and the instant it is. */
export interface InProcessPlace {
  cwd: string;
  env?: CliIo['env'];
  now: number;
}

/**
 * The CliIo of a command run at `place`: what it writes to stdout and stderr is kept in `out`
 * and `err`; `overrides` replaces any part of it (a stream that fails, say).
 */
export function recordingIo(
  { cwd, env = {}, now }: InProcessPlace,
  overrides: Partial<CliIo> = {},
): CliIo & { out: string; err: string } {
  const streams = {
    out: '',
    err: '',
    stdout(text: string) {
      streams.out += text;
    },
    stderr(text: string) {
      streams.err += text;
    },
    env,
    cwd,
    now: () => now,
    ...overrides,
  };
  return streams;
}

/** `deploy-window <args>` in `cwd` with `env` as its whole environment, at the instant `now`. */
export async function runMain(args: string[], place: InProcessPlace): Promise<InProcessRun> {
  const io = recordingIo(place);
  const code = await main(args, io);
  return { code, stdout: io.out, stderr: io.err };
}
