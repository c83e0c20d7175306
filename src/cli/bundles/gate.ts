// dist/cli/gate.js: the `gate` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runGateCommand } from '../commands/gate.js';

export const { run, command } = commandBundle('gate', runGateCommand);
