// Who the scheduler's token acts as: the login a re-run record's creator must match
// (docs/rerun.md, "What the scheduler trusts").

import { describeApiError } from './deployments.js';
import type { GitHubClient } from './types.js';

export type SchedulerIdentity =
  | { known: true; login: string; learnedFrom: string }
  | { known: false; reason: string };

/** A GitHub login: a user's, or an App's `<app-slug>[bot]`. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * `GET /user` answers a user token (a personal access token) with its user. An App installation
 * token, the workflow's GITHUB_TOKEN included, is refused there (403 "Resource not accessible
 * by integration"); GraphQL `viewer` answers it with the App's bot, `<app-slug>[bot]`
 * (`github-actions[bot]` for GITHUB_TOKEN). Anything but a well-formed login is not an identity.
 */
export async function learnSchedulerIdentity(octokit: GitHubClient): Promise<SchedulerIdentity> {
  let userFailure: string;
  try {
    const response = await octokit.rest.users.getAuthenticated();
    const login = (response.data as { login?: unknown } | null)?.login;
    if (typeof login === 'string' && LOGIN.test(login)) {
      return { known: true, login, learnedFrom: 'GET /user' };
    }
    userFailure = 'GET /user answered no login';
  } catch (error) {
    const { status, message } = describeApiError(error);
    userFailure = `GET /user: ${status ?? 'network'} ${message}`;
  }
  try {
    const answer = await octokit.graphql<{ viewer?: { login?: unknown } }>(
      'query { viewer { login } }',
    );
    const login = answer?.viewer?.login;
    if (typeof login === 'string' && LOGIN.test(login)) {
      return { known: true, login, learnedFrom: 'GraphQL viewer' };
    }
    return { known: false, reason: `${userFailure}; GraphQL viewer answered no login` };
  } catch (error) {
    const { status, message } = describeApiError(error);
    return {
      known: false,
      reason: `${userFailure}; GraphQL viewer: ${status ?? 'error'} ${message}`,
    };
  }
}
