// Reads the config for a command and prints every problem the way docs/cli.md shows them:
// file:line:column, key path, what was expected; never a stack trace.
import { formatIssue } from '../core/config/format.js';
import type { Config, ConfigIssue } from '../core/types.js';
import type { ResolvedLayer } from '../node/policy-sources.js';
import { consoleLabelled, consoleText } from './console-logger.js';
import type { CliIo } from './io.js';
import { readPolicyConfig } from './policy-config.js';
import { cliResolveOptions, resolvePolicyLayers } from './policy-sources.js';

export type CommandConfig =
  | { ok: true; config: Config; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[] };

export function printIssues(io: CliIo, issues: readonly ConfigIssue[], label: string): void {
  for (const issue of issues) io.stderr(consoleLabelled(io, label, formatIssue(issue)));
}

/** `editsNote: false`: no note that the working tree edits the config (diff reads both sides). */
export interface LoadOptions {
  editsNote?: boolean;
}

/**
 * Loads the config from the working tree, or at `policyRef` (`--policy-ref`); on errors
 * prints them all to stderr. A working tree that edits the config at the ref gets a note, as
 * the run is decided by the policy at the ref (docs/cli.md, `--policy-ref`).
 */
export async function loadCommandConfig(
  io: CliIo,
  path: string | null,
  policyRef: string | null = null,
  { editsNote = true }: LoadOptions = {},
): Promise<CommandConfig> {
  const result = await readPolicyConfig(path, io.cwd, policyRef);
  if (!result.ok) {
    printIssues(io, result.errors, 'error: ');
    const count = result.errors.length;
    io.stderr(`deploy-window: invalid config (${count} error${count === 1 ? '' : 's'})\n`);
    return result;
  }
  if (result.notice && editsNote) io.stderr(consoleText(io, `note: ${result.notice}`));
  return result;
}

export type CommandLayers =
  | { ok: true; config: Config; layers: ResolvedLayer[]; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[] };

/**
 * The config and the policy files it extends, as layers (outermost first, the file itself
 * last; docs/organisation.md). Any source that cannot be read is an error: exit 2, no layers.
 */
export async function loadCommandLayers(
  io: CliIo,
  path: string | null,
  policyRef: string | null = null,
  options: LoadOptions = {},
): Promise<CommandLayers> {
  const loaded = await loadCommandConfig(io, path, policyRef, options);
  if (!loaded.ok) return loaded;
  const host = {
    env: io.env,
    cwd: io.cwd,
    warning: (message: string) => io.stderr(consoleText(io, `warning: ${message}`)),
  };
  const resolved = await resolvePolicyLayers(loaded.config, cliResolveOptions(host, policyRef));
  if ('errors' in resolved) {
    printIssues(io, resolved.errors, 'error: ');
    io.stderr(
      consoleText(
        io,
        `deploy-window: a policy file this config extends cannot be used (${resolved.errors.length} error${resolved.errors.length === 1 ? '' : 's'}); nothing is decided without it`,
      ),
    );
    return { ok: false, errors: resolved.errors };
  }
  return {
    ok: true,
    config: loaded.config,
    layers: resolved.layers,
    warnings: [...loaded.warnings, ...resolved.warnings],
  };
}
