// Which of the marked notes this token wrote. The gate's and the preview's notes are found again
// by a hidden marker, and anyone who can comment can copy that marker into a note of their own:
// only notes whose author is the token's user (`GET /user`) are ever edited or counted.
import { errorMessage } from '../core/errors.js';
import type { GateLogger } from '../gate/types.js';
import type { GitLabClient } from './client.js';

export interface TokenUser {
  id: number;
  username: string;
}

/** A user from an API answer: a positive whole id and a username, or null. */
export function tokenUserOf(value: unknown): TokenUser | null {
  const user = value as { id?: unknown; username?: unknown } | null;
  if (typeof user !== 'object' || user === null) return null;
  const { id, username } = user;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  if (typeof username !== 'string' || username === '') return null;
  return { id, username };
}

/** A note or commit comment's author id, when the answer gives a well-formed one. */
function authorId(item: unknown): number | null {
  const author = (item as { author?: unknown } | null)?.author;
  return tokenUserOf(author)?.id ?? null;
}

/**
 * The items among `marked` that this token's user wrote, in their order. Asks `GET /user` only
 * when something is marked; when that answer is missing or malformed, none is ours (a warning
 * says why), so nothing is edited and the caller writes anew. `what` names the items in the
 * warnings ("note(s)", "comment(s)").
 */
export async function writtenByToken<T>(
  client: GitLabClient,
  marked: T[],
  log: Pick<GateLogger, 'warning'>,
  what: string,
): Promise<T[]> {
  if (marked.length === 0) return [];
  let me: TokenUser | null;
  try {
    me = tokenUserOf(await client.get<unknown>('/user'));
    if (!me) throw new Error('the answer names no user');
  } catch (error) {
    log.warning(
      `${marked.length} ${what} carry the deploy-window marker, but who DEPLOY_WINDOW_TOKEN writes as is unknown (GET /user: ${errorMessage(error)}), so none is taken for its own.`,
    );
    return [];
  }
  const user = me;
  const ours = marked.filter((item) => authorId(item) === user.id);
  const strangers = marked.length - ours.length;
  if (strangers > 0) {
    log.warning(
      `Left alone ${strangers} ${what} by others with the deploy-window marker: only those of ${user.username} are taken for its own.`,
    );
  }
  return ours;
}
