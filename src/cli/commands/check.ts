// `deploy-window check`: is a deploy allowed at an instant? Exit 0 allowed/exempt, 1 blocked.
import { DEFAULT_HORIZON_MINUTES, decideLayers } from '../../core/decide.js';
import { isExemptUser } from '../../core/exempt.js';
import { decideForActor } from '../../core/layered-override.js';
import { renderJson } from '../../core/render/json.js';
import { renderSummaryMarkdown } from '../../core/render/markdown.js';
import { overrideMarkdown, overrideText } from '../../core/render/override.js';
import { renderText } from '../../core/render/text.js';
import type { Config, Decision } from '../../core/types.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadCommandLayers, printIssues } from '../load-config.js';
import { policyRefFlag } from '../policy-config.js';

export const CHECK_FLAGS: FlagSpecs = {
  config: { type: 'string' },
  'policy-ref': { type: 'string' },
  environment: { type: 'string' },
  at: { type: 'string' },
  'min-duration': { type: 'string' },
  horizon: { type: 'string' },
  actor: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
};

export async function runCheck(argv: string[], io: CliIo): Promise<ExitCode> {
  const flags = new CommandFlags('check', argv, CHECK_FLAGS);
  const format = flags.choice('format', ['text', 'json', 'markdown'] as const, 'text');
  const at = flags.instant('at') ?? io.now();
  const minDuration = flags.duration('min-duration', 0);
  const horizon = flags.duration('horizon', DEFAULT_HORIZON_MINUTES);
  const environment = flags.text('environment');
  const actor = flags.text('actor');
  const reason = flags.text('reason');

  const policyRef = policyRefFlag('check', flags.text('policy-ref'));
  const loaded = await loadCommandLayers(io, flags.text('config'), policyRef);
  if (!loaded.ok) return 2;
  printIssues(io, loaded.warnings, 'warning: ');
  const { layers } = loaded;

  let decision = decideLayers(layers, { environment, at, minDuration, horizon });
  const notes: string[] = [];
  // As in the gate: each layer's `exempt` counts in that layer only (docs/organisation.md,
  // "Exemptions"), and an exempt pass outside the windows is an override, which a layer's
  // `exempt.require-reason` refuses without --reason (docs/overrides.md). Only exempt.users
  // can be judged here.
  if (actor !== null) {
    const outcome = decideForActor(
      decision,
      layers.map((layer) => ({
        source: layer.source,
        requireReason: layer.config.exempt.requireReason === true,
        exemptBy: isExemptUser(layer.config.exempt, actor) ? `user:${actor}` : null,
      })),
      { actor, reason, face: 'local' },
    );
    decision = outcome.decision;
    if (outcome.kind === 'blocked') notes.push(...exemptionNotes(actor, layers, decision));
  } else if (reason !== null) {
    notes.push('--reason counts only with --actor (an exempt actor deploying outside the windows)');
  }

  if (format === 'json') io.stdout(renderJson(decision));
  else if (format === 'markdown') {
    const override = overrideMarkdown(decision);
    io.stdout(renderSummaryMarkdown(decision) + (override ? `\n${override}\n` : ''));
  } else {
    const override = overrideText(decision);
    const text = renderText(decision, { notes }) + (override ? `${override}\n` : '');
    io.stdout(consoleText(io, text));
  }
  return decision.allowed ? 0 : 1;
}

/** Why an actor was not let through, layer by layer, for the text output. */
function exemptionNotes(
  actor: string,
  layers: readonly { source: string; config: Config }[],
  decision: Decision,
): string[] {
  const notes: string[] = [];
  const blocking = (decision.layers ?? []).filter((layer) => !layer.allowed);
  for (const verdict of blocking) {
    const layer = layers.find((candidate) => candidate.source === verdict.source);
    if (!layer || isExemptUser(layer.config.exempt, actor)) continue;
    const where = layers.length > 1 ? ` of ${verdict.source}` : '';
    const { teams, codeowners } = layer.config.exempt;
    notes.push(
      teams.length > 0 || codeowners
        ? `${actor} is not in exempt.users${where}; team and CODEOWNERS exemptions are checked by 'deploy-window gate' on a platform (github, gitlab), not by check`
        : `${actor} is not in exempt.users${where}`,
    );
  }
  return notes;
}
