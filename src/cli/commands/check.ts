// `deploy-window check`: is a deploy allowed at an instant? Exit 0 allowed/exempt, 1 blocked.
import { DEFAULT_HORIZON_MINUTES, decide } from '../../core/decide.js';
import { exemptDecision, isExemptUser } from '../../core/exempt.js';
import { renderJson } from '../../core/render/json.js';
import { renderSummaryMarkdown } from '../../core/render/markdown.js';
import { renderText } from '../../core/render/text.js';
import {
  choiceFlag,
  durationFlag,
  type FlagSpecs,
  instantFlag,
  parseFlags,
  textFlag,
} from '../args.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandConfig, printIssues } from '../load-config.js';
import { policyRefFlag } from '../policy-config.js';

export const CHECK_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  'policy-ref': { type: 'string' },
  environment: { type: 'string' },
  at: { type: 'string' },
  'min-duration': { type: 'string' },
  horizon: { type: 'string' },
  actor: { type: 'string' },
  format: { type: 'string' },
};

export async function runCheck(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags('check', argv, CHECK_FLAGS);
  const format = choiceFlag(
    'check',
    flags,
    'format',
    ['text', 'json', 'markdown'] as const,
    'text',
  );
  const at = instantFlag('check', flags, 'at') ?? io.now();
  const minDuration = durationFlag('check', flags, 'min-duration', 0);
  const horizon = durationFlag('check', flags, 'horizon', DEFAULT_HORIZON_MINUTES);
  const environment = textFlag(flags, 'environment');
  const actor = textFlag(flags, 'actor');

  const policyRef = policyRefFlag('check', textFlag(flags, 'policy-ref'));
  const loaded = await loadCommandConfig(io, textFlag(flags, 'config'), policyRef);
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const { config } = loaded;

  let decision = decide(config, { environment, at, minDuration, horizon });
  const notes: string[] = [];
  // As in the gate: exemption only matters when the windows block.
  if (actor !== null && !decision.allowed) {
    if (isExemptUser(config.exempt, actor)) {
      decision = exemptDecision(decision, `user:${actor}`);
    } else if (config.exempt.teams.length > 0 || config.exempt.codeowners) {
      notes.push(
        `${actor} is not in exempt.users; team and CODEOWNERS exemptions are checked by 'deploy-window gate' on a platform (github, gitlab), not by check`,
      );
    } else {
      notes.push(`${actor} is not in exempt.users`);
    }
  }

  if (format === 'json') io.stdout(renderJson(decision));
  else if (format === 'markdown') io.stdout(renderSummaryMarkdown(decision));
  else io.stdout(consoleText(io, renderText(decision, { notes })));
  return decision.allowed ? 0 : 1;
}
