// Who this run's token writes as on GitHub: `github-actions[bot]` for the workflow's
// GITHUB_TOKEN, `<app-slug>[bot]` for a GitHub App token, the user for a personal token. The
// gate edits only comments written by this identity (docs/github-action.md, "The comment").
import type { GitHubClient } from './client.js';

/** A GitHub login (users: letters, digits, dashes; Apps: `<slug>[bot]`). */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

function loginIn(value: unknown): string | null {
  return typeof value === 'string' && LOGIN.test(value) ? value : null;
}

/**
 * The login the token acts as, or null when GitHub would not say. GraphQL `viewer` answers
 * user and App installation tokens alike; `GET /user` (user tokens only) is the fallback.
 */
export async function actingLogin(octokit: GitHubClient): Promise<string | null> {
  try {
    const data = await octokit.graphql<{ viewer?: { login?: unknown } }>(
      'query { viewer { login } }',
    );
    const login = loginIn(data?.viewer?.login);
    if (login) return login;
  } catch {
    // Try the REST way.
  }
  try {
    const { data, headers } = await octokit.request('GET /user');
    if (/^application\/json\b/i.test(String(headers['content-type'] ?? ''))) {
      return loginIn((data as { login?: unknown } | null)?.login);
    }
  } catch {
    // Neither way answered: unknown.
  }
  return null;
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
      known ??= actingLogin(octokit);
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
