// Is a user an active member of a GitHub team? Only a well-formed positive answer is a yes
// (a JSON object with `state: "active"`); a look-up that cannot answer is a warning that names
// the scope it needs, and never a yes.

import { errorMessage } from '../core/errors.js';
import { type GitHubClient, statusOf } from './api.js';

export interface TeamMembership {
  member: boolean;
  /** Why the look-up could not answer (not exempt because of it). null when it answered. */
  warning: string | null;
}

const SCOPE_HINT =
  'Team exemptions need a token that can read the organization\'s teams (a classic token with the read:org scope, or a fine-grained token / GitHub App with "Members: read"); GITHUB_TOKEN cannot. Pass it as the exempt-token input.';

/**
 * `acme/release-managers` or `@acme/release-managers` -> org and slug; null when malformed.
 * Only the characters GitHub puts in an organisation login and a team slug: a slug of `..`
 * would survive URL encoding and turn the team look-up into the organisation's membership.
 */
export function parseTeam(team: string): { org: string; slug: string } | null {
  const match = /^@?([A-Za-z0-9][A-Za-z0-9_-]*)\/((?!\.+$)[A-Za-z0-9._-]+)$/.exec(team.trim());
  return match?.[1] && match[2] ? { org: match[1], slug: match[2].toLowerCase() } : null;
}

export async function checkTeamMembership(
  octokit: GitHubClient | null,
  team: string,
  login: string,
): Promise<TeamMembership> {
  const parsed = parseTeam(team);
  if (!parsed) {
    return {
      member: false,
      warning: `Team "${team}" is not of the form org/team-slug; it exempts nobody.`,
    };
  }
  if (!octokit) {
    return {
      member: false,
      warning: `Could not check whether ${login} is in ${parsed.org}/${parsed.slug}: no token. ${SCOPE_HINT}`,
    };
  }
  const { org, slug } = parsed;
  try {
    const { data, headers } = await octokit.rest.teams.getMembershipForUserInOrg({
      org,
      team_slug: slug,
      username: login,
    });
    const state = membershipState(data, headers['content-type']);
    if (state === null) {
      return {
        member: false,
        warning: `Could not check whether ${login} is in ${org}/${slug}: the answer to GET /orgs/${org}/teams/${slug}/memberships/${login} is not a membership GitHub would send (a JSON object with a state), so it does not exempt.`,
      };
    }
    return { member: state === 'active', warning: null };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 && (await teamIsVisible(octokit, org, slug))) {
      // The token sees the team, so the 404 means what it says: not a member.
      return { member: false, warning: null };
    }
    const why =
      status === 404
        ? 'the team does not exist or the token cannot see it'
        : status === 401 || status === 403
          ? 'the token is not allowed to read team memberships'
          : 'the look-up failed';
    return {
      member: false,
      warning: `Could not check whether ${login} is in ${org}/${slug} (${why}: ${errorMessage(error)}), so it does not exempt. ${SCOPE_HINT}`,
    };
  }
}

/** The `state` of a membership answer, or null when the answer is not a JSON membership object. */
export function membershipState(data: unknown, contentType: unknown): string | null {
  if (typeof contentType !== 'string' || !/^application\/json\s*(;|$)/i.test(contentType)) {
    return null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const state = (data as { state?: unknown }).state;
  return typeof state === 'string' && state !== '' ? state : null;
}

async function teamIsVisible(octokit: GitHubClient, org: string, slug: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.teams.getByName({ org, team_slug: slug });
    return Boolean(data) && typeof data === 'object' && !Array.isArray(data);
  } catch {
    return false;
  }
}
