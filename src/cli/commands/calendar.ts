// `deploy-window calendar`: a week grid of open periods and deny windows per environment, as
// one self-contained HTML page or an SVG image (docs/preview.md).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { namedEnvironments } from '../../core/diff.js';
import { calendarHtml, calendarModel, calendarSvg } from '../../core/render/calendar.js';
import {
  choiceFlag,
  type FlagSpecs,
  instantFlag,
  listFlag,
  parseFlags,
  positiveIntegerFlag,
  textFlag,
} from '../args.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandConfig, printIssues } from '../load-config.js';

export const CALENDAR_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  from: { type: 'string' },
  days: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
};

const DEFAULT_DAYS = 28;
const MAX_DAYS = 371;

export async function runCalendar(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('calendar', argv, CALENDAR_FLAGS);
  const format = choiceFlag('calendar', flags, 'format', ['html', 'svg'] as const, 'html');
  const from = instantFlag('calendar', flags, 'from') ?? io.now();
  const days = positiveIntegerFlag('calendar', flags, 'days', DEFAULT_DAYS, MAX_DAYS);
  const output = textFlag(flags, 'output');

  const loaded = await loadCommandConfig(io, textFlag(flags, 'config'));
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const given = listFlag(flags, 'environment');
  const named = given.length > 0 ? given : namedEnvironments(loaded.config);
  const model = calendarModel(
    loaded.config,
    { environments: named.length > 0 ? named : [null], from, days },
    io.now(),
  );
  const page = format === 'svg' ? calendarSvg(model) : calendarHtml(model);
  if (output === null) {
    io.stdout(page);
  } else {
    writeFileSync(resolve(io.cwd, output), page, 'utf8');
    io.stderr(`wrote ${output}\n`);
  }
  return 0;
}
