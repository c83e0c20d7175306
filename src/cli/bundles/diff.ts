// dist/cli/diff.js: the `diff` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runDiff } from '../commands/diff.js';

export const { run, command } = commandBundle('diff', runDiff);
