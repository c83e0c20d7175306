// Who belongs where on GitLab: group membership (inherited included), direct project roles,
// and a username's numeric id. Only a well-formed positive answer counts: a JSON member of the
// user asked about, with a numeric access_level and state "active". Anything else is "not a
// member" or a throw; callers turn a throw into a warning, never into an exemption.
import { encodePathId, GitLabApiError, type GitLabClient } from './client.js';

export type MembershipAnswer = 'member' | 'not-member' | 'no-such-group';

interface ActiveMember {
  id: number;
  access_level: number;
}

const GUEST = 10;

/** The answer as an active member record of userId, or null when it is anything else. */
export function activeMember(body: unknown, userId: string): ActiveMember | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const member = body as Record<string, unknown>;
  const { id, access_level: level, state } = member;
  if (typeof id !== 'number' || String(id) !== userId) return null;
  // Guest (10) and up: Minimal Access (5) gives no access to the group's projects.
  if (typeof level !== 'number' || !Number.isInteger(level) || level < GUEST) return null;
  if (state !== 'active') return null;
  return { id, access_level: level };
}

/** Is the user a member of the group (directly or inherited), by `GET /groups/:id/members/all/:user_id`? */
export async function groupMembership(
  client: GitLabClient,
  groupPath: string,
  userId: string,
): Promise<MembershipAnswer> {
  try {
    const member = await client.get<unknown>(
      `/groups/${encodePathId(groupPath)}/members/all/${encodeURIComponent(userId)}`,
    );
    return activeMember(member, userId) ? 'member' : 'not-member';
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
    const member = activeMember(
      await client.get<unknown>(`/projects/${projectPathId}/members/${encodeURIComponent(userId)}`),
      userId,
    );
    return member?.access_level === ROLE_ACCESS_LEVEL[role];
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404) return false;
    throw error;
  }
}

/** The numeric id of a username (`GET /users?username=`), null when no user has exactly that name. */
export async function userIdOf(client: GitLabClient, username: string): Promise<string | null> {
  const users = await client.get<unknown>('/users', { username });
  if (!Array.isArray(users)) throw new Error(`GET /users answered something other than a list`);
  const found = users.find(
    (user: unknown) =>
      !!user &&
      typeof user === 'object' &&
      typeof (user as { username?: unknown }).username === 'string' &&
      (user as { username: string }).username.toLowerCase() === username.toLowerCase() &&
      Number.isSafeInteger((user as { id?: unknown }).id) &&
      (user as { id: number }).id > 0,
  ) as { id: number } | undefined;
  return found ? String(found.id) : null;
}
