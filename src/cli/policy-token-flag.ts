// `--policy-token-env NAME` of `gate` and `preview` (GitLab): which variable holds the token
// that reads the policy projects a config extends.

import type { PlatformName } from '../gate/types.js';
import type { CommandFlags } from './args.js';
import { UsageError } from './usage-error.js';

/**
 * `--policy-token-env NAME`, the GitLab template's `policy-token` input: a variable's NAME,
 * never the token (docs/gitlab.md, "Org policies"). GitLab's own variables (CI_*, GITLAB_*) are
 * refused: none of them is a token you created, and CI_JOB_TOKEN is used without this flag.
 */
export function policyTokenFlag(
  flags: CommandFlags,
  platform: PlatformName,
  command: string,
): string | null {
  const name = flags.string('policy-token-env');
  if (name === null) return null;
  if (platform !== 'gitlab') {
    throw new UsageError('--policy-token-env is for --platform gitlab only', command);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(name)) {
    throw new UsageError(
      `invalid --policy-token-env '${name}': expected the name of a CI/CD variable (letters, digits and _), not a token`,
      command,
    );
  }
  if (/^(CI|GITLAB)_/i.test(name)) {
    throw new UsageError(
      `invalid --policy-token-env '${name}': a GitLab predefined variable is not a token you created (leave policy-token empty to read with the job token)`,
      command,
    );
  }
  return name;
}
