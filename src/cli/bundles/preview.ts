// dist/cli/preview.js: the `preview` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runPreviewCommand } from '../commands/preview.js';

export const { run, command } = commandBundle('preview', runPreviewCommand);
