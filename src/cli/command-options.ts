// The span that `windows`, `diff`, `calendar` and `preview` cover: `--from` (default now) for
// `--days` days, with a default and a cap of each command's own (docs/cli.md, docs/preview.md).
import type { CommandFlags, FlagSpecs } from './args.js';
import type { CliIo } from './io.js';

export const SPAN_FLAGS: FlagSpecs = {
  from: { type: 'string' },
  days: { type: 'string' },
};

/** A command's `--days` when not given, and the most it takes. */
export interface SpanDays {
  fallback: number;
  max: number;
}

export function spanFlags(
  flags: CommandFlags,
  io: Pick<CliIo, 'now'>,
  days: SpanDays,
): { from: number; days: number } {
  return {
    from: flags.instant('from') ?? io.now(),
    days: flags.positiveInteger('days', days.fallback, days.max),
  };
}
