// `deploy-window diff`: what a policy change does to the open time, per environment
// (docs/preview.md). Exit 0 nothing changed, 1 something did, 2 bad usage or config.
import { diffPolicies } from '../../core/diff.js';
import { diffJson, diffMarkdown, diffText } from '../../core/render/diff.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { SPAN_FLAGS, spanFlags } from '../command-options.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandLayers } from '../load-config.js';
import { UsageError } from '../usage-error.js';

export const DIFF_FLAGS: FlagSpecs = {
  base: { type: 'string' },
  'base-ref': { type: 'string' },
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  ...SPAN_FLAGS,
  format: { type: 'string' },
};

const DAYS = { fallback: 14, max: 366 };

export async function runDiff(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = new CommandFlags('diff', argv, DIFF_FLAGS);
  const format = flags.choice('format', ['text', 'markdown', 'json'] as const, 'text');
  const basePath = flags.text('base');
  const baseRef = flags.text('base-ref');
  if ((basePath === null) === (baseRef === null)) {
    throw new UsageError(
      'give the old policy with exactly one of --base PATH or --base-ref REF',
      'diff',
    );
  }
  const { from, days } = spanFlags(flags, io, DAYS);
  const configPath = flags.text('config');

  const after = await loadCommandLayers(io, configPath);
  if (!after.ok) return 2;
  // The old policy: a file, or the same path at a git ref (its extended files at that ref too).
  const before =
    basePath !== null
      ? await loadCommandLayers(io, basePath)
      : await loadCommandLayers(io, configPath ?? after.config.file, baseRef, {
          editsNote: false,
        });
  if (!before.ok) {
    io.stderr('deploy-window: cannot read the old policy to compare with\n');
    return 2;
  }
  const diff = diffPolicies(before.layers, after.layers, {
    environments: flags.list('environment'),
    from,
    days,
  });
  if (format === 'json') io.stdout(diffJson(diff));
  else if (format === 'markdown') io.stdout(diffMarkdown(diff));
  else io.stdout(consoleText(io, diffText(diff)));
  return diff.changed ? 1 : 0;
}
