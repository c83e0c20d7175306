// dist/cli/check.js: the `check` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runCheck } from '../commands/check.js';

export const { run, command } = commandBundle('check', runCheck);
