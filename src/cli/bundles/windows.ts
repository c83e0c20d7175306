// dist/cli/windows.js: the `windows` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runWindows } from '../commands/windows.js';

export const { run, command } = commandBundle('windows', runWindows);
