// The project and default branch as GitLab itself answers them, not as CI variables say: a
// pipeline variable can replace CI_PROJECT_ID and CI_DEFAULT_BRANCH like any predefined variable
// (docs/gitlab.md, "What GitLab trusts"). Only a well-formed answer replaces a variable; without
// one the variable stands, as before, and an info line says so.
import { errorMessage } from '../core/errors.js';
import { GitLabApiError, type GitLabClient } from './client.js';
import { type GitLabFacts, projectPathId } from './facts.js';

/**
 * A branch or tag name as git admits one (`git check-ref-format --branch`, in short): no
 * controls, spaces or `~^:?*[\\`, no `..` or `@{`, no leading `-` or `/`, no trailing `/`,
 * `.` or `.lock`. Names such as `fix#12` or `ü/x` are branches too.
 */
function isRefName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !/[\p{Cc} ~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|\/$|\.$|\.lock$/u.test(name)
  );
}

const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

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

/** `pipeline.source` of a `GET /job` answer (`push`, `schedule`, `web`, ...), when well-formed. */
function sourceOfJob(job: unknown): string | null {
  if (!isObject(job) || !isObject(job.pipeline)) return null;
  const source = job.pipeline.source;
  return typeof source === 'string' && /^[a-z_]{1,40}$/.test(source) ? source : null;
}

const unusable = (endpoint: string, why: string) =>
  new Error(`GitLab API GET ${endpoint} answered ${why}`);

/** Whether a `GET /projects/:id` answer is the project asked for (by numeric id or full path). */
function isProject(project: Record<string, unknown>, projectId: string): boolean {
  if (/^\d+$/.test(projectId)) return positiveId(project.id) === Number(projectId);
  const path = project.path_with_namespace;
  return (
    positiveId(project.id) !== null &&
    typeof path === 'string' &&
    path.toLowerCase() === projectId.toLowerCase()
  );
}

/**
 * A merge request's source branch, from `GET /projects/:id/merge_requests/:iid` (`project` as
 * the `:id` of project endpoints); throws why not: an answer without a usable iid, projects and
 * branch, or a merge request from another project (a fork), whose branch this project cannot run.
 */
export async function sourceBranchOf(
  client: GitLabClient,
  project: string,
  iid: string,
): Promise<string> {
  const endpoint = `/projects/${project}/merge_requests/${encodeURIComponent(iid)}`;
  const answer = await client.get<unknown>(endpoint);
  const mergeRequest = isObject(answer) ? answer : {};
  const branch = mergeRequest.source_branch;
  const source = positiveId(mergeRequest.source_project_id);
  const target = positiveId(mergeRequest.project_id);
  if (
    String(mergeRequest.iid) !== iid ||
    source === null ||
    target === null ||
    typeof branch !== 'string' ||
    !isRefName(branch)
  ) {
    throw unusable(
      endpoint,
      'no usable merge request (iid, project_id, source_project_id, source_branch), so there is no branch to re-run',
    );
  }
  if (source !== target) {
    throw new Error(
      `merge request !${iid} comes from another project (a fork): a schedule of this project cannot run its branch`,
    );
  }
  return branch;
}

/** The project's default branch from `GET /projects/:id`; throws why not. */
async function defaultBranchOf(client: GitLabClient, projectId: string): Promise<string> {
  const endpoint = `/projects/${projectPathId(projectId)}`;
  const project = await client.get<unknown>(endpoint);
  if (!isObject(project)) throw unusable(endpoint, 'something other than a project');
  if (!isProject(project, projectId)) throw unusable(endpoint, 'another project');
  const branch = project.default_branch;
  if (typeof branch !== 'string' || !isRefName(branch)) {
    throw unusable(endpoint, 'no usable default_branch');
  }
  return branch;
}

/**
 * The commit `ref` is at, as the repository files API reports it (`commit_id` of the first of
 * `paths` there, the same API and token that read the policy); null when none of them is there.
 * `HEAD` is the default branch: GitLab resolves it, no variable does.
 */
