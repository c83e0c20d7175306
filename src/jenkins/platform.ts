// Jenkins as a gate platform. The deployWindow step (jenkins/vars/deployWindow.groovy) runs
// `deploy-window gate --platform jenkins --defer-wait`; the step itself knows the build (who
// started it) and does the waiting with Jenkins' durable sleep, so this side only has to:
// - read the config at the policy ref the step fetched (--policy-ref), saying so when the
//   checkout edits it (docs/jenkins.md, "The policy ref"),
// - judge the actor the step passes with --actor (the UserIdCause's user; none for timers/SCM),
// - exempt by `exempt.users` only: Jenkins has no team or CODEOWNERS look-up to ask.
// The result file the step acts on (`--output`: the decision, outcome, waitSeconds, summary)
// is written by the gate command for every platform, so report() has nothing to add here.
import { readPolicyConfig } from '../cli/policy-config.js';
import { formatIssue } from '../core/config/format.js';
import type { ExemptConfig } from '../core/types.js';
import type { ConfigLoad, ExemptionResult, GatePlatform, PlatformContext } from '../gate/types.js';
import { createJenkinsLogger } from './logger.js';

export function jenkinsExemptionWarnings(exempt: ExemptConfig, actor: string): string[] {
  const warnings: string[] = [];
  if (exempt.teams.length > 0) {
    warnings.push(
      `exempt.teams (${exempt.teams.join(', ')}) is not checked on Jenkins: Jenkins has no team look-up, so ${actor} is not exempt by a team. List release managers in exempt.users.`,
    );
  }
  if (exempt.codeowners) {
    warnings.push(
      `exempt.codeowners (${exempt.codeowners}) is not checked on Jenkins: Jenkins users are not code hosting accounts, so ${actor} is not exempt as a code owner. List them in exempt.users.`,
    );
  }
  return warnings;
}

export async function createJenkinsPlatform(
  ctx: PlatformContext,
  log = createJenkinsLogger(),
): Promise<GatePlatform> {
  const { options, workspace } = ctx;

  return {
    name: 'jenkins',
    log,

    async loadConfig(): Promise<ConfigLoad> {
      const load = await readPolicyConfig(options.configPath || null, workspace, options.policyRef);
      if (!load.ok) return load;
      if (load.notice) log.warning(load.notice);
      for (const warning of load.warnings) log.warning(formatIssue(warning));
      return { ok: true, config: load.config };
    },

    async extraDeny() {
      return [];
    },

    async checkExemption(exempt, actor): Promise<ExemptionResult> {
      return { exempt: false, via: null, warnings: jenkinsExemptionWarnings(exempt, actor) };
    },

    // Jenkins has no pull request to write on: the build's console and result say it all.
    async publishNote() {
      return { url: null };
    },

    async reschedule() {
      log.warning(
        "reschedule is not supported on Jenkins: use deployWindow(mode: 'wait'), which waits for the opening with the durable sleep step.",
      );
      return { rerunAt: null };
    },

    // The console already has the decision (the gate logs it) and the CLI writes --output.
    async report() {},
  };
}
