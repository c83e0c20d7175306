// Exemption routes GitLab adds to `exempt.users` (which the gate checks itself):
// `exempt.teams` as group full paths and `exempt.codeowners` by GitLab's CODEOWNERS, read at
// the policy ref. A failed look-up is a warning naming what it needs, never an exemption.

import { errorMessage } from '../core/errors.js';
import type { ExemptConfig } from '../core/types.js';
import type { ExemptionResult } from '../gate/types.js';
import { FILE_LIMITS, type PolicyFiles } from '../node/policy-files.js';
import type { JobUser } from './actor.js';
import type { GitLabClient } from './client.js';
import { type CodeOwner, describeOwner, GITLAB_CODEOWNERS_PATHS, ownersOf } from './codeowners.js';
import { type GitLabFacts, projectPathId, TOKEN_HELP } from './facts.js';
import { groupMembership, hasProjectRole, userIdOf } from './membership.js';

export interface ExemptionDeps {
  client: GitLabClient | null;
  facts: GitLabFacts;
  /** Where CODEOWNERS is read: the policy ref (or the workspace with policy-ref: workspace). */
  policy: PolicyFiles;
  /** Who started the job, as `GET /job` reported it (null: unknown). */
  jobUser: JobUser | null;
  /**
   * The project whose roles `@@maintainer` in that CODEOWNERS means: an org layer's own project
   * (`acme/deploy-policy`); absent or null: this project (CI_PROJECT_ID).
   */
  project?: string | null;
  /** What each look-up found, for the job log. */
  info?: (line: string) => void;
}

/** The first CODEOWNERS of GitLab's paths at the policy ref; null when there is none. */
async function readCodeOwners(policy: PolicyFiles): Promise<{ path: string; text: string } | null> {
  for (const candidate of GITLAB_CODEOWNERS_PATHS) {
    const text = await policy.read(candidate, FILE_LIMITS.codeowners);
    if (text !== null) return { path: candidate, text };
  }
  return null;
}

export async function checkGitLabExemption(
  deps: ExemptionDeps,
  exempt: ExemptConfig,
  actor: string,
): Promise<ExemptionResult> {
  const warnings: string[] = [];
  const { client, facts } = deps;
  const info = deps.info ?? (() => {});
  const notExempt = (): ExemptionResult => ({ exempt: false, via: null, warnings });

  // The actor's numeric id, looked up at most once and only when an API route needs it.
  let userId: string | null | undefined;
  const resolveUserId = async (): Promise<string | null> => {
    if (userId !== undefined) return userId;
    if (deps.jobUser && deps.jobUser.username.toLowerCase() === actor.toLowerCase()) {
      userId = deps.jobUser.id;
    } else if (client) {
      try {
        userId = await userIdOf(client, actor);
        if (userId === null) warnings.push(`GitLab user "${actor}" not found; no group exemption`);
      } catch (error) {
        warnings.push(`cannot look up GitLab user "${actor}": ${errorMessage(error)}`);
        userId = null;
      }
    } else {
      userId = null;
    }
    return userId;
  };

  const isGroupMember = async (group: string, silentWhenMissing: boolean): Promise<boolean> => {
    const id = await resolveUserId();
    if (id === null || !client) return false;
    try {
      const answer = await groupMembership(client, group, id);
      if (answer === 'no-such-group' && silentWhenMissing) {
        info(`@${group} is not a group visible to the token: another user than ${actor}.`);
      } else {
        info(
          `${actor} ${answer === 'member' ? 'is a member' : 'is not a member'} of GitLab group ${group}${answer === 'no-such-group' ? ' (no such group visible)' : ''}.`,
        );
      }
      if (answer === 'no-such-group' && !silentWhenMissing) {
        warnings.push(
          `GitLab group "${group}" not found or not visible to DEPLOY_WINDOW_TOKEN (needs the api or read_api scope and access to the group); it exempts nobody`,
        );
      }
      return answer === 'member';
    } catch (error) {
      warnings.push(
        `cannot check membership of group "${group}" (${errorMessage(error)}); DEPLOY_WINDOW_TOKEN needs the api or read_api scope`,
      );
      return false;
    }
  };

  if (exempt.teams.length > 0) {
    if (!client) {
      warnings.push(`exempt.teams is not checked: ${TOKEN_HELP}`);
    } else if ((await resolveUserId()) !== null) {
      for (const team of exempt.teams) {
        if (await isGroupMember(team, false))
          return { exempt: true, via: `team:${team}`, warnings };
      }
    }
  }

  if (exempt.codeowners) {
    let file: { path: string; text: string } | null;
    try {
      file = await readCodeOwners(deps.policy);
    } catch (error) {
      warnings.push(`exempt.codeowners is not checked: ${errorMessage(error)}`);
      return notExempt();
    }
    if (!file) {
      warnings.push(
        `exempt.codeowners is set but no CODEOWNERS file was found at ${deps.policy.describe} (${GITLAB_CODEOWNERS_PATHS.join(', ')})`,
      );
      return notExempt();
    }
    const sections = ownersOf(file.text, exempt.codeowners);
    for (const { section, owners: named } of sections) {
      info(
        `${file.path}${section ? ` [${section}]` : ''}: ${exempt.codeowners} is owned by ${named.map(describeOwner).join(' ')}.`,
      );
    }
    const owners = sections.flatMap((entry) => entry.owners);
    if (owners.length === 0) {
      warnings.push(`${file.path} names no owner of ${exempt.codeowners}`);
      return notExempt();
    }
    // Users first: they need no API call.
    const named = owners.find(
      (owner) => owner.kind === 'user-or-group' && owner.name.toLowerCase() === actor.toLowerCase(),
    );
    if (named) return { exempt: true, via: `codeowners:${describeOwner(named)}`, warnings };

    const needsApi = owners.filter((owner) => owner.kind !== 'email');
    if (needsApi.length > 0 && !client) {
      warnings.push(
        `CODEOWNERS groups and roles of ${exempt.codeowners} are not checked: ${TOKEN_HELP}`,
      );
      return notExempt();
    }
    const seen = new Set<string>();
    for (const owner of needsApi) {
      const key = describeOwner(owner).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      if (await ownsThroughApi(owner)) {
        return { exempt: true, via: `codeowners:${describeOwner(owner)}`, warnings };
      }
    }
  }
  return notExempt();

  async function ownsThroughApi(owner: CodeOwner): Promise<boolean> {
    switch (owner.kind) {
      // `@name` may be another user: then "group not found" is expected and not worth a warning.
      case 'user-or-group':
        return isGroupMember(owner.name, true);
      case 'group':
        return isGroupMember(owner.path, false);
      case 'role': {
        const id = await resolveUserId();
        const project = deps.project ?? facts.projectId;
        if (id === null || !client || !project) return false;
        try {
          return await hasProjectRole(client, projectPathId(project), id, owner.role);
        } catch (error) {
          warnings.push(
            `cannot check the project role of "${actor}" for @@${owner.role} (${errorMessage(error)}); DEPLOY_WINDOW_TOKEN needs the api or read_api scope`,
          );
          return false;
        }
      }
      case 'email':
        return false;
    }
  }
}
