// `deploy-window preview`: in a GitLab merge request pipeline, one "Deploy window changes" note
// with what the merge request does to the open time (docs/preview.md). The include template's
// preview job runs it; on GitHub the action's `command: preview` does the same.

import { gitlabLogger } from '../../gitlab/log.js';
import { runGitLabPreview } from '../../gitlab/preview.js';
import {
  choiceFlag,
  type FlagSpecs,
  instantFlag,
  listFlag,
  parseFlags,
  positiveIntegerFlag,
  textFlag,
} from '../args.js';
import { consoleLogger } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { tokensFromEnvironment } from '../platform-tokens.js';
import { UsageError } from '../usage-error.js';

export const PREVIEW_FLAGS: FlagSpecs = {
  platform: { type: 'string' },
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  from: { type: 'string' },
  days: { type: 'string' },
};

const DEFAULT_DAYS = 14;
const MAX_DAYS = 366;

export async function runPreviewCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('preview', argv, PREVIEW_FLAGS);
  const platform = choiceFlag(
    'preview',
    flags,
    'platform',
    ['gitlab', 'github'] as const,
    'gitlab',
  );
  if (platform === 'github') {
    throw new UsageError(
      'on GitHub the action previews pull requests: uses: <owner>/deploy-window@v1 with command: preview (docs/preview.md)',
      'preview',
    );
  }
  const outcome = await runGitLabPreview({
    env: io.env,
    tokens: tokensFromEnvironment('gitlab', io.env),
    configPath: textFlag(flags, 'config'),
    environments: listFlag(flags, 'environment'),
    from: instantFlag('preview', flags, 'from') ?? io.now(),
    days: positiveIntegerFlag('preview', flags, 'days', DEFAULT_DAYS, MAX_DAYS),
    log: gitlabLogger(consoleLogger(io), (text) => io.stdout(text)),
  });
  return outcome.exitCode;
}
