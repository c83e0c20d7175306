// Where the GitLab gate reads the policy files a config `extends` (docs/gitlab.md, "Org policies"):
// `gitlab>` and `local>` sources through the repository files API of the pipeline's GitLab, with
// the token the template's `policy-token` input names or else the job token; plain paths from
// the policy ref like the config itself. `github>` sources are refused: a GitLab job holds no
// GitHub credentials. It remembers where each layer was read, so the blocked note links to it.
import { blockingPoliciesMarkdown } from '../core/render/blocking-policies.js';
import type { Decision, PolicySource } from '../core/types.js';
import { type PolicyFiles, PolicyReadError } from '../node/policy-files.js';
import type { ResolveOptions } from '../node/policy-sources.js';
import type { GitLabClient } from './client.js';
import type { GitLabFacts } from './facts.js';
import { gitlabRepositoryFiles } from './policy-files.js';

/** The files API reads the project's default branch for this ref. */
const DEFAULT_BRANCH_REF = 'HEAD';

/** How the policy token is given, for messages: the template's input and the variable it names. */
export interface PolicyTokenSource {
  /** The variable the `policy-token` input names (`DEPLOY_POLICY_TOKEN`). */
  variable: string;
  /** Its value; null when the job has no such variable (or it is empty). */
  token: string | null;
}

/** The token the `policy-token` input names, read from the job's environment (never printed). */
export function readPolicyToken(
  env: Record<string, string | undefined>,
  variable: string | null | undefined,
): PolicyTokenSource | null {
  if (!variable) return null;
  const token = env[variable]?.trim() ?? '';
  return { variable, token: token === '' ? null : token };
}

export interface GitLabSourcesDeps {
  /** The files of this project at the policy ref: plain paths in the config are read there. */
  policy: PolicyFiles;
  /** The policy token's client; null: no `policy-token` input, or its variable is empty. */
  policyClient: GitLabClient | null;
  policyToken: PolicyTokenSource | null;
  /** The job token's client; null: no CI_JOB_TOKEN (or no API URL). */
  jobClient: GitLabClient | null;
  /** Why there is no client at all, when CI_API_V4_URL is missing. */
  apiUrlMissing: boolean;
}

/** Where one layer's file was read: a project (null: this one), its path, the ref read. */
export interface GitLabPolicyOrigin {
  project: string | null;
  path: string;
  /** The branch, tag or commit; null: this project's workspace, or another's default branch. */
  ref: string | null;
}

export interface GitLabSources {
  options: ResolveOptions;
  /** Where the layer named `source` (as in the decision's `layers`) was read; null: unknown. */
  originOf(source: string): GitLabPolicyOrigin | null;
  /**
   * The project a layer's files belong to (`acme/deploy-policy`), so `@@maintainer` in its
   * CODEOWNERS means a role in that project; null: this project.
   */
  projectOf(files: PolicyFiles | null | undefined): string | null;
}

const GITHUB_REFUSED =
  'github> sources are not read on GitLab: a GitLab job holds no GitHub credentials';

/** Sources this face never reads: github> ones. */
const refuses = (source: PolicySource): string | null =>
  source.kind === 'github' ? GITHUB_REFUSED : null;

/** What to grant so a project's files can be read, phrased for the token that reads them. */
function grantFor(deps: GitLabSourcesDeps, source: PolicySource): string {
  if (source.kind === 'path') return 'check that the file is committed at the policy ref';
  if (source.kind === 'github') {
    return `keep the policy in a GitLab project and extend it as gitlab>GROUP/PROJECT:${source.path}${source.ref ? `#${source.ref}` : ''}`;
  }
  if (deps.policyToken) {
    return `the token in ${deps.policyToken.variable} (the policy-token input) needs the read_api scope and at least the Reporter role on ${source.repo}`;
  }
  return `the job token can read ${source.repo} only when it allows this project (in ${source.repo}: Settings > CI/CD > Job token permissions, add this project or its group), or set the template's policy-token input to the name of a masked CI/CD variable holding a token with the read_api scope and at least the Reporter role on ${source.repo}`;
}

