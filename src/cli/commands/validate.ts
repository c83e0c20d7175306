// `deploy-window validate`: exit 0 when the config and every policy file it extends are valid
// (warnings on stderr), 2 when not; lists the layers and the windows each one brings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintConfig } from '../../core/lint.js';
import { visibleControls } from '../../core/render/escape.js';
import type { ResolvedLayer } from '../../node/policy-sources.js';
import { type FlagSpecs, parseFlags, textFlag } from '../args.js';
import { consoleLine, consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandLayers, printIssues } from '../load-config.js';

export const VALIDATE_FLAGS: FlagSpecs = { config: { type: 'string' } };

export async function runValidate(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('validate', argv, VALIDATE_FLAGS);
  const loaded = await loadCommandLayers(io, textFlag(flags, 'config'));
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
  io.stdout(consoleLine(io, `${config.file}: valid (${windows}, zone ${config.timezone}${notes})`));
  if (loaded.layers.length > 1) io.stdout(consoleText(io, layersText(loaded.layers)));
  return 0;
}

/** At most this many window names per layer in the listing. */
const NAMES_SHOWN = 12;

/** The layers, outermost first, each with its windows: where every window comes from. */
function layersText(layers: readonly ResolvedLayer[]): string {
  const lines = [
    `Layers (${layers.length}, outermost first; a deploy needs every layer to allow):`,
  ];
  layers.forEach((layer, index) => {
    const own = index === layers.length - 1;
    const names = layer.config.windows.map((window) => visibleControls(window.name));
    const shown = names.slice(0, NAMES_SHOWN).join(', ');
    const more = names.length > NAMES_SHOWN ? `, and ${names.length - NAMES_SHOWN} more` : '';
    const count = `${names.length} window${names.length === 1 ? '' : 's'}`;
    const list = names.length === 0 ? count : `${count}: ${shown}${more}`;
    const named = own ? 'named as written' : `named ${layer.source}#NAME`;
    lines.push(
      `  ${index + 1}. ${layer.source}${own ? ' (this file)' : ''}: ${list}; zone ${layer.config.timezone}; ${named}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** The config's text again, so lint warnings point at their window's line. */
function readSource(io: CliIo, file: string): string | undefined {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    return undefined;
  }
}
