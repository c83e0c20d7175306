// The GitHub deployments a re-run lives in: list, read the latest status, write statuses.

import { errorMessage } from '../../core/errors.js';
import { statusOf as apiStatusOf } from '../api.js';
import type { GitHubClient, RerunPayload } from './types.js';
import { RERUN_TASK } from './types.js';

export type StatusState =
  | 'queued'
  | 'in_progress'
  | 'success'
  | 'error'
  | 'failure'
  | 'inactive'
  | 'pending';

export interface Repo {
  octokit: GitHubClient;
  owner: string;
  repo: string;
}

export interface RerunDeployment {
  id: number;
  environment: string;
  ref: string;
  createdAt: string;
  /** `creator.login`: whose token created it (null when GitHub names nobody). */
  creator: string | null;
  /** null when the payload is not a re-run payload this version understands. */
  payload: RerunPayload | null;
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  /** ISO 8601, as GitHub gives it. */
  createdAt: string;
}

function deploymentStatusOf(row: {
  id: number;
  state: string;
  description?: string | null;
  created_at?: string;
}): DeploymentStatus {
  return {
    id: row.id,
    state: row.state,
    description: row.description ?? '',
    createdAt: row.created_at ?? '',
  };
}

/** GitHub rejects status descriptions longer than 140 characters. */
export const MAX_DESCRIPTION = 140;

export function clipDescription(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/**
 * Pages of 100 read from one list: a bound against an API that always has a next page, far
 * past what a repository's re-runs need (docs/rerun.md, "Limits").
 */
export const MAX_LIST_PAGES = 10;

/** The rows of at most MAX_LIST_PAGES pages, and whether the reading stopped at that bound. */
async function boundedRows<Row>(
  pages: AsyncIterable<{ data: unknown }>,
): Promise<{ rows: Row[]; truncated: boolean }> {
  const rows: Row[] = [];
  let count = 0;
  for await (const page of pages) {
    if (!Array.isArray(page.data)) throw new Error('the list is not a list');
    rows.push(...(page.data as Row[]));
    if (++count >= MAX_LIST_PAGES) return { rows, truncated: true };
  }
  return { rows, truncated: false };
}

type DeploymentRow = Awaited<
  ReturnType<GitHubClient['rest']['repos']['listDeployments']>
>['data'][number];
type StatusRow = Awaited<
  ReturnType<GitHubClient['rest']['repos']['listDeploymentStatuses']>
>['data'][number];

/** A row the API may have sent in any shape: a deployment with a numeric id and text fields. */
function isDeploymentRow(row: unknown): row is DeploymentRow {
  if (typeof row !== 'object' || row === null) return false;
  const { id, task, environment, ref, created_at: createdAt } = row as Record<string, unknown>;
  return (
    Number.isSafeInteger(id) &&
    (id as number) > 0 &&
    typeof task === 'string' &&
    typeof environment === 'string' &&
    typeof ref === 'string' &&
    typeof createdAt === 'string'
  );
}

/**
 * Every deployment of task deploy-window:rerun (newest first), optionally for one env/ref: at
 * most the newest MAX_LIST_PAGES pages, with a warning past them.
 */
export async function listRerunDeployments(
  { octokit, owner, repo }: Repo,
  filter: { environment?: string; ref?: string } = {},
  log?: { warning(text: string): void },
): Promise<RerunDeployment[]> {
  const { rows, truncated } = await boundedRows<DeploymentRow>(
    octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
      owner,
      repo,
      task: RERUN_TASK,
      ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
      ...(filter.ref !== undefined ? { ref: filter.ref } : {}),
      per_page: 100,
    }),
  );
  if (truncated) {
    const count = (MAX_LIST_PAGES * 100).toLocaleString('en-US');
    log?.warning(
      `Read the newest ${count} re-run records only (docs/rerun.md, "Limits"); older ones are left as they are.`,
    );
  }
  return rows
    .filter(isDeploymentRow)
    .filter((row) => row.task === RERUN_TASK)
    .filter((row) => filter.environment === undefined || row.environment === filter.environment)
    .filter((row) => filter.ref === undefined || row.ref === filter.ref)
    .map((row) => ({
      id: row.id,
      environment: row.environment,
      ref: row.ref,
      createdAt: row.created_at,
      creator: typeof row.creator?.login === 'string' ? row.creator.login : null,
      payload: parseRerunPayload(row.payload),
    }));
}

