// `deploy-window` in one process, every command imported when it first runs: what the tests
// call. The shipped CLI runs the same command line from bundles instead (src/cli/index.ts).
import { type Command, runCommandLine } from './command-line.js';
import type { CommandName } from './help.js';
import type { CliIo, ExitCode } from './io.js';

const IN_PROCESS: Record<CommandName, Command> = {
  check: async (argv, io) => (await import('./commands/check.js')).runCheck(argv, io),
  validate: async (argv, io) => (await import('./commands/validate.js')).runValidate(argv, io),
  windows: async (argv, io) => (await import('./commands/windows.js')).runWindows(argv, io),
  gate: async (argv, io) => (await import('./commands/gate.js')).runGateCommand(argv, io),
  diff: async (argv, io) => (await import('./commands/diff.js')).runDiff(argv, io),
  calendar: async (argv, io) => (await import('./commands/calendar.js')).runCalendar(argv, io),
  preview: async (argv, io) => (await import('./commands/preview.js')).runPreviewCommand(argv, io),
  audit: async (argv, io) => (await import('./commands/audit.js')).runAudit(argv, io),
};

export function main(argv: string[], io: CliIo): Promise<ExitCode> {
  return runCommandLine(argv, io, IN_PROCESS);
}
