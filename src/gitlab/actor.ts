// Who started the job, as GitLab itself says: `GET /job` with the job token answers the job's
// user. Only a well-formed answer counts; anything else means nobody is exempt
// (docs/gitlab.md, "What GitLab trusts").
export interface JobUser {
  username: string;
  /** Numeric id, as text (for membership look-ups). */
  id: string;
}

/** GitLab usernames: letters, digits, `_`, `.` and `-`, starting with a letter, digit or `_`. */
const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/** The job's user from a `GET /job` answer (to the job token); throws unless well-formed. */
export function jobUserOf(job: unknown): JobUser {
  const user =
    job && typeof job === 'object' && !Array.isArray(job)
      ? (job as { user?: unknown }).user
      : undefined;
  if (!user || typeof user !== 'object' || Array.isArray(user)) {
    throw new Error('the answer names no user');
  }
  const { username, id } = user as { username?: unknown; id?: unknown };
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new Error('the answer has no valid user.username');
  }
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new Error('the answer has no numeric user.id');
  }
  return { username, id: String(id) };
}
