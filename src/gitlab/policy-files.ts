// The policy's files at a ref of the project, read through GitLab's repository files API
// (`GET /projects/:id/repository/files/:path/raw?ref=`): never from the change being deployed
// (docs/gitlab.md, "Policy ref"). Only "404 File Not Found" means "no such file"; every other
// failure is a PolicyReadError naming the path, the ref and what to grant.
import {
  ambiguousRef,
  isShortRef,
  type PolicyFiles,
  PolicyReadError,
  repoRelativePath,
  tooLarge,
} from '../node/policy-files.js';
import { GitLabApiError, type GitLabClient } from './client.js';
import { projectPathId } from './facts.js';

/** What the token reading the policy needs, by the header it is sent as. */
function grantHint(client: GitLabClient): string {
  return client.tokenHeader === 'JOB-TOKEN'
    ? 'the job token (CI_JOB_TOKEN) cannot read repository files on this GitLab: set DEPLOY_WINDOW_TOKEN to a project access token with the read_api scope and at least the Reporter role (or policy-ref: workspace, which trusts the change)'
    : 'DEPLOY_WINDOW_TOKEN needs the read_api (or api) scope and at least the Reporter role on the project';
}

export interface RepositoryFilesOptions {
  /** Names the project in messages (`acme/deploy-policy`); absent: this project. */
  projectLabel?: string;
  /**
   * What to grant when the token is refused; null: say nothing (the caller adds it, as the
   * `extends` resolver does); absent: what DEPLOY_WINDOW_TOKEN or the job token needs here.
   */
  grant?: string | null;
  /** For messages, when `ref` is not what a user wrote (`HEAD`: "the default branch"). */
  describe?: string;
  /**
   * Before the first read, ask GitLab whether the ref is a branch, a tag or both, and refuse
   * a name that is both (refuseAmbiguousRef). Not done for the default branch, read by name in
   * one request; docs/gitlab.md says how to pin it where Developers may push tags.
   */
  checkRef?: boolean;
}

/**
 * Refuses a short ref that names both a branch and a tag of the project (or a branch or tag
 * named like an abbreviated commit id): GitLab reads such a name as the tag, as git does, and a
 * Developer may push tags, so a tag named like the protected policy branch would choose the
 * policy (docs/gitlab.md, "Policy ref"). A look-up that fails is a PolicyReadError: the gate
 * fails closed.
 */
export async function refuseAmbiguousRef(
  client: GitLabClient,
  projectId: string,
  ref: string,
  where: string,
  grant: string | null,
): Promise<void> {
  if (!isShortRef(ref)) return;
  const project = projectPathId(projectId);
  const exists = async (kind: 'branches' | 'tags') => {
    try {
      // Any answer but a 404 that is not an error means the ref exists: that can only refuse.
      await client.get<unknown>(
        `/projects/${project}/repository/${kind}/${encodeURIComponent(ref)}`,
      );
      return true;
    } catch (error) {
      if (error instanceof GitLabApiError && error.status === 404) return false;
      const detail = error instanceof GitLabApiError ? error.message : String(error);
      throw new PolicyReadError(
        `cannot tell whether ${ref} is a branch or a tag of ${where}: ${detail}; name it in full (refs/heads/${ref} or refs/tags/${ref}, or the commit's full id)${grant ? `, or: ${grant}` : ''}`,
      );
    }
  };
  const [branch, tag] = await Promise.all([exists('branches'), exists('tags')]);
  const ambiguity = ambiguousRef(ref, where, { branch, tag });
  if (ambiguity !== null) throw new PolicyReadError(ambiguity);
}

export function gitlabRepositoryFiles(
  client: GitLabClient,
  projectId: string,
  ref: string,
  options: RepositoryFilesOptions = {},
): PolicyFiles {
  const project = projectPathId(projectId);
  const where = options.describe ?? ref;
  const of = options.projectLabel ? ` of ${options.projectLabel}` : '';
  const grant = options.grant === undefined ? grantHint(client) : options.grant;
  let refChecked: Promise<void> | null = options.checkRef ? null : Promise.resolve();
  return {
    describe: where,
    ref,
    async read(path, limitBytes) {
      refChecked ??= refuseAmbiguousRef(
        client,
        projectId,
        ref,
        options.projectLabel ?? 'the project',
        grant,
      );
      await refChecked;
      const relativePath = repoRelativePath(path);
      if (relativePath === null) {
        throw new PolicyReadError(
          `${path} is outside the repository; files named by the policy must be inside it`,
        );
      }
      const endpoint = `/projects/${project}/repository/files/${encodeURIComponent(relativePath)}/raw`;
      const cannot = (why: string) =>
        new PolicyReadError(
          `cannot read ${relativePath}${of} at ${where} through the GitLab API: ${why}`,
        );
      let answer: Awaited<ReturnType<GitLabClient['getText']>>;
      try {
        answer = await client.getText(endpoint, { ref }, limitBytes);
      } catch (error) {
        if (!(error instanceof GitLabApiError)) throw cannot(String(error));
        const detail = error.detail;
        if (error.status === 404 && /^404 File Not Found$/i.test(detail.trim())) return null;
        if (error.status === 404 && /commit|ref|branch|tag/i.test(detail)) {
          throw cannot(`there is no ref "${ref}" in the project (${detail})`);
        }
        if (error.status === 401 || error.status === 403 || error.status === 404) {
          // GitLab's message often starts with the status itself ("404 Project Not Found").
          const answered = `answered ${detail.startsWith(String(error.status)) ? detail : `${error.status}${detail ? ` ${detail}` : ''}`}`;
          throw cannot(grant ? `${answered}; ${grant}` : answered);
        }
        throw cannot(error.message);
      }
      if ('tooLarge' in answer) throw tooLarge(relativePath, limitBytes);
      return answer.text;
    },
  };
}

/** A policy source that cannot be read at all (no token, no API URL): every read says why. */
export function unreadablePolicy(ref: string, why: string): PolicyFiles {
  return {
    describe: ref,
    ref,
    async read(path) {
      throw new PolicyReadError(`cannot read ${path} at ${ref}: ${why}`);
    },
  };
}
