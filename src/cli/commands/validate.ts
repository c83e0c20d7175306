// `deploy-window validate`: exit 0 when the config is valid (warnings on stderr), 2 when not.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintConfig } from '../../core/lint.js';
import { type FlagSpecs, parseFlags, textFlag } from '../args.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandConfig, printIssues } from '../load-config.js';

export const VALIDATE_FLAGS: FlagSpecs = { config: { type: 'string' } };

export async function runValidate(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('validate', argv, VALIDATE_FLAGS);
  const loaded = await loadCommandConfig(io, textFlag(flags, 'config'));
  if (!loaded.ok) return 2;
  const { config } = loaded;
  const warnings = [
    ...loaded.warnings,
    ...lintConfig(config, io.now(), readSource(io, config.file)),
  ];
  printIssues(io, warnings, 'warning: ');
  const windows = `${config.windows.length} window${config.windows.length === 1 ? '' : 's'}`;
  const notes =
    warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  io.stdout(`${config.file}: valid (${windows}, zone ${config.timezone}${notes})\n`);
  return 0;
}

/** The config's text again, so lint warnings point at their window's line. */
function readSource(io: CliIo, file: string): string | undefined {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    return undefined;
  }
}
