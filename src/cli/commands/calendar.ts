import { namedEnvironments } from '../../core/diff.js';
import { calendarHtml, calendarModel, calendarSvg } from '../../core/render/calendar.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { SPAN_FLAGS, spanFlags } from '../command-options.js';
import { consoleLine } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandLayers, printIssues } from '../load-config.js';
import { writeOutputFlag } from '../output-flag.js';

export const CALENDAR_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  ...SPAN_FLAGS,
  format: { type: 'string' },
  output: { type: 'string' },
};

const DAYS = { fallback: 28, max: 371 };

export async function runCalendar(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = new CommandFlags('calendar', argv, CALENDAR_FLAGS);
  const format = flags.choice('format', ['html', 'svg'] as const, 'html');
  const { from, days } = spanFlags(flags, io, DAYS);
  const output = flags.text('output');

  const loaded = await loadCommandLayers(io, flags.text('config'));
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const given = flags.list('environment');
  const named =
    given.length > 0 ? given : namedEnvironments(...loaded.layers.map((layer) => layer.config));
  const model = calendarModel(
    loaded.layers,
    { environments: named.length > 0 ? named : [null], from, days },
    io.now(),
  );
  const page = format === 'svg' ? calendarSvg(model) : calendarHtml(model);
  if (output === null) {
    io.stdout(page);
  } else {
    if (!writeOutputFlag(io, 'calendar', output, page)) return 2;
    io.stderr(consoleLine(io, `wrote ${output}`));
  }
  return 0;
}
