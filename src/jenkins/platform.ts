// Jenkins as a gate platform. The deployWindow step (jenkins/vars/deployWindow.groovy) runs
// `deploy-window gate --platform jenkins --defer-wait`; the step itself knows the build (who
// started it) and does the waiting with Jenkins' durable sleep, so this side only has to:
// - read the config at the policy ref the step fetched (--policy-ref), saying so when the
//   checkout edits it (docs/jenkins.md, "The policy ref"),
// - judge the actor the step passes with --actor (the UserIdCause's user; none for timers/SCM),
// - exempt by `exempt.users` only: Jenkins has no team or CODEOWNERS look-up to ask,
// - read the policy files a config extends as the CLI does (plain paths at the policy ref,
//   github>/gitlab> with GITHUB_TOKEN/GITLAB_TOKEN from the build's environment),
// - send `notify:` webhooks, naming the job, branch and build,
// - on an override, write the record the step archives (deploy-window-override.json) beside
//   the result file (docs/jenkins.md, "Overrides").
// The result file the step acts on (`--output`: the decision, outcome, waitSeconds, summary)
// is written by the gate command for every platform.
import { dirname, join } from 'node:path';
import { readPolicyConfig } from '../cli/policy-config.js';
import { gateResolveOptions } from '../cli/policy-sources.js';
import { formatIssue } from '../core/config/format.js';
import { errorMessage } from '../core/errors.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision, ExemptConfig, Override } from '../core/types.js';
import type {
  ConfigLoad,
  ExemptionResult,
  GateLogger,
  GatePlatform,
  PlatformContext,
} from '../gate/types.js';
import { type NotifyRunFacts, sendNotifications } from '../node/notify.js';
import { writeOwnFile } from '../node/write-file.js';

/** The override record the step archives with the build, written beside the result file. */
export const OVERRIDE_RECORD_FILE = 'deploy-window-override.json';
/** At most this many window names in a record, as on GitHub. */
const MAX_RECORDED_WINDOWS = 50;
/** Build facts from the environment are cut to this length. */
const MAX_FACT = 1000;

type Env = Record<string, string | undefined>;

function fact(env: Env, name: string): string | null {
  const value = env[name]?.trim() ?? '';
  return value === '' ? null : Array.from(value).slice(0, MAX_FACT).join('');
}

/** The job, branch and build page, for notifications and the override record. */
export function jenkinsRunFacts(env: Env): NotifyRunFacts {
  return {
    repository: fact(env, 'JOB_NAME'),
    ref: fact(env, 'BRANCH_NAME'),
    runUrl: fact(env, 'BUILD_URL'),
  };
}

/** What deploy-window-override.json holds (docs/jenkins.md); null: the decision is no override. */
export interface JenkinsOverrideRecord extends Omit<Override, 'at'> {
  /** ISO 8601 UTC: the instant the decision was made for. */
  at: string;
  exemptBy: string | null;
  environment: string | null;
  /** The deny windows overridden; [] when it was outside every allow window. */
  windows: string[];
  job: string | null;
  /** The branch of a multibranch build (BRANCH_NAME). */
  ref: string | null;
  commit: string | null;
  buildUrl: string | null;
}

export function jenkinsOverrideRecord(decision: Decision, env: Env): JenkinsOverrideRecord | null {
  const override = decision.override;
  if (!override) return null;
  const facts = jenkinsRunFacts(env);
  return {
    actor: override.actor,
    reason: override.reason,
    layers: [...override.layers],
    at: formatInstant(override.at),
    exemptBy: decision.exemptBy,
    environment: decision.environment,
    windows: decision.blockingWindows.slice(0, MAX_RECORDED_WINDOWS),
    job: facts.repository ?? null,
    ref: facts.ref ?? null,
    commit: fact(env, 'GIT_COMMIT'),
    buildUrl: facts.runUrl ?? null,
  };
}

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
  log: GateLogger,
): Promise<GatePlatform> {
  const { options, workspace, env } = ctx;

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

    policySources() {
      return gateResolveOptions({ env, cwd: workspace, warning: log.warning }, options.policyRef);
    },

    async notify(targets, notification) {
      const facts = jenkinsRunFacts(env);
      return (await sendNotifications(targets, notification, { env, facts })).warnings;
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

    // The console already has the decision (the gate logs it) and the CLI writes --output;
    // an override also gets its record beside it, for the step to archive.
    async report(result) {
      const record = result.decision ? jenkinsOverrideRecord(result.decision, env) : null;
      if (record === null || ctx.outputFile === null || result.exitCode !== 0) return;
      const file = join(dirname(ctx.outputFile), OVERRIDE_RECORD_FILE);
      try {
        writeOwnFile(file, `${JSON.stringify(record, null, 2)}\n`, { root: workspace });
      } catch (error) {
        // The deploy was allowed by the config; the console and the description still say so.
        log.warning(`The override record ${file} could not be written: ${errorMessage(error)}`);
      }
    },
  };
}
