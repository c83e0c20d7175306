// The re-run scheduler's seams: what the action hands recordRerun / runDispatch, and what
// they give back. Both sides talk to GitHub only through the Octokit client passed in.

import type { getOctokit } from '@actions/github';
import type { Clock, GateLogger } from '../../gate/types.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** The deployment `task` that marks a pending re-run. */
export const RERUN_TASK = 'deploy-window:rerun';

/** The deployment environment used when the gate judged no particular environment. */
export const DEFAULT_RERUN_ENVIRONMENT = 'deploy-window';

/** The runner facts recordRerun / runDispatch read (a subset of process.env). */
export interface RerunEnv {
  /** `owner/repo/.github/workflows/deploy.yml@refs/heads/main` */
  GITHUB_WORKFLOW_REF?: string;
  /** `refs/heads/main`, `refs/tags/v1.2.0`, `refs/pull/7/merge` */
  GITHUB_REF?: string;
  /** The PR's head branch on pull_request events (GITHUB_REF is then the merge ref). */
  GITHUB_HEAD_REF?: string;
  GITHUB_EVENT_NAME?: string;
  /** The event payload file: `inputs` of a workflow_dispatch run come from here. */
  GITHUB_EVENT_PATH?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_SHA?: string;
  /** `https://github.com`: builds the run links put on deployment statuses. */
  GITHUB_SERVER_URL?: string;
  GITHUB_REPOSITORY?: string;
  [name: string]: string | undefined;
}

interface CommonContext {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  env: RerunEnv;
  log: GateLogger;
  clock: Clock;
  /** Aborts waits (SIGINT/SIGTERM). Never aborts half way through writing a record. */
  signal?: AbortSignal;
}

export interface RerunContext extends CommonContext {
  /** The environment the gate judged; null: none given. */
  environment: string | null;
}

export interface DispatchContext extends CommonContext {
  /** Re-runs falling due within this many minutes are waited for and fired. Default 15. */
  lookaheadMinutes?: number;
}

/** What a re-run deployment carries in its payload. */
export interface RerunPayload {
  /** Workflow file name, e.g. `deploy.yml`. */
  workflow: string;
  /** Branch or tag to dispatch on. */
  ref: string;
  /** ISO 8601 UTC instant: not dispatched before this (the window's next opening). */
  notBefore: string;
  /** The blocked run that recorded it. */
  runId: string | null;
  /** workflow_dispatch inputs to pass again (the blocked run's own inputs, when it was a dispatch). */
  inputs: Record<string, string>;
  /**
   * The deployment's environment (the gate's, else `deploy-window`). null only when read from
   * a payload that has none, which the scheduler refuses.
   */
  environment: string | null;
  /** The commit the blocked run was on (informational: the re-run runs the ref's head). */
  sha: string | null;
}

/** The recorded re-run, for the comment and the log. */
export interface RerunRecord {
  deploymentId: number;
  environment: string;
  payload: RerunPayload;
  /** Deployment ids that this record replaced (set `inactive`). */
  superseded: number[];
  /** One sentence for the blocked comment / summary, e.g. "A re-run of deploy.yml on main ...". */
  message: string;
}

export type DispatchOutcome =
  | 'dispatched'
  | 'not-due'
  | 'failed'
  | 'claimed-elsewhere'
  | 'cancelled'
  | 'invalid'
  /** Not made by the gate, or not dispatchable (docs/rerun.md): set to error. */
  | 'refused'
  /** Another record for the same workflow, ref and environment was dispatched in this run. */
  | 'superseded'
  /** Left queued: this run already fired (or tried) its workflow, ref and environment. */
  | 'deferred';

export interface DispatchResultItem {
  deploymentId: number;
  environment: string;
  workflow: string | null;
  ref: string | null;
  notBefore: string | null;
  outcome: DispatchOutcome;
  /** Why it failed / was skipped (the status description written, when one was). */
  detail: string | null;
}

export interface DispatchSummary {
  /** Deployments of task deploy-window:rerun whose latest status was `queued`. */
  pending: number;
  dispatched: number;
  /** Still queued after this run: due later than the lookahead (or the wait was cancelled). */
  notDue: number;
  /** Failed, refused, unreadable, or not checkable now (the step fails). */
  failed: number;
  /** Taken by an overlapping scheduler run, superseded, or deferred to the next run. */
  skipped: number;
  /** True when the signal aborted a lookahead wait. */
  cancelled: boolean;
  items: DispatchResultItem[];
}