/** A deployment's statuses, newest first: the newest MAX_LIST_PAGES pages (GitHub's order). */
export async function listStatuses(
  target: Repo,
  deploymentId: number,
): Promise<DeploymentStatus[]> {
  return (await statusHistory(target, deploymentId)).statuses;
}

/** A deployment's statuses, newest first, and whether that is all of them (not cut). */
export async function statusHistory(
  { octokit, owner, repo }: Repo,
  deploymentId: number,
): Promise<{ statuses: DeploymentStatus[]; complete: boolean }> {
  const { rows, truncated } = await boundedRows<StatusRow>(
    octokit.paginate.iterator(octokit.rest.repos.listDeploymentStatuses, {
      owner,
      repo,
      deployment_id: deploymentId,
      per_page: 100,
    }),
  );
  const statuses = rows
    .filter(
      (row) =>
        typeof row === 'object' &&
        row !== null &&
        Number.isSafeInteger(row.id) &&
        typeof row.state === 'string',
    )
    .map(deploymentStatusOf)
    .sort((a, b) => b.id - a.id);
  return { statuses, complete: !truncated };
}

export async function latestStatus(
  target: Repo,
  deploymentId: number,
): Promise<DeploymentStatus | null> {
  const statuses = await listStatuses(target, deploymentId);
  return statuses[0] ?? null;
}

export async function setStatus(
  { octokit, owner, repo }: Repo,
  deploymentId: number,
  state: StatusState,
  description: string,
  logUrl?: string,
): Promise<DeploymentStatus> {
  const response = await octokit.rest.repos.createDeploymentStatus({
    owner,
    repo,
    deployment_id: deploymentId,
    state,
    description: clipDescription(description),
    ...(logUrl ? { log_url: logUrl } : {}),
    // A bookkeeping record must never mark the environment's real deployments inactive.
    auto_inactive: false,
  });
  return deploymentStatusOf(response.data);
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The payload as written by recordRerun; accepts the JSON-string form older APIs return. */
export function parseRerunPayload(raw: unknown): RerunPayload | null {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const p = value as Record<string, unknown>;
  if (typeof p.workflow !== 'string' || !p.workflow) return null;
  if (typeof p.ref !== 'string' || !p.ref) return null;
  if (typeof p.notBefore !== 'string' || Number.isNaN(Date.parse(p.notBefore))) return null;
  // Anyone who may create deployments can write a payload: only text, numbers and booleans
  // are read (String() of an object can throw), anything else makes the record unreadable.
  const inputs: Record<string, string> = {};
  if (p.inputs && typeof p.inputs === 'object' && !Array.isArray(p.inputs)) {
    for (const [name, input] of Object.entries(p.inputs as Record<string, unknown>)) {
      if (input === null || input === undefined) continue;
      const text = scalarText(input);
      if (text === null) return null;
      inputs[name] = text;
    }
  }
  const runId = p.runId === undefined || p.runId === null ? null : scalarText(p.runId);
  if (runId === null && p.runId !== undefined && p.runId !== null) return null;
  return {
    workflow: p.workflow,
    ref: p.ref,
    notBefore: p.notBefore,
    runId,
    inputs,
    environment: typeof p.environment === 'string' ? p.environment : null,
    sha: typeof p.sha === 'string' ? p.sha : null,
  };
}

/** The HTTP status and API message of an Octokit error (or a network failure). */
export function describeApiError(error: unknown): { status: number | null; message: string } {
  const e = error as {
    detail?: string;
    response?: { data?: { message?: string } | string };
  } | null;
  const data = e?.response?.data;
  const apiMessage = typeof data === 'object' && data?.message ? data.message : null;
  // The action's client (src/github/client.ts) rethrows as GitHubApiError { status, detail }.
  const detail = typeof e?.detail === 'string' && e.detail ? e.detail : null;
  return { status: apiStatusOf(error), message: apiMessage ?? detail ?? errorMessage(error) };
}
