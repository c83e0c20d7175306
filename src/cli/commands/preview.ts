// `deploy-window preview`: in a GitLab merge request pipeline, one "Deploy window changes" note
// with what the merge request does to the open time (docs/preview.md). The include template's
// preview job runs it; on GitHub the action's `command: preview` does the same.

import { parseRepositoryList } from '../../core/config/extends.js';
import { gitlabLogger } from '../../gitlab/log.js';
import { runGitLabPreview } from '../../gitlab/preview.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { SPAN_FLAGS, spanFlags } from '../command-options.js';
import { consoleLogger } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { tokensFromEnvironment } from '../platform-tokens.js';
import { policyTokenFlag } from '../policy-token-flag.js';
import { UsageError } from '../usage-error.js';

export const PREVIEW_FLAGS: FlagSpecs = {
  platform: { type: 'string' },
  config: { type: 'string' },
  environment: { type: 'string', multiple: true },
  'policy-token-env': { type: 'string' },
  'preview-repositories': { type: 'string' },
  ...SPAN_FLAGS,
};

const DAYS = { fallback: 14, max: 366 };

export async function runPreviewCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = new CommandFlags('preview', argv, PREVIEW_FLAGS);
  const platform = flags.choice('platform', ['gitlab', 'github'] as const, 'gitlab');
  if (platform === 'github') {
    throw new UsageError(
      'on GitHub the action previews pull requests: uses: <owner>/deploy-window@v1 with command: preview (docs/preview.md)',
      'preview',
    );
  }
  const readable = parseRepositoryList(flags.text('preview-repositories') ?? '', 'gitlab');
  if ('error' in readable) {
    throw new UsageError(`invalid --preview-repositories: ${readable.error}`, 'preview');
  }
  const outcome = await runGitLabPreview({
    env: io.env,
    tokens: tokensFromEnvironment('gitlab', io.env),
    policyTokenVariable: policyTokenFlag(flags, platform, 'preview'),
    previewRepositories: readable.repositories,
    configPath: flags.text('config'),
    environments: flags.list('environment'),
    ...spanFlags(flags, io, DAYS),
    log: gitlabLogger(consoleLogger(io), (text) => io.stdout(text)),
  });
  return outcome.exitCode;
}
