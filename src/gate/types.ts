// The gate is the use case every platform shares:
//   load config -> decide -> exemptions -> wait | fail | warn -> note -> reschedule -> outputs.
// It is written against GatePlatform; src/github, src/gitlab and src/cli (jenkins, local)
// each provide one. The gate itself does no I/O of its own beyond what it is handed.

import type { NoteEvent } from '../core/render/markdown.js';
import type {
  Config,
  ConfigIssue,
  Decision,
  ExemptConfig,
  ExtraDeny,
  Minutes,
  NotifyTarget,
} from '../core/types.js';
import type { Notification } from '../node/notify.js';
import type { PolicyFiles } from '../node/policy-files.js';
import type { ResolveOptions } from '../node/policy-sources.js';

/** Why a note is written: `blocked`, `allowed` or `wait-cancelled`. */
export type { NoteEvent };

export type GateMode = 'fail' | 'wait' | 'warn';
export type PlatformName = 'github' | 'gitlab' | 'jenkins' | 'local';

/** Everything a gate run needs, read by the adapter from its inputs (action inputs, CLI flags). */
export interface GateOptions {
  platform: PlatformName;
  configPath: string;
  /**
   * Where the config and CODEOWNERS are read (docs/security.md): null = the platform's default
   * (the default branch, or the target branch of a change); 'workspace' = the checked-out
   * files, which trusts the change being deployed; else a branch, tag or commit.
   */
  policyRef: string | null;
  environment: string | null;
  /** Fixed evaluation instant (dry runs, tests); null: the clock's now. */
  at: number | null;
  mode: GateMode;
  maxWait: Minutes;
  minDuration: Minutes;
  horizon: Minutes;
  comment: boolean;
  reschedule: boolean;
  /** The actor judged for exemption; null: nobody (timer/SCM triggers). */
  actor: string | null;
  /**
   * Why an exempt actor deploys outside the windows (docs/overrides.md): the action's `reason`
   * input, the template's, the step's `reason:`, `--reason`. Untrusted text; null: none.
   */
  reason?: string | null;
  /**
   * Mode wait without sleeping in this process: when the opening is within the budget, the
   * gate ends with `waitMs` set; the caller sleeps and runs the gate again (the Jenkins
   * step's durable `sleep`, docs/jenkins.md).
   */
  deferWait?: boolean;
  /** Time the caller already waited (deferWait): counts against maxWait; a fixed `at` moves on by it. */
  waitedMs?: number;
}

export type ConfigLoad = { ok: true; config: Config } | { ok: false; errors: ConfigIssue[] };

export interface ExemptionResult {
  exempt: boolean;
  /** e.g. `team:acme/release-managers`, `codeowners:@acme/ops`. */
  via: string | null;
  /** Failed look-ups, naming the scope they need. Never turn into an exemption. */
  warnings: string[];
}

/** What a note says besides the decision, handed over by the gate (platforms keep no state). */
export interface NoteFacts {
  /** The config's exemptions: the note says who may deploy anyway. */
  exemptions: ExemptConfig;
  /** When the re-run recorded by this run (reschedule's answer) runs; null: none recorded. */
  rerunAt: string | null;
}

export interface NoteResult {
  url: string | null;
}

export interface RescheduleResult {
  /** When the recorded re-run runs (ISO 8601 UTC); null: nothing was recorded. */
  rerunAt: string | null;
}

/** What the gate concluded; the adapter turns it into an exit code / step result / outputs. */
export interface GateResult {
  /** 0 allowed, exempt or warn; 1 blocked; 2 invalid config or usage. */
  exitCode: 0 | 1 | 2;
  decision: Decision | null;
  errors: ConfigIssue[];
  noteUrl: string | null;
  /** True when the run ended because the wait was cancelled (SIGINT/SIGTERM). */
  cancelled: boolean;
  /** deferWait: how long the caller waits before it runs the gate again. */
  waitMs?: number;
  /** A blocked run's closing line as logged (why, the next opening, why it does not wait). */
  blockedSummary?: string;
  /** When the re-run recorded by this run runs; null or absent: none. runGate always sets it. */
  rerunAt?: string | null;
}

