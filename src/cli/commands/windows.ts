// `deploy-window windows`: the upcoming open periods and deny occurrences (text, json, ics).
import { renderIcs } from '../../core/render/ics.js';
import { type WindowsListing, windowsJson, windowsText } from '../../core/render/windows.js';
import { timeline } from '../../core/timeline.js';
import {
  choiceFlag,
  type FlagSpecs,
  instantFlag,
  parseFlags,
  positiveIntegerFlag,
  textFlag,
} from '../args.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandConfig, printIssues } from '../load-config.js';

export const WINDOWS_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  environment: { type: 'string' },
  from: { type: 'string' },
  days: { type: 'string' },
  format: { type: 'string' },
};

const DEFAULT_DAYS = 14;
const MAX_DAYS = 3660;

export async function runWindows(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('windows', argv, WINDOWS_FLAGS);
  const format = choiceFlag('windows', flags, 'format', ['text', 'json', 'ics'] as const, 'text');
  const from = instantFlag('windows', flags, 'from') ?? io.now();
  const days = positiveIntegerFlag('windows', flags, 'days', DEFAULT_DAYS, MAX_DAYS);
  const environment = textFlag(flags, 'environment');

  const loaded = await loadCommandConfig(io, textFlag(flags, 'config'));
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const { config } = loaded;
  const to = from + days * 86_400_000;
  const listing: WindowsListing = {
    environment,
    from,
    to,
    timezone: config.timezone,
    timeline: timeline(config, { environment, from, to }),
    warnings: environment === null ? ['no environment given: every window applies'] : [],
  };
  if (format === 'json') {
    io.stdout(windowsJson(listing));
  } else if (format === 'ics') {
    // A calendar has no place for warnings: they go to stderr.
    for (const warning of listing.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(renderIcs(config, { environment, timeline: listing.timeline }, io.now()));
  } else {
    io.stdout(consoleText(io, windowsText(listing)));
  }
  return 0;
}
