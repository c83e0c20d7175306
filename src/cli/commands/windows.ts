// `deploy-window windows`: the upcoming open periods and deny occurrences (text, json, ics), of
// the config and every policy file it extends together (docs/organisation.md).

import { type PolicyLayer, qualifiedWindowName } from '../../core/layers.js';
import { renderIcs } from '../../core/render/ics.js';
import { type WindowsListing, windowsJson, windowsText } from '../../core/render/windows.js';
import { listable, timelineOfLayers } from '../../core/timeline.js';
import type { Config } from '../../core/types.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { SPAN_FLAGS, spanFlags } from '../command-options.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandLayers, printIssues } from '../load-config.js';

export const WINDOWS_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  environment: { type: 'string' },
  ...SPAN_FLAGS,
  format: { type: 'string' },
};

const DAYS = { fallback: 14, max: 3660 };

export async function runWindows(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = new CommandFlags('windows', argv, WINDOWS_FLAGS);
  const format = flags.choice('format', ['text', 'json', 'ics'] as const, 'text');
  const { from, days } = spanFlags(flags, io, DAYS);
  const environment = flags.text('environment');

  const loaded = await loadCommandLayers(io, flags.text('config'));
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const { config, layers } = loaded;
  const to = from + days * 86_400_000;
  const span = { environment, from, to };
  const listing: WindowsListing = {
    environment,
    from,
    to,
    timezone: config.timezone,
    timeline: listable(timelineOfLayers(layers, span)),
    warnings: environment === null ? ['no environment given: every window applies'] : [],
    layers: layers.map((layer) => layer.source),
  };
  if (format === 'json') {
    io.stdout(windowsJson(listing));
  } else if (format === 'ics') {
    // A calendar has no place for warnings: they go to stderr.
    for (const warning of listing.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(renderIcs(feedConfig(layers), { environment, timeline: listing.timeline }, io.now()));
  } else {
    io.stdout(consoleText(io, windowsText(listing)));
  }
  return 0;
}

/**
 * What the calendar feed reads of the config: the file's own name and zone, and every layer's
 * windows by the names the merged timeline gives them (`SOURCE#name` for extended files), each
 * with its message or its file's. Only for the feed's texts: the open periods come from the
 * layered timeline, never from these windows together.
 */
function feedConfig(layers: readonly PolicyLayer[]): Config {
  const own = layers[layers.length - 1] as PolicyLayer;
  if (layers.length === 1) return own.config;
  const windows = layers.flatMap((layer, index) =>
    layer.config.windows.map((window) => ({
      ...window,
      name:
        index === layers.length - 1 ? window.name : qualifiedWindowName(layer.source, window.name),
      message: window.message ?? layer.config.message,
    })),
  );
  return { ...own.config, windows };
}
