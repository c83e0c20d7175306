// `deploy-window diff`: what a policy change does to the open time, per environment
// (docs/preview.md). Exit 0 nothing changed, 1 something did, 2 bad usage or config.
import { diffPolicies } from '../../core/diff.js';
import { diffJson, diffMarkdown, diffText } from '../../core/render/diff.js';
import type { Config } from '../../core/types.js';
import { readConfigFile } from '../../node/config-file.js';
import { gitFiles, PolicyReadError } from '../../node/policy-files.js';
import {
  choiceFlag,
  type FlagSpecs,
  instantFlag,
  listFlag,
  parseFlags,
  positiveIntegerFlag,
  textFlag,
} from '../args.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { printIssues } from '../load-config.js';
import { UsageError } from '../usage-error.js';

export const DIFF_FLAGS: FlagSpecs = {
  base: { type: 'string' },
  'base-ref': { type: 'string' },
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  from: { type: 'string' },
  days: { type: 'string' },
  format: { type: 'string' },
};

const DEFAULT_DAYS = 14;
const MAX_DAYS = 366;

async function load(io: CliIo, label: string, read: () => ReturnType<typeof readConfigFile>) {
  let result: Awaited<ReturnType<typeof readConfigFile>>;
  try {
    result = await read();
  } catch (error) {
    if (!(error instanceof PolicyReadError)) throw error;
    io.stderr(`error: ${label}: ${error.message}\n`);
    return null;
  }
  if (!result.ok) {
    printIssues(io, result.errors, `error (${label}): `);
    return null;
  }
  return result.config;
}

export async function runDiff(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('diff', argv, DIFF_FLAGS);
  const format = choiceFlag('diff', flags, 'format', ['text', 'markdown', 'json'] as const, 'text');
  const basePath = textFlag(flags, 'base');
  const baseRef = textFlag(flags, 'base-ref');
  if ((basePath === null) === (baseRef === null)) {
    throw new UsageError(
      'give the old policy with exactly one of --base PATH or --base-ref REF',
      'diff',
    );
  }
  const from = instantFlag('diff', flags, 'from') ?? io.now();
  const days = positiveIntegerFlag('diff', flags, 'days', DEFAULT_DAYS, MAX_DAYS);
  const configPath = textFlag(flags, 'config');

  const after = await load(io, 'new policy', () => readConfigFile(configPath, io.cwd));
  const before: Config | null = await load(io, 'old policy', () =>
    basePath !== null
      ? readConfigFile(basePath, io.cwd)
      : readConfigFile(configPath ?? after?.file ?? null, gitFiles(io.cwd, baseRef as string)),
  );
  if (!after || !before) {
    io.stderr('deploy-window: cannot compare the policies\n');
    return 2;
  }
  const diff = diffPolicies(before, after, {
    environments: listFlag(flags, 'environment'),
    from,
    days,
  });
  if (format === 'json') io.stdout(diffJson(diff));
  else if (format === 'markdown') io.stdout(diffMarkdown(diff));
  else io.stdout(consoleText(io, diffText(diff)));
  return diff.changed ? 1 : 0;
}
