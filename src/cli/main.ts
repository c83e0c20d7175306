// `deploy-window` in one process, every command imported when it first runs: what the tests
// call. The shipped CLI runs the same command line from bundles instead (src/cli/index.ts).
import { type Command, runCommandLine } from './command-line.js';
import type { CommandName } from './help.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * Each command from its bundle's entry (src/cli/bundles/, which pairs the name with its code),
 * imported when it first runs: the tests run what the shipped bundles run.
 */
const IN_PROCESS: Record<CommandName, Command> = {
  check: async (argv, io) => (await import('./bundles/check.js')).command(argv, io),
  validate: async (argv, io) => (await import('./bundles/validate.js')).command(argv, io),
  windows: async (argv, io) => (await import('./bundles/windows.js')).command(argv, io),
  gate: async (argv, io) => (await import('./bundles/gate.js')).command(argv, io),
  diff: async (argv, io) => (await import('./bundles/diff.js')).command(argv, io),
  calendar: async (argv, io) => (await import('./bundles/calendar.js')).command(argv, io),
  preview: async (argv, io) => (await import('./bundles/preview.js')).command(argv, io),
  audit: async (argv, io) => (await import('./bundles/audit.js')).command(argv, io),
};

export function main(argv: string[], io: CliIo): Promise<ExitCode> {
  return runCommandLine(argv, io, IN_PROCESS);
}