/** The client that reads another project's files, or why there is none. */
function readerFor(deps: GitLabSourcesDeps): GitLabClient {
  if (deps.policyToken) {
    if (deps.policyClient) return deps.policyClient;
    if (deps.apiUrlMissing) {
      throw new PolicyReadError(
        'CI_API_V4_URL is not set to an http(s) URL (is this a GitLab CI job?)',
      );
    }
    throw new PolicyReadError(
      `the policy-token input names ${deps.policyToken.variable}, but this job has no such variable, or it is empty (a protected variable is not available on unprotected branches and tags)`,
    );
  }
  if (deps.jobClient) return deps.jobClient;
  throw new PolicyReadError(
    deps.apiUrlMissing
      ? 'CI_API_V4_URL is not set to an http(s) URL (is this a GitLab CI job?)'
      : 'CI_JOB_TOKEN is not set and the policy-token input names no variable',
  );
}

export function gitlabPolicySources(deps: GitLabSourcesDeps): GitLabSources {
  const projects = new WeakMap<PolicyFiles, string>();
  const origins = new Map<string, GitLabPolicyOrigin>();
  const filesFor = (source: PolicySource): PolicyFiles => {
    if (source.kind === 'path') {
      origins.set(source.written, { project: null, path: source.path, ref: deps.policy.ref });
      return deps.policy;
    }
    const never = refuses(source);
    if (never !== null) throw new PolicyReadError(never);
    origins.set(source.written, { project: source.repo, path: source.path, ref: source.ref });
    const files = gitlabRepositoryFiles(
      readerFor(deps),
      source.repo,
      source.ref ?? DEFAULT_BRANCH_REF,
      {
        projectLabel: source.repo,
        describe: source.ref ?? 'the default branch',
        // The resolver adds what to grant (grantFor) after the status.
        grant: null,
        checkRef: source.ref !== null,
      },
    );
    projects.set(files, source.repo);
    return files;
  };
  return {
    options: {
      filesFor,
      localPlatform: 'gitlab',
      grant: (source) => grantFor(deps, source),
      refuses,
    },
    projectOf: (files) => (files ? (projects.get(files) ?? null) : null),
    originOf: (source) => origins.get(source) ?? null,
  };
}

/**
 * `https://gitlab.example/acme/deploy-policy/-/blob/v3/org.yml`. Another project's default
 * branch is `HEAD`; this project's file links at `commit` when it was read from the workspace.
 * null without the server's (or this project's) URL.
 */
export function gitlabPolicyFileUrl(
  origin: GitLabPolicyOrigin,
  urls: { serverUrl: string | null; projectUrl: string | null; commit: string | null },
): string | null {
  const segments = (text: string) => text.split('/').map(encodeURIComponent).join('/');
  const project =
    origin.project === null
      ? urls.projectUrl
      : urls.serverUrl && `${urls.serverUrl.replace(/\/+$/, '')}/${segments(origin.project)}`;
  const ref = origin.ref ?? (origin.project === null ? urls.commit : 'HEAD');
  if (!project || !ref || !/^https?:\/\//i.test(project)) return null;
  return `${project.replace(/\/+$/, '')}/-/blob/${segments(ref)}/${segments(origin.path)}`;
}

/** Markdown naming each extended policy that blocks the run, linked to its file on GitLab. */
export function gitlabBlockingPolicies(
  decision: Decision,
  sources: GitLabSources,
  facts: Pick<GitLabFacts, 'serverUrl' | 'projectUrl' | 'commitSha'>,
): string | null {
  return blockingPoliciesMarkdown(decision, (source) => {
    const origin = sources.originOf(source);
    const urls = {
      serverUrl: facts.serverUrl,
      projectUrl: facts.projectUrl,
      commit: facts.commitSha,
    };
    return origin ? gitlabPolicyFileUrl(origin, urls) : null;
  });
}
