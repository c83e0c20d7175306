// What a command may touch of the process: handed in, so commands stay testable in-process.
import { writeStderr, writeStdout } from '../node/std-write.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The real current instant (--at and --from default to it). */
  now(): number;
}

export function processIo(): CliIo {
  return {
    stdout: writeStdout,
    stderr: writeStderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  };
}

/** Exit status: 0 allowed/valid, 1 blocked, 2 bad usage or invalid config. */
export type ExitCode = 0 | 1 | 2;