async function commitAt(
  client: GitLabClient,
  projectId: string,
  ref: string,
  paths: readonly string[],
): Promise<{ commit: string; path: string } | null> {
  for (const path of paths) {
    const endpoint = `/projects/${projectPathId(projectId)}/repository/files/${encodeURIComponent(path)}`;
    let file: unknown;
    try {
      file = await client.get<unknown>(endpoint, { ref });
    } catch (error) {
      const missing =
        error instanceof GitLabApiError &&
        error.status === 404 &&
        /^404 File Not Found$/i.test(error.detail.trim());
      if (missing) continue;
      throw error;
    }
    const commit = isObject(file) ? file.commit_id : undefined;
    if (typeof commit !== 'string' || !COMMIT.test(commit)) {
      throw unusable(endpoint, 'no commit_id');
    }
    return { commit, path };
  }
  return null;
}

const MERGE_REQUEST_REF = /^refs\/merge-requests\/([1-9]\d{0,9})\/(?:head|merge|train)$/;

/**
 * The job's `ref` from `GET /job`: a branch or tag name is the ref a re-run schedule runs on
 * (CI_COMMIT_REF_NAME); `refs/merge-requests/<iid>/...` names the merge request the note goes
 * on (CI_MERGE_REQUEST_IID), and leaves CI_COMMIT_REF_NAME unconfirmed (a schedule asks the
 * merge request for its source branch).
 */
function confirmRef(facts: GitLabFacts, job: unknown, warn: (line: string) => void): GitLabFacts {
  const ref = isObject(job) ? job.ref : undefined;
  if (typeof ref !== 'string') return facts;
  const mergeRequest = MERGE_REQUEST_REF.exec(ref)?.[1];
  if (mergeRequest !== undefined) {
    if (mergeRequest === facts.mergeRequestIid) return facts;
    if (facts.mergeRequestIid !== null) {
      warn(
        `CI_MERGE_REQUEST_IID is ${shown(facts.mergeRequestIid)}, but GitLab says this job runs for merge request !${mergeRequest} (a CI/CD variable has replaced CI_MERGE_REQUEST_IID): !${mergeRequest} is used.`,
      );
    }
    return { ...facts, mergeRequestIid: mergeRequest };
  }
  // A branch or tag. (A merge request pipeline that runs in the fork has its source branch here
  // and a real CI_MERGE_REQUEST_IID, so an IID beside a branch is no sign of a forged one.)
  if (!isRefName(ref) || ref.startsWith('refs/')) return facts;
  if (ref === facts.refName) return { ...facts, refConfirmed: true };
  if (facts.refName !== null) {
    warn(
      `CI_COMMIT_REF_NAME is ${shown(facts.refName)}, but GitLab says this job runs on ${shown(ref)} (a CI/CD variable has replaced CI_COMMIT_REF_NAME): ${shown(ref)} is used.`,
    );
  }
  return { ...facts, refName: ref, refConfirmed: true };
}

export interface ConfirmDeps {
  /** The `GET /job` answer (the job token's), or why there is none. */
  job: () => Promise<unknown>;
  /** DEPLOY_WINDOW_TOKEN's client, else the job token's; null: no API. */
  reader: GitLabClient | null;
  /**
   * Where the window config may be, when the policy is read at the default branch (no branch
   * named in policy-ref); null: it is not.
   */
  configPaths: readonly string[] | null;
  info: (line: string) => void;
  warn: (line: string) => void;
}

/**
 * The default branch when GET /projects/:id gives no name (the job token may not read the
 * project): the commit HEAD is at, which every policy file is then read at. A branch name
 * checked against it would be read later, when the branch may have moved (after a wait, say).
 */
