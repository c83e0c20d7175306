// The command line: picks the command, turns every failure into a one-line message and an
// exit status (2 for usage and config problems, never a stack trace, never 0 on an error). The
// commands are handed in: src/cli/main.ts (in-process, every command) and the bundles
// (src/cli/index.ts, src/cli/command-bundle.ts) each bring their own.
import { closestMatches } from '../core/config/did-you-mean.js';
import { errorMessage, LimitExceeded } from '../core/errors.js';
import { consoleLine } from './console-logger.js';
import { COMMAND_HELP, COMMANDS, type CommandName, TOP_HELP } from './help.js';
import type { CliIo, ExitCode } from './io.js';
import { HelpRequested, UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export type Command = (argv: string[], io: CliIo) => Promise<ExitCode>;
/** The commands a command line can run: a command bundle holds only its own. */
export type Commands = Partial<Record<CommandName, Command>>;

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function usageLine(error: UsageError): string {
  const help = error.command ? `deploy-window ${error.command} --help` : 'deploy-window --help';
  const where = error.command ? `deploy-window ${error.command}` : 'deploy-window';
  return `${where}: ${error.message} (see '${help}')`;
}

async function dispatch(argv: string[], io: CliIo, commands: Commands): Promise<ExitCode> {
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
  const command = commands[first];
  if (!command) throw new Error(`the ${first} command is not part of this bundle`);
  try {
    return await command(rest, io);
  } catch (error) {
    // Raised by the command's flag parser, before the command does anything.
    if (error instanceof HelpRequested) {
      io.stdout(COMMAND_HELP[first]);
      return 0;
    }
    if (error instanceof LimitExceeded) {
      io.stderr(consoleLine(io, `deploy-window ${first}: ${error.message}`));
      return 2;
    }
    throw error;
  }
}

export async function runCommandLine(
  argv: string[],
  io: CliIo,
  commands: Commands,
): Promise<ExitCode> {
  try {
    return await dispatch(argv, io, commands);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(consoleLine(io, usageLine(error)));
      return 2;
    }
    io.stderr(consoleLine(io, `deploy-window: internal error: ${internalMessage(error)}`));
    return 2;
  }
}

export function internalMessage(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0] || 'unknown error';
}
