// The project and default branch as GitLab itself answers them, not as CI variables say: a
// pipeline variable can replace CI_PROJECT_ID and CI_DEFAULT_BRANCH like any predefined variable
// (docs/security.md, "Inputs come only from the pipeline file"). Only a well-formed answer
// replaces a variable; without one the variable stands, as before.
import { errorMessage } from '../core/errors.js';
import type { GitLabClient } from './client.js';
import type { GitLabFacts } from './facts.js';

/** A branch name as the template's policy-ref input admits one (no `..`, no leading `-`). */
const BRANCH = /^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,254}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A variable's value in a log line: quoted, and cut short (a variable can hold 128 KiB). */
const shown = (value: string) =>
  JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

const positiveId = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

/** `pipeline.project_id` of a `GET /job` answer, when it is a positive whole number. */
export function projectOfJob(job: unknown): string | null {
  if (!isObject(job) || !isObject(job.pipeline)) return null;
  const id = positiveId(job.pipeline.project_id);
  return id === null ? null : String(id);
}

/** The project's default branch from `GET /projects/:id` (numeric id); throws why not. */
async function defaultBranchOf(client: GitLabClient, projectId: string): Promise<string> {
  const endpoint = `/projects/${projectId}`;
  const project = await client.get<unknown>(endpoint);
  const unusable = (why: string) => new Error(`GitLab API GET ${endpoint} answered ${why}`);
  if (!isObject(project)) throw unusable('something other than a project');
  if (positiveId(project.id) !== Number(projectId)) throw unusable('another project');
  const branch = project.default_branch;
  if (typeof branch !== 'string' || !BRANCH.test(branch) || branch.includes('..')) {
    throw unusable('no usable default_branch');
  }
  return branch;
}

export interface ConfirmDeps {
  /** The `GET /job` answer (the job token's), or why there is none. */
  job: () => Promise<unknown>;
  /** DEPLOY_WINDOW_TOKEN's client, else the job token's; null: no API. */
  reader: GitLabClient | null;
  /** Whether the policy is read at the default branch (no branch named in policy-ref). */
  needsDefaultBranch: boolean;
  info: (line: string) => void;
  warn: (line: string) => void;
}

/** `facts` with CI_PROJECT_ID and CI_DEFAULT_BRANCH replaced where GitLab answers otherwise. */
export async function confirmFacts(facts: GitLabFacts, deps: ConfirmDeps): Promise<GitLabFacts> {
  let confirmed = facts;
  const jobProject = projectOfJob(await deps.job().catch(() => null));
  if (jobProject !== null && jobProject !== facts.projectId) {
    if (facts.projectId !== null) {
      const stated = /^\d+$/.test(facts.projectId) ? 'CI_PROJECT_ID' : 'CI_PROJECT_PATH';
      deps.warn(
        `${stated} is ${shown(facts.projectId)}, but GitLab says this job belongs to project ${jobProject} (a CI/CD variable has replaced ${stated}): project ${jobProject} is used.`,
      );
    }
    confirmed = { ...confirmed, projectId: jobProject };
  }
  const project = confirmed.projectId;
  if (!deps.needsDefaultBranch || !deps.reader || project === null || !/^\d+$/.test(project)) {
    return confirmed;
  }
  let branch: string;
  try {
    branch = await defaultBranchOf(deps.reader, project);
  } catch (error) {
    if (facts.defaultBranch !== null) {
      deps.info(
        `GitLab did not say which branch is the default (${errorMessage(error)}); the policy is read at CI_DEFAULT_BRANCH (${shown(facts.defaultBranch)}). To pin it, give the policy-ref input the branch by name.`,
      );
    }
    return confirmed;
  }
  if (facts.defaultBranch !== null && branch !== facts.defaultBranch) {
    deps.warn(
      `CI_DEFAULT_BRANCH is ${shown(facts.defaultBranch)}, but GitLab says the default branch of project ${project} is "${branch}" (a CI/CD variable has replaced CI_DEFAULT_BRANCH): the policy is read at ${branch}.`,
    );
  }
  return { ...confirmed, defaultBranch: branch };
}
