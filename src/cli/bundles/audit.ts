// dist/cli/audit.js: the `audit` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runAudit } from '../commands/audit.js';

export const { run, command } = commandBundle('audit', runAudit);
