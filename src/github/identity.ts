// Who a token acts as on GitHub: `github-actions[bot]` for the workflow's GITHUB_TOKEN,
// `<app-slug>[bot]` for a GitHub App token, the user for a personal token. The gate edits only
// comments written by this identity (docs/github-action.md, "The comment"); the re-run
// scheduler dispatches only records its own identity made (docs/rerun.md, "Which identity the
// scheduler acts as").
import type { GitHubClient } from './api.js';
import { describeApiError } from './rerun/deployments.js';

/** A GitHub login (users: letters, digits, dashes; Apps: `<slug>[bot]`). */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

function loginIn(value: unknown): string | null {
  return typeof value === 'string' && LOGIN.test(value) ? value : null;
}

export type TokenIdentity =
  | { known: true; login: string; learnedFrom: 'GET /user' | 'GraphQL viewer' }
  | { known: false; reason: string };

/**
 * The login the token acts as. `GET /user` answers a user token (a personal access token) with
 * its user; an App installation token, the workflow's GITHUB_TOKEN included, is refused there
 * (403 "Resource not accessible by integration"), and GraphQL `viewer` answers it with the
 * App's bot. Only a well-formed login in a JSON answer counts; otherwise the identity is
 * unknown and `reason` names both failures.
 */
export async function learnTokenIdentity(octokit: GitHubClient): Promise<TokenIdentity> {
  let userFailure: string;
  try {
    const { data, headers } = await octokit.request('GET /user');
    const json = /^application\/json\b/i.test(String(headers['content-type'] ?? ''));
    const login = json ? loginIn((data as { login?: unknown } | null)?.login) : null;
    if (login) return { known: true, login, learnedFrom: 'GET /user' };
    userFailure = 'GET /user answered no login';
  } catch (error) {
    const { status, message } = describeApiError(error);
    userFailure = `GET /user: ${status ?? 'network'} ${message}`;
  }
  try {
    const answer = await octokit.graphql<{ viewer?: { login?: unknown } }>(
      'query { viewer { login } }',
    );
    const login = loginIn(answer?.viewer?.login);
    if (login) return { known: true, login, learnedFrom: 'GraphQL viewer' };
    return { known: false, reason: `${userFailure}; GraphQL viewer answered no login` };
  } catch (error) {
    const { status, message } = describeApiError(error);
    return {
      known: false,
      reason: `${userFailure}; GraphQL viewer: ${status ?? 'error'} ${message}`,
    };
  }
}

/** The identity, looked up once per run (and learned from what the run itself writes). */
export interface CommentAuthor {
  login(): Promise<string | null>;
  /** The author of a comment this run just wrote: its identity, for the rest of the run. */
  learn(login: unknown): void;
}

export function commentAuthor(octokit: GitHubClient): CommentAuthor {
  let known: Promise<string | null> | null = null;
  return {
    login() {
      known ??= learnTokenIdentity(octokit).then((identity) =>
        identity.known ? identity.login : null,
      );
      return known;
    },
    learn(login) {
      const valid = loginIn(login);
      if (valid) known = Promise.resolve(valid);
    },
  };
}

export function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}
