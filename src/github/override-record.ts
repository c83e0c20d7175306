// The durable record of an override on GitHub (docs/overrides.md): a deployment of task
// `deploy-window:override` whose payload is the override, with status `success`. `deploy-window
// audit` lists them. Writing it never throws and never changes the decision.
import { MAX_ACTOR_LENGTH, MAX_REASON_LENGTH } from '../core/override.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision, Override } from '../core/types.js';
import type { GitHubClient } from './api.js';
import { describeApiError } from './rerun/deployments.js';

/** The deployment `task` that marks an override record. */
export const OVERRIDE_TASK = 'deploy-window:override';
/** The deployment environment used when the gate judged no particular environment. */
export const DEFAULT_OVERRIDE_ENVIRONMENT = 'deploy-window';
/** GitHub rejects deployment and status descriptions longer than 140 characters. */
const MAX_DESCRIPTION = 140;
/** At most this many window names in a record (a deny window list is short in practice). */
export const MAX_RECORDED_WINDOWS = 50;

/** What the deployment's payload holds: the override (its instant as ISO 8601 UTC), and what it overrode. */
export interface OverridePayload extends Omit<Override, 'at'> {
  /** ISO 8601 UTC: the instant the decision was made for. */
  at: string;
  /** How the actor was exempt: `user:alice`, `team:acme/sre`. */
  exemptBy: string | null;
  /** The deny windows it overrode; [] when it was outside every allow window. */
  windows: string[];
  /** The branch or tag the run was on (the deployment's own ref is the commit). */
  ref: string | null;
}

export interface OverrideRecordRequest {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The gate's decision; nothing is written unless it carries an override. */
  decision: Decision;
  /** The branch or tag of the run (GITHUB_REF_NAME, the PR's head branch). */
  ref: string | null;
  /** The commit deployed (GITHUB_SHA): the deployment is made for it when known. */
  sha: string | null;
  /** The run's page, linked from the deployment status. */
  logUrl?: string | null;
}

export type OverrideRecordResult =
  | { recorded: true; deploymentId: number; message: string }
  /** warning: why nothing was written (null: the decision had no override to record). */
  | { recorded: false; warning: string | null };

function clip(text: string, max = MAX_DESCRIPTION): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** At most this many layers in a record (an org policy extends a few files at most). */
const MAX_RECORDED_LAYERS = 20;
/** Window names, refs and exemptBy in a record: longer is not ours. */
const MAX_NAME_LENGTH = 300;

/** The payload written for a decision's override; null when it has none. */
export function overridePayload(decision: Decision, ref: string | null): OverridePayload | null {
  const override = decision.override;
  if (!override) return null;
  // Within the bounds parseOverridePayload keeps: a record it refused would drop out of `audit`.
  const name = (text: string) => clip(text, MAX_NAME_LENGTH);
  return {
    actor: override.actor,
    reason: override.reason === null ? null : clip(override.reason, MAX_REASON_LENGTH),
    layers: override.layers.slice(0, MAX_RECORDED_LAYERS).map(name),
    at: formatInstant(override.at),
    exemptBy: decision.exemptBy === null ? null : name(decision.exemptBy),
    windows: decision.blockingWindows.slice(0, MAX_RECORDED_WINDOWS).map(name),
    ref: ref === null ? null : name(ref),
  };
}

function failure(status: number | null, message: string): string {
  const scope =
    status === 403 || status === 404
      ? ' The token needs `deployments: write` (workflow `permissions:`).'
      : '';
  return `The override was not recorded as a GitHub deployment: creating it failed (${status ?? 'network error'}): ${message}.${scope}`;
}

/**
 * Writes the override record: a deployment of task `deploy-window:override` (environment,
 * the commit, payload = the override) and a `success` status that leaves the environment's
 * real deployments active. A failure is returned as a warning, never thrown.
 */
