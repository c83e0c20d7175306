// Where the CLI reads the policy (docs/cli.md, "Policy ref"): the file it is given in the
// working tree, or with `--policy-ref REF` the config and the files it names as committed at
// REF (`git` in the current repository), whatever the working tree holds.
import { type GateConfigLoad, readConfigFile, readGateConfig } from '../node/config-file.js';
import { gitFiles, isSafeRef, PolicyReadError, workspaceFiles } from '../node/policy-files.js';
import { UsageError } from './usage-error.js';

/** `--policy-ref workspace`: the working tree, as without the flag. */
export const WORKSPACE_REF = 'workspace';

/** The `--policy-ref` value checked before git sees it; null: not given. */
export function policyRefFlag(command: string, value: string | null): string | null {
  if (value === null) return null;
  if (!isSafeRef(value)) {
    throw new UsageError(
      `invalid --policy-ref '${value.slice(0, 80)}': expected a branch, tag or commit (or workspace)`,
      command,
    );
  }
  return value;
}

/**
 * The config for a run: from the working tree under `root` (null or 'workspace'), else at the
 * git ref, with a notice when the working tree's copy differs. A ref that cannot be read is a
 * config error: the gate stays closed.
 */
export async function readPolicyConfig(
  given: string | null,
  root: string,
  policyRef: string | null,
): Promise<GateConfigLoad> {
  if (policyRef === null || policyRef === WORKSPACE_REF) return readConfigFile(given, root);
  try {
    return await readGateConfig(given, gitFiles(root, policyRef), workspaceFiles(root));
  } catch (error) {
    if (!(error instanceof PolicyReadError)) throw error;
    const file = given ?? 'deploy-windows.yml';
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: error.message }] };
  }
}
