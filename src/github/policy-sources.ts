// How the GitHub face reads the sources a config extends (docs/organisation.md, "Tokens"):
// `github>` and `local>` through the contents API with the policy token (the action's
// `policy-token`, default `github-token`), plain paths from this run's policy ref, `gitlab>`
// refused. It remembers where each layer was read, so the note links to the policy that blocked.
import { blockingPoliciesMarkdown } from '../core/render/blocking-policies.js';
import type { Decision, PolicySource } from '../core/types.js';
import { type PolicyFiles, PolicyReadError } from '../node/policy-files.js';
import type { ResolveOptions } from '../node/policy-sources.js';
import type { GitHubClient } from './api.js';
import { githubSourceFiles, type Repository } from './policy-files.js';

/** Where one layer's file was read: a repository (owner/name), its path, the ref read. */
export interface PolicyOrigin {
  repository: string;
  path: string;
  /** The branch, tag or commit read; null: not known (the default branch was never asked). */
  ref: string | null;
}

export interface GitHubSourcesSetup {
  /** The client with the policy token; null: there is none (every `github>` source fails closed). */
  client: GitHubClient | null;
  /** This run's policy files: plain paths are read from them, like the config itself. */
  own: () => PolicyFiles;
  /** GITHUB_REPOSITORY (links to plain-path layers); null: not set. */
  repository: Repository | null;
  /** The commit checked out (GITHUB_SHA): links to plain-path layers read from the workspace. */
  sha: string | null;
}

export interface GitHubPolicySources {
  /** What the gate resolves `extends` with (one object per run: origins accumulate in it). */
  options: ResolveOptions;
  /** Where the layer named `source` (as in the decision's `layers`) was read; null: unknown. */
  originOf(source: string): PolicyOrigin | null;
}

const GITLAB_REFUSED = 'the GitHub Action reads github> and local> sources only, not gitlab> ones';

/** Sources this face never reads: gitlab> ones. */
const refuses = (source: PolicySource): string | null =>
  source.kind === 'gitlab' ? GITLAB_REFUSED : null;

function grant(source: PolicySource): string {
  if (source.kind === 'path') return 'commit the file at the policy ref, or fix the path';
  if (source.kind === 'gitlab') {
    return 'put the policy file in a GitHub repository and extend it with github>, or run the gate with the deploy-window CLI, which reads gitlab> sources with GITLAB_TOKEN';
  }
  return `the policy-token input (default: github-token) needs read access to ${source.repo} (contents: read); a workflow's GITHUB_TOKEN reads only its own repository`;
}

export function githubPolicySources(setup: GitHubSourcesSetup): GitHubPolicySources {
  const origins = new Map<string, PolicyOrigin>();
  const openClient = async (): Promise<GitHubClient> => {
    if (setup.client) return setup.client;
    throw new PolicyReadError(
      'there is no token to read it with (the policy-token and github-token inputs are empty)',
    );
  };
  const filesFor = (source: PolicySource): PolicyFiles => {
    if (source.kind === 'path') {
      const own = setup.own();
      if (setup.repository) {
        origins.set(source.written, {
          repository: `${setup.repository.owner}/${setup.repository.repo}`,
          path: source.path,
          ref: own.ref ?? setup.sha,
        });
      }
      return own;
    }
    const never = refuses(source);
    if (never !== null) throw new PolicyReadError(never);
    const origin: PolicyOrigin = { repository: source.repo, path: source.path, ref: source.ref };
    origins.set(source.written, origin);
    return githubSourceFiles(source, openClient, (ref) => {
      origin.ref = ref;
    });
  };
  return {
    options: { filesFor, localPlatform: 'github', grant, refuses },
    originOf: (source) => origins.get(source) ?? null,
  };
}

/** `https://github.com/acme/deploy-policy/blob/v3/org.yml`; null when the ref is not known. */
export function policyFileUrl(serverUrl: string, origin: PolicyOrigin): string | null {
  if (origin.ref === null) return null;
  const segments = (text: string) => text.split('/').map(encodeURIComponent).join('/');
  const server = serverUrl.replace(/\/+$/, '');
  return `${server}/${segments(origin.repository)}/blob/${segments(origin.ref)}/${segments(origin.path)}`;
}

/** Markdown naming each extended policy that blocks the run, linked to its file on GitHub. */
export function githubBlockingPolicies(
  decision: Decision,
  originOf: (source: string) => PolicyOrigin | null,
  serverUrl: string,
): string | null {
  return blockingPoliciesMarkdown(decision, (source) => {
    const origin = originOf(source);
    return origin ? policyFileUrl(serverUrl, origin) : null;
  });
}