export interface GateLogger {
  info(line: string): void;
  /** A notice where the platform has one (GitHub's ::notice::); info elsewhere. */
  notice?(line: string): void;
  warning(line: string): void;
  error(line: string): void;
  /** Grouped log section (GitHub ::group::, GitLab collapsible section); may just print the title. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export interface GatePlatform {
  readonly name: PlatformName;
  readonly log: GateLogger;

  /** Read and validate the config (again after each wait: it may have changed). */
  loadConfig(): Promise<ConfigLoad>;

  /**
   * Who is judged for exemption when the caller named nobody (GateOptions.actor null): GitLab
   * asks its API who started the job. Asked at most once, only when the windows block and the
   * config exempts someone; null: nobody.
   */
  resolveActor?(): Promise<string | null>;

  /** Deny periods the platform itself imposes (GitLab's CI_DEPLOY_FREEZE). */
  extraDeny(): Promise<ExtraDeny[]>;

  /**
   * Exemption routes beyond `exempt.users` (which the gate checks itself): teams and
   * CODEOWNERS. A failed look-up is a warning and never exempts.
   */
  checkExemption(
    exempt: ExemptConfig,
    actor: string,
    /** The layer's own files (its CODEOWNERS); null or absent: this repository's policy. */
    files?: PolicyFiles | null,
  ): Promise<ExemptionResult>;

  /**
   * How this face reads the sources a config `extends` (docs/organisation.md): GitHub's
   * contents API, GitLab's repository files API, git. Absent: `extends` is refused.
   */
  policySources?(): ResolveOptions;

  /** Sends one notification to the targets (docs/overrides.md); returns warnings, never throws. */
  notify?(targets: readonly NotifyTarget[], notification: Notification): Promise<string[]>;

  /**
   * Post or update the one "Deployment is blocked" note for this PR/MR/commit and
   * environment; when allowed, update an existing note to say so (never create one).
   * `event` says why it is written; `facts` what the note says besides the decision.
   */
  publishNote(decision: Decision, event: NoteEvent, facts: NoteFacts): Promise<NoteResult>;

  /** Record a re-run at decision.nextOpen (GitHub deployment, GitLab pipeline schedule). */
  reschedule(decision: Decision): Promise<RescheduleResult>;

  /** This run may deploy: drop pending re-runs of this environment and ref (they are moot). */
  retireReschedules?(decision: Decision): Promise<void>;

  /** Outputs, summary, dotenv: whatever the platform shows after the decision. */
  report(result: GateResult): Promise<void>;
}

/** Time and sleeping, injected so tests can drive them. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or early (returning false) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

/**
 * The secrets a platform calls its API with, read once by the entry point: the action from its
 * inputs, `deploy-window gate` from the environment only (docs/cli.md). Never printed.
 */
export interface PlatformTokens {
  /**
   * The API token: the action's `github-token`; for the CLI DEPLOY_WINDOW_TOKEN, on GitHub
   * else GITHUB_TOKEN. null: none.
   */
  api: string | null;
  /** GitHub team look-ups: `exempt-token` / DEPLOY_WINDOW_EXEMPT_TOKEN; null: `api`. */
  exempt: string | null;
  /** GitLab's CI_JOB_TOKEN: who started the job (`GET /job`), the policy without `api`. */
  job: string | null;
}

/** What a platform factory gets: `createGitHubPlatform(context)`, `createGitLabPlatform(context)`, ... */
export interface PlatformContext {
  /** The process environment (GITHUB_*, CI_*, ...); tokens are in `tokens`, not read from here. */
  env: Record<string, string | undefined>;
  tokens: PlatformTokens;
  options: GateOptions;
  log: GateLogger;
  /** Repository root: config paths, CODEOWNERS and workflow files are read from here. */
  workspace: string;
  /** `--output FILE`: the decision JSON (and on GitLab deploy-window.env beside it). null: none. */
  outputFile: string | null;
}