export async function recordOverride(
  request: OverrideRecordRequest,
): Promise<OverrideRecordResult> {
  const { octokit, owner, repo, decision } = request;
  const payload = overridePayload(decision, request.ref);
  if (!payload) return { recorded: false, warning: null };
  const target = request.sha || request.ref;
  if (!target) {
    return {
      recorded: false,
      warning:
        'The override was not recorded as a GitHub deployment: the run names no commit or ref (GITHUB_SHA, GITHUB_REF).',
    };
  }
  const environment = decision.environment ?? DEFAULT_OVERRIDE_ENVIRONMENT;
  const why = payload.reason === null ? 'no reason given' : payload.reason;
  let deploymentId: number;
  try {
    const response = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: target,
      task: OVERRIDE_TASK,
      environment,
      auto_merge: false,
      required_contexts: [],
      // biome-ignore lint/suspicious/noExplicitAny: Octokit types payload as a loose map.
      payload: payload as any,
      description: clip(`deploy-window override by ${payload.actor}: ${why}`),
      transient_environment: false,
    });
    const id = (response.data as { id?: unknown }).id;
    if (typeof id !== 'number') {
      const message = (response.data as { message?: unknown }).message;
      return {
        recorded: false,
        warning: failure(
          response.status,
          typeof message === 'string' ? message : 'no deployment id in the answer',
        ),
      };
    }
    deploymentId = id;
  } catch (error) {
    const { status, message } = describeApiError(error);
    return { recorded: false, warning: failure(status, message) };
  }
  try {
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: deploymentId,
      state: 'success',
      description: clip(`Override by ${payload.actor} outside the deploy window: ${why}`),
      ...(request.logUrl ? { log_url: request.logUrl } : {}),
      // A record must never mark the environment's real deployments inactive.
      auto_inactive: false,
    });
  } catch (error) {
    const { status, message } = describeApiError(error);
    // The deployment and its payload are the record; the status only marks it done.
    return {
      recorded: true,
      deploymentId,
      message: `The override is recorded as deployment #${deploymentId} (task ${OVERRIDE_TASK}), but its success status could not be set (${status ?? 'network error'}): ${message}.`,
    };
  }
  return {
    recorded: true,
    deploymentId,
    message: `The override is recorded as deployment #${deploymentId} (task ${OVERRIDE_TASK}, environment ${environment}).`,
  };
}

function boundedText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value !== '' && Array.from(value).length <= max;
}

function textList(value: unknown, maxItems: number, minItems: number): string[] | null {
  if (!Array.isArray(value) || value.length < minItems || value.length > maxItems) return null;
  return value.every((item) => boundedText(item, MAX_NAME_LENGTH)) ? [...value] : null;
}

/**
 * The payload of a `deploy-window:override` deployment, when it is a well-formed record:
 * actor, reason (text or null), layers, an ISO instant, within the bounds the writer keeps.
 * Anyone with `deployments: write` can create such a deployment, so nothing else is trusted.
 * Accepts the JSON-string form older APIs return. null otherwise.
 */
export function parseOverridePayload(raw: unknown): OverridePayload | null {
  let value = raw;
  if (typeof value === 'string') {
    if (value.length > 64_000) return null;
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const p = value as Record<string, unknown>;
  if (!boundedText(p.actor, MAX_ACTOR_LENGTH)) return null;
  if (p.reason !== null && !boundedText(p.reason, MAX_REASON_LENGTH)) return null;
  const layers = textList(p.layers, MAX_RECORDED_LAYERS, 1);
  if (!layers) return null;
  if (
    typeof p.at !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T/.test(p.at) ||
    Number.isNaN(Date.parse(p.at))
  ) {
    return null;
  }
  const windows = p.windows === undefined ? [] : textList(p.windows, MAX_RECORDED_WINDOWS, 0);
  if (!windows) return null;
  const optional = (field: unknown): string | null | undefined =>
    field === undefined || field === null
      ? null
      : boundedText(field, MAX_NAME_LENGTH)
        ? field
        : undefined;
  const exemptBy = optional(p.exemptBy);
  const ref = optional(p.ref);
  if (exemptBy === undefined || ref === undefined) return null;
  return { actor: p.actor, reason: p.reason, layers, at: p.at, exemptBy, windows, ref };
}
