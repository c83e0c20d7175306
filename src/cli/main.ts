// The command line: picks the command, turns every failure into a one-line message and an
// exit status (2 for usage and config problems, never a stack trace, never 0 on an error).
import { closestMatches } from '../core/config/did-you-mean.js';
import { errorMessage } from '../core/errors.js';
import { COMMAND_HELP, COMMANDS, type CommandName, TOP_HELP } from './help.js';
import type { CliIo, ExitCode } from './io.js';
import { HelpRequested, UsageError } from './usage-error.js';
import { VERSION } from './version.js';

type Command = (argv: string[], io: CliIo) => Promise<ExitCode>;

// Each command loads its modules only when it runs: the bundle's main file is this dispatcher
// and the help text, each command a chunk beside it (shared code in shared chunks). So the top
// --help, --version and unknown commands compile almost nothing, and `check` compiles no renderer,
// platform or command it does not use.
const RUNNERS: Record<CommandName, Command> = {
  check: async (argv, io) => (await import('./commands/check.js')).runCheck(argv, io),
  validate: async (argv, io) => (await import('./commands/validate.js')).runValidate(argv, io),
  windows: async (argv, io) => (await import('./commands/windows.js')).runWindows(argv, io),
  gate: async (argv, io) => (await import('./commands/gate.js')).runGateCommand(argv, io),
  diff: async (argv, io) => (await import('./commands/diff.js')).runDiff(argv, io),
  calendar: async (argv, io) => (await import('./commands/calendar.js')).runCalendar(argv, io),
  preview: async (argv, io) => (await import('./commands/preview.js')).runPreviewCommand(argv, io),
  // Its own chunk with the GitHub client: no other command pays for Octokit.
  audit: async (argv, io) => (await import('./commands/audit.js')).runAudit(argv, io),
};

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function usageLine(error: UsageError): string {
  const help = error.command ? `deploy-window ${error.command} --help` : 'deploy-window --help';
  const where = error.command ? `deploy-window ${error.command}` : 'deploy-window';
  return `${where}: ${error.message} (see '${help}')\n`;
}

async function dispatch(argv: string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(TOP_HELP);
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    io.stdout(topic && isCommand(topic) ? COMMAND_HELP[topic] : TOP_HELP);
    return 0;
  }
  if (first === '--version' || first === '-V' || first === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (!isCommand(first)) {
    const [near] = closestMatches(first.replace(/^-+/, ''), COMMANDS, 1);
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    const hint = near ? `; did you mean '${near}'?` : `; expected ${COMMANDS.join(', ')}`;
    throw new UsageError(`${what}${hint}`, null);
  }
  try {
    return await RUNNERS[first](rest, io);
  } catch (error) {
    // Raised by the command's flag parser, before the command does anything.
    if (error instanceof HelpRequested) {
      io.stdout(COMMAND_HELP[first]);
      return 0;
    }
    throw error;
  }
}

export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usageLine(error));
      return 2;
    }
    io.stderr(`deploy-window: internal error: ${internalMessage(error)}\n`);
    return 2;
  }
}

export function internalMessage(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0] || 'unknown error';
}
