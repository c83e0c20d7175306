// The gate on a plain machine (or any CI without a platform of its own): decisions and
// exempt.users only; no notes, no team or CODEOWNERS look-ups, no re-run records. Policy
// layers (`extends`) are read as the other commands read them (docs/organisation.md), and
// `notify:` targets get their webhooks (docs/overrides.md).

import { formatIssue } from '../core/config/format.js';
import { formatInstant } from '../core/time/instant.js';
import type {
  ConfigLoad,
  ExemptionResult,
  GatePlatform,
  NoteResult,
  PlatformContext,
} from '../gate/types.js';
import { sendNotifications } from '../node/notify.js';
import { readPolicyConfig } from './policy-config.js';
import { gateResolveOptions } from './policy-sources.js';

export function createLocalPlatform(ctx: PlatformContext): GatePlatform {
  const { log } = ctx;
  let warnedNotes = false;
  return {
    name: 'local',
    log,
    async loadConfig(): Promise<ConfigLoad> {
      const { configPath, policyRef } = ctx.options;
      const result = await readPolicyConfig(configPath || null, ctx.workspace, policyRef ?? null);
      if (!result.ok) return { ok: false, errors: result.errors };
      if (result.notice) log.warning(result.notice);
      for (const issue of result.warnings) log.warning(formatIssue(issue));
      return { ok: true, config: result.config };
    },
    async extraDeny() {
      return [];
    },
    policySources() {
      const host = { env: ctx.env, cwd: ctx.workspace, warning: log.warning };
      return gateResolveOptions(host, ctx.options.policyRef ?? null);
    },
    async notify(targets, notification) {
      return (await sendNotifications(targets, notification, { env: ctx.env })).warnings;
    },
    async checkExemption(exempt): Promise<ExemptionResult> {
      const routes = [
        exempt.teams.length > 0 ? 'exempt.teams' : null,
        exempt.codeowners ? 'exempt.codeowners' : null,
      ].filter((route) => route !== null);
      return {
        exempt: false,
        via: null,
        warnings: [
          `${routes.join(' and ')} can only be checked on a platform (--platform github or gitlab); locally only exempt.users exempts`,
        ],
      };
    },
    async publishNote(_decision, event): Promise<NoteResult> {
      if (event !== 'allowed' && !warnedNotes) {
        log.info('No "Deployment is blocked" note: notes need a platform (github or gitlab).');
        warnedNotes = true;
      }
      return { url: null };
    },
    async reschedule(decision) {
      log.warning(
        `--reschedule needs a platform (github or gitlab): no re-run was recorded for ${formatInstant(decision.nextOpen) ?? 'the opening'}`,
      );
      return { rerunAt: null };
    },
    async report() {
      // The CLI writes --output itself; a local run has nothing else to report.
    },
  };
}
