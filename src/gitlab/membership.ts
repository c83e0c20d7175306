// Who belongs where on GitLab: group membership (inherited included), direct project roles,
// and a username's numeric id. Each look-up either answers or throws; callers turn a throw
// into a warning, never into an exemption.
import { encodePathId, GitLabApiError, type GitLabClient } from './client.js';

export type MembershipAnswer = 'member' | 'not-member' | 'no-such-group';

interface Member {
  id: number;
  username?: string;
  state?: string;
  access_level?: number;
}

/** Is the user a member of the group (directly or inherited), by `GET /groups/:id/members/all/:user_id`? */
export async function groupMembership(
  client: GitLabClient,
  groupPath: string,
  userId: string,
): Promise<MembershipAnswer> {
  try {
    const member = await client.get<Member>(
      `/groups/${encodePathId(groupPath)}/members/all/${encodeURIComponent(userId)}`,
    );
    return member.state === undefined || member.state === 'active' ? 'member' : 'not-member';
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404) {
      // "404 Group Not Found" (missing or invisible to the token) vs "404 Not found" (no such member).
      return /group/i.test(error.detail) ? 'no-such-group' : 'not-member';
    }
    throw error;
  }
}

const ROLE_ACCESS_LEVEL = { developer: 30, maintainer: 40, owner: 50 } as const;

/** Does the user hold exactly this role as a direct project member (GitLab's `@@role` owners)? */
export async function hasProjectRole(
  client: GitLabClient,
  projectPathId: string,
  userId: string,
  role: keyof typeof ROLE_ACCESS_LEVEL,
): Promise<boolean> {
  try {
    const member = await client.get<Member>(
      `/projects/${projectPathId}/members/${encodeURIComponent(userId)}`,
    );
    if (member.state !== undefined && member.state !== 'active') return false;
    return member.access_level === ROLE_ACCESS_LEVEL[role];
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404) return false;
    throw error;
  }
}

/** The numeric id of a username (`GET /users?username=`), null when no such user. */
export async function userIdOf(client: GitLabClient, username: string): Promise<string | null> {
  const users = await client.get<Member[]>('/users', { username });
  const found = Array.isArray(users)
    ? (users.find((user) => user.username?.toLowerCase() === username.toLowerCase()) ?? users[0])
    : undefined;
  return found ? String(found.id) : null;
}