async function confirmByCommit(
  facts: GitLabFacts,
  deps: ConfirmDeps & { reader: GitLabClient; configPaths: readonly string[] },
  project: string,
): Promise<GitLabFacts | null> {
  const head = await commitAt(deps.reader, project, 'HEAD', deps.configPaths);
  if (head === null) return null;
  const stated = facts.defaultBranch;
  const pinned = { ...facts, defaultBranch: head.commit };
  if (stated === null) return { ...pinned, defaultBranchLabel: 'the default branch' };
  let there: { commit: string } | null;
  try {
    there = await commitAt(deps.reader, project, stated, [head.path]);
  } catch (error) {
    deps.info(
      `Whether CI_DEFAULT_BRANCH (${shown(stated)}) is the default branch could not be checked (${errorMessage(error)}); the policy is read at the commit HEAD is at, ${head.commit}.`,
    );
    return { ...pinned, defaultBranchLabel: 'the default branch' };
  }
  if (there?.commit === head.commit) {
    return { ...pinned, defaultBranchLabel: stated };
  }
  deps.warn(
    `CI_DEFAULT_BRANCH is ${shown(stated)}, but the default branch of project ${project} (HEAD) is at commit ${head.commit}, which ${shown(stated)} is not (a CI/CD variable has replaced CI_DEFAULT_BRANCH, or the branch moved): the policy is read at that commit.`,
  );
  return { ...pinned, defaultBranchLabel: 'the default branch' };
}

/** `facts` with CI_PROJECT_ID and CI_DEFAULT_BRANCH replaced where GitLab answers otherwise. */
export async function confirmFacts(facts: GitLabFacts, deps: ConfirmDeps): Promise<GitLabFacts> {
  let confirmed = facts;
  let jobError = 'no job token';
  const job = await deps.job().catch((error: unknown) => {
    jobError = errorMessage(error);
    return null;
  });
  const jobProject = projectOfJob(job);
  if (jobProject === null && facts.projectId !== null && job !== null) {
    jobError = 'GitLab API GET /job answered no pipeline.project_id';
  }
  if (jobProject === null && facts.projectId !== null) {
    deps.info(
      `GitLab did not confirm which project this job belongs to (${jobError}); ${shown(facts.projectId)} is used, as CI_PROJECT_ID or CI_PROJECT_PATH says.`,
    );
  } else if (jobProject !== null && jobProject !== facts.projectId) {
    // A path (CI_PROJECT_PATH, without CI_PROJECT_ID) cannot be compared with the id: replaced.
    if (facts.projectId !== null && /^\d+$/.test(facts.projectId)) {
      deps.warn(
        `CI_PROJECT_ID is ${shown(facts.projectId)}, but GitLab says this job belongs to project ${jobProject} (a CI/CD variable has replaced CI_PROJECT_ID): project ${jobProject} is used.`,
      );
    }
    confirmed = { ...confirmed, projectId: jobProject };
  }
  confirmed = confirmRef(confirmed, job, deps.warn);
  // Which re-run schedule a pipeline may remove depends on it (schedules.ts).
  const jobSource = sourceOfJob(job);
  if (jobSource !== null && jobSource !== facts.pipelineSource) {
    if (facts.pipelineSource !== null) {
      deps.warn(
        `CI_PIPELINE_SOURCE is ${shown(facts.pipelineSource)}, but GitLab says this pipeline's source is "${jobSource}" (a CI/CD variable has replaced CI_PIPELINE_SOURCE): "${jobSource}" is used.`,
      );
    }
    confirmed = { ...confirmed, pipelineSource: jobSource };
  }
  const project = confirmed.projectId;
  const { reader, configPaths } = deps;
  if (!configPaths || !reader || project === null) return confirmed;
  const why: string[] = [];
  try {
    const branch = await defaultBranchOf(reader, project);
    if (facts.defaultBranch !== null && branch !== facts.defaultBranch) {
      deps.warn(
        `CI_DEFAULT_BRANCH is ${shown(facts.defaultBranch)}, but GitLab says the default branch of project ${project} is "${branch}" (a CI/CD variable has replaced CI_DEFAULT_BRANCH): the policy is read at ${branch}.`,
      );
    }
    return { ...confirmed, defaultBranch: branch };
  } catch (error) {
    why.push(errorMessage(error));
  }
  try {
    const byCommit = await confirmByCommit(confirmed, { ...deps, reader, configPaths }, project);
    if (byCommit) return byCommit;
    why.push(`no config file at HEAD (${configPaths.join(', ')})`);
  } catch (error) {
    why.push(errorMessage(error));
  }
  if (facts.defaultBranch !== null) {
    deps.info(
      `GitLab did not say which branch is the default (${why.join('; ')}); the policy is read at CI_DEFAULT_BRANCH (${shown(facts.defaultBranch)}). To pin it, give the policy-ref input the branch by name.`,
    );
  }
  return confirmed;
}
