// Reads the config for a command and prints every problem the way the spec asks:
// file:line:column, key path, what was expected; never a stack trace.
import { formatIssue } from '../core/config/format.js';
import type { Config, ConfigIssue } from '../core/types.js';
import { readConfigFile } from '../node/config-file.js';
import type { CliIo } from './io.js';

export type CommandConfig =
  | { ok: true; config: Config; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[] };

export function printIssues(io: CliIo, issues: readonly ConfigIssue[], label: string): void {
  for (const issue of issues) io.stderr(`${label}${formatIssue(issue)}\n`);
}

/** Loads the config; on errors prints them all to stderr. */
export async function loadCommandConfig(io: CliIo, path: string | null): Promise<CommandConfig> {
  const result = await readConfigFile(path, io.cwd);
  if (!result.ok) {
    printIssues(io, result.errors, 'error: ');
    const count = result.errors.length;
    io.stderr(`deploy-window: invalid config (${count} error${count === 1 ? '' : 's'})\n`);
    return result;
  }
  return result;
}
