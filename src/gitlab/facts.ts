// What a GitLab CI job tells us about itself, read once from its predefined variables. Who
// started the job is not among them: GITLAB_USER_LOGIN can be replaced by a pipeline variable,
// so the actor comes from the API (actor.ts, docs/gitlab.md "What GitLab trusts"). The tokens
// are not facts: they come in the platform context (PlatformContext.tokens).
import { FULL_COMMIT } from '../node/policy-files.js';

export interface GitLabFacts {
  /** CI_API_V4_URL, when it is an http(s) URL. */
  apiUrl: string | null;
  /** CI_PROJECT_ID (numeric) else CI_PROJECT_PATH, as the `:id` of project endpoints. */
  projectId: string | null;
  /** CI_PROJECT_URL, when it is an http(s) URL: links to notes and commits. */
  projectUrl: string | null;
  /** CI_SERVER_URL when it is an http(s) URL: links to other projects' files. */
  serverUrl: string | null;
  /** CI_PROJECT_PATH (`acme/shop`): names the project in notifications. */
  projectPath: string | null;
  /** CI_JOB_URL: the job's page, linked from notifications. */
  jobUrl: string | null;
  /** CI_DEFAULT_BRANCH: the default policy ref (a commit, once confirmed by one). */
  defaultBranch: string | null;
  /** How messages name defaultBranch when it is not a branch name ("the default branch"). */
  defaultBranchLabel: string | null;
  /** CI_PIPELINE_SOURCE: `schedule` for a pipeline a schedule started (a re-run). */
  pipelineSource: string | null;
  /** CI_MERGE_REQUEST_IID (a number): set in merge request pipelines. */
  mergeRequestIid: string | null;
  /** CI_COMMIT_SHA, when it is a full commit SHA. */
  commitSha: string | null;
  /** CI_COMMIT_REF_NAME: the branch or tag (the ref a re-run schedule runs on). */
  refName: string | null;
  /**
   * GitLab's own `GET /job` named refName (a branch or tag pipeline). In a merge request
   * pipeline it names the merge request instead, and the source branch is asked of the merge
   * request before a schedule runs it (schedules.ts).
   */
  refConfirmed: boolean;
  /** CI_DEPLOY_FREEZE: set by GitLab while a deploy freeze period is active. */
  deployFreeze: boolean;
  /** DEPLOY_WINDOW_RERUN: id of the pipeline schedule that started this pipeline. */
  rerunScheduleId: string | null;
}

function value(env: Record<string, string | undefined>, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

/**
 * An http(s) URL as given, else null (a malformed CI_API_V4_URL is as good as none). White
 * space and control characters refuse it: the URL parser would drop a line break, but the text
 * as given goes into log lines and links.
 */
function httpUrl(raw: string | null): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (raw === null || /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? raw : null;
  } catch {
    return null;
  }
}

/** A full commit SHA: 40 hexadecimal digits (SHA-1), or 64 (SHA-256 repositories). */
const IID = /^\d{1,12}$/;

/** The value when it matches `pattern`, else null: a pipeline variable can replace it. */
function matching(raw: string | null, pattern: RegExp): string | null {
  return raw !== null && pattern.test(raw) ? raw : null;
}

/** The variables read only in their form: variable, the fact it sets, the form expected. */
const FORMED = [
  ['CI_COMMIT_SHA', 'commitSha', 'a commit SHA (40 or 64 hexadecimal digits)'],
  ['CI_MERGE_REQUEST_IID', 'mergeRequestIid', 'a number'],
  ['CI_PROJECT_URL', 'projectUrl', 'an http(s) URL'],
] as const;

/**
 * The predefined variables that are set but not of their form, each with what was expected;
 * readGitLabFacts reads them as unset. They reach log lines, links and API paths, so a value a
 * pipeline variable forged (a newline, a Markdown link) must not.
 */
export function malformedFacts(env: Record<string, string | undefined>): string[] {
  const facts = readGitLabFacts(env);
  return FORMED.filter(([name, fact]) => value(env, name) !== null && facts[fact] === null).map(
    ([name, , expected]) => `${name} is not ${expected}`,
  );
}

export function readGitLabFacts(env: Record<string, string | undefined>): GitLabFacts {
  return {
    apiUrl: httpUrl(value(env, 'CI_API_V4_URL')),
    projectId: value(env, 'CI_PROJECT_ID') ?? value(env, 'CI_PROJECT_PATH'),
    projectUrl: httpUrl(value(env, 'CI_PROJECT_URL')),
    serverUrl: httpUrl(value(env, 'CI_SERVER_URL')),
    projectPath: value(env, 'CI_PROJECT_PATH'),
    jobUrl: httpUrl(value(env, 'CI_JOB_URL')),
    defaultBranch: value(env, 'CI_DEFAULT_BRANCH'),
    defaultBranchLabel: null,
    pipelineSource: value(env, 'CI_PIPELINE_SOURCE'),
    mergeRequestIid: matching(value(env, 'CI_MERGE_REQUEST_IID'), IID),
    commitSha: matching(value(env, 'CI_COMMIT_SHA'), FULL_COMMIT),
    refName: value(env, 'CI_COMMIT_REF_NAME'),
    refConfirmed: false,
    // GitLab sets it to "true"; any non-empty value other than "false" counts.
    deployFreeze: (value(env, 'CI_DEPLOY_FREEZE') ?? 'false').toLowerCase() !== 'false',
    rerunScheduleId: value(env, 'DEPLOY_WINDOW_RERUN'),
  };
}

/** `:id` for project endpoints: a numeric id as is, a full path URL-encoded. */
export function projectPathId(projectId: string): string {
  return /^\d+$/.test(projectId) ? projectId : encodeURIComponent(projectId);
}

export const TOKEN_HELP =
  'set DEPLOY_WINDOW_TOKEN to a project or group access token with the api scope (a masked CI/CD variable)';
