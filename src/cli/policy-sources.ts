// Where the CLI reads the policy files a config extends (docs/organisation.md, "Tokens"):
// `github>` through the contents API with GITHUB_TOKEN (GITHUB_API_URL for the host), `gitlab>`
// through the repository files API with GITLAB_TOKEN (CI_SERVER_URL), `local>` as the platform
// this run is on, plain paths from the same place as the config itself.
import type { PolicySource, RepositorySource } from '../core/types.js';
import { deferredFiles, githubSourceFiles } from '../github/policy-files.js';
import {
  gitFiles,
  type PolicyFiles,
  PolicyReadError,
  workspaceFiles,
} from '../node/policy-files.js';
import { type ResolveOptions, resolvePolicyLayers } from '../node/policy-sources.js';
import { detectPlatform } from './detect-platform.js';
import { WORKSPACE_REF } from './policy-config.js';

const DEFAULT_GITHUB_API = 'https://api.github.com';
const DEFAULT_GITLAB = 'https://gitlab.com';

type Env = Record<string, string | undefined>;

/**
 * What reading sources needs of its caller: the environment (tokens, API hosts), the
 * repository root (plain paths) and where an API client's warnings go. A command passes its
 * CliIo's; `gate`'s local and Jenkins platforms their context and logger.
 */
export interface PolicySourceHost {
  env: Env;
  /** The repository root: plain paths are read here (or at the policy ref, with git). */
  cwd: string;
  warning(message: string): void;
}

/** The platform `local>` stands for: the CI this runs in; null outside GitHub Actions and GitLab CI. */
export function localPlatformOf(env: Env): 'github' | 'gitlab' | null {
  const platform = detectPlatform(env);
  return platform === 'github' || platform === 'gitlab' ? platform : null;
}

function githubFiles(io: PolicySourceHost, source: RepositorySource): PolicyFiles {
  return githubSourceFiles(source, async () => {
    const token = io.env.GITHUB_TOKEN?.trim() ?? '';
    if (token === '') {
      throw new PolicyReadError(
        `set GITHUB_TOKEN to a token that can read ${source.repo} (contents: read) to read github> sources`,
      );
    }
    const baseUrl = io.env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API;
    const { createClient } = await import('../github/client.js');
    return createClient(token, {
      baseUrl,
      env: io.env,
      log: { warning: (message: string) => io.warning(message) },
    });
  });
}

function gitlabFiles(io: PolicySourceHost, source: RepositorySource): PolicyFiles {
  // The files API reads the project's default branch for the ref HEAD.
  const ref = source.ref ?? 'HEAD';
  return deferredFiles(source.ref ?? 'the default branch', source.ref, async () => {
    const token = io.env.GITLAB_TOKEN?.trim() ?? '';
    if (token === '') {
      throw new PolicyReadError(
        `set GITLAB_TOKEN to a token with the read_api scope that can read ${source.repo} to read gitlab> sources`,
      );
    }
    const server = (io.env.CI_SERVER_URL?.trim() || DEFAULT_GITLAB).replace(/\/+$/, '');
    const apiUrl = io.env.CI_API_V4_URL?.trim() || `${server}/api/v4`;
    const [{ GitLabClient }, { gitlabRepositoryFiles }] = await Promise.all([
      import(/* webpackMode: "eager" */ '../gitlab/client.js'),
      import(/* webpackMode: "eager" */ '../gitlab/policy-files.js'),
    ]);
    const client = new GitLabClient({ apiUrl, token });
    return gitlabRepositoryFiles(client, source.repo, ref, {
      grant: `give GITLAB_TOKEN read_api access to ${source.repo}`,
    });
  });
}

/**
 * The CLI's `filesFor`: plain paths from where the config itself is read (the working tree,
 * or the git ref of --policy-ref), other repositories through their platform's API.
 */
export function cliSourceFiles(
  io: PolicySourceHost,
  policyRef: string | null,
): ResolveOptions['filesFor'] {
  let own: PolicyFiles | null = null;
  return (source: PolicySource): PolicyFiles => {
    if (source.kind === 'path') {
      own ??=
        policyRef === null || policyRef === WORKSPACE_REF
          ? workspaceFiles(io.cwd)
          : gitFiles(io.cwd, policyRef);
      return own;
    }
    const platform = source.kind === 'local' ? localPlatformOf(io.env) : source.kind;
    if (platform === 'github') return githubFiles(io, source);
    if (platform === 'gitlab') return gitlabFiles(io, source);
    throw new PolicyReadError(
      'local> means the platform this run is on, and this is neither GitHub Actions nor GitLab CI; write github> or gitlab> instead',
    );
  };
}

/** What to grant, as the CLI reads each kind of source. */
function cliGrant(io: PolicySourceHost) {
  return (source: PolicySource): string => {
    if (source.kind === 'path') return 'commit the file, or fix the path';
    const platform = source.kind === 'local' ? localPlatformOf(io.env) : source.kind;
    return platform === 'gitlab'
      ? `GITLAB_TOKEN needs the read_api scope and at least the Reporter role on ${source.repo}`
      : `GITHUB_TOKEN needs read access to ${source.repo} (contents: read)`;
  };
}

/** The CLI's options for resolving `extends`. */
export function cliResolveOptions(io: PolicySourceHost, policyRef: string | null): ResolveOptions {
  return {
    filesFor: cliSourceFiles(io, policyRef),
    localPlatform: localPlatformOf(io.env),
    grant: cliGrant(io),
  };
}

/**
 * The gate's: a policy from the working tree is the change's, so the files its `extends` names
 * in other repositories are not quoted through their errors (docs/organisation.md, "Reading
 * the sources"). `validate` and the other commands, an operator's look, keep them.
 */
export function gateResolveOptions(io: PolicySourceHost, policyRef: string | null): ResolveOptions {
  return {
    ...cliResolveOptions(io, policyRef),
    withholdOtherRepositoryErrors: policyRef === null || policyRef === WORKSPACE_REF,
  };
}

export { resolvePolicyLayers };
