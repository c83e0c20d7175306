// One command as a bundle of its own (dist/cli/<command>.js, from src/cli/bundles/), which the
// dispatcher (src/cli/index.ts) loads: each command's code is then one scope-hoisted file
// (docs/performance.md, "One bundle per command").
import { readZonesThroughTz } from '../node/zone-offsets.js';
import { type Command, runCommandLine } from './command-line.js';
import type { CommandName } from './help.js';
import { type ExitCode, processIo } from './io.js';

/**
 * What a command bundle exports: `run`, its command on this process (argv after the name), for
 * the dispatcher; `command`, the command itself, for src/cli/main.ts (in-process, any io).
 */
export interface CommandBundle {
  run(argv: string[]): Promise<ExitCode>;
  command: Command;
}

export function commandBundle(name: CommandName, command: Command): CommandBundle {
  return {
    command,
    run(argv) {
      readZonesThroughTz();
      return runCommandLine([name, ...argv], processIo(), { [name]: command });
    },
  };
}
