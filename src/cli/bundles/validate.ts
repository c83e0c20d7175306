// dist/cli/validate.js: the `validate` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runValidate } from '../commands/validate.js';

export const { run, command } = commandBundle('validate', runValidate);
