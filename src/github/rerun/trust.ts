// What the scheduler checks before it fires a re-run record: that the gate made it
// (docs/rerun.md, "What the scheduler trusts"). Anyone with `deployments: write` can write a
// deployment of task deploy-window:rerun; only one that passes every check is dispatched.

import { errorMessage } from '../../core/errors.js';
import { PolicyReadError } from '../../node/policy-files.js';
import { learnTokenIdentity, type TokenIdentity } from '../identity.js';
import { githubContentsFiles, repositoryDefaultBranch } from '../policy-files.js';
import type { Repo, RerunDeployment } from './deployments.js';
import type { RerunPayload } from './types.js';
import {
  inspectRerunWorkflow,
  isWorkflowFileName,
  WORKFLOW_FILE_LIMIT,
  type WorkflowInspection,
} from './workflow-file.js';

export type Verdict =
  /** May be dispatched; `key` is its (workflow, ref, environment). */
  | { kind: 'trusted'; key: string }
  /** Not made by the gate, or not dispatchable: set to `error` with `reason`, never fired. */
  | { kind: 'refused'; reason: string }
  /** Could not be checked now (an API failure): stays queued for a later scheduler run. */
  | { kind: 'unchecked'; reason: string };

type WorkflowAtBranch =
  | { kind: 'read'; inspection: WorkflowInspection }
  | { kind: 'absent' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unchecked'; reason: string };

export type TrustJudge = (deployment: RerunDeployment, payload: RerunPayload) => Promise<Verdict>;

/**
 * A judge for one scheduler run: it learns the token's identity, the default branch and each
 * workflow file once, and only when a record needs them.
 */
export function trustJudge(target: Repo): TrustJudge {
  let identity: Promise<TokenIdentity> | undefined;
  let branch: Promise<{ name: string } | { failed: string }> | undefined;
  const workflows = new Map<string, Promise<WorkflowAtBranch>>();

  const defaultBranch = () => {
    branch ??= repositoryDefaultBranch(target.octokit, target).then(
      (name) => ({ name }),
      (error: unknown) => ({ failed: errorMessage(error) }),
    );
    return branch;
  };

  const workflowAt = (file: string, ref: string) => {
    let read = workflows.get(file);
    if (!read) {
      read = readWorkflow(target, file, ref);
      workflows.set(file, read);
    }
    return read;
  };

  return async (deployment, payload) => {
    if (!deployment.creator) return refused('GitHub names no creator for it');
    identity ??= learnTokenIdentity(target.octokit);
    const self = await identity;
    if (!self.known) {
      return {
        kind: 'unchecked',
        reason: `could not tell which identity this token acts as (${self.reason})`,
      };
    }
    if (deployment.creator.toLowerCase() !== self.login.toLowerCase()) {
      return refused(
        `created by ${deployment.creator}, not by ${self.login} (this scheduler's token)`,
      );
    }
    if (payload.ref !== deployment.ref) {
      return refused(`payload ref ${payload.ref} is not the deployment's ref ${deployment.ref}`);
    }
    if (payload.environment === null) return refused('the payload names no environment');
    if (payload.environment !== deployment.environment) {
      return refused(
        `payload environment ${payload.environment} is not the deployment's ${deployment.environment}`,
      );
    }
    if (!isWorkflowFileName(payload.workflow)) {
      return refused(
        `workflow ${JSON.stringify(payload.workflow.slice(0, 40))} is not a workflow file name (name.yml)`,
      );
    }

    const main = await defaultBranch();
    if ('failed' in main) return { kind: 'unchecked', reason: main.failed };
    const path = `.github/workflows/${payload.workflow}`;
    const workflow = await workflowAt(payload.workflow, main.name);
    if (workflow.kind === 'absent') {
      return refused(`${path} does not exist at ${main.name}, the default branch`);
    }
    if (workflow.kind !== 'read') return workflow;
    if (!workflow.inspection.ok) return refused(workflow.inspection.message);
    const declared = new Set(workflow.inspection.inputs);
    const undeclared = Object.keys(payload.inputs).filter((name) => !declared.has(name));
    if (undeclared.length > 0) {
      return refused(
        `inputs not declared by ${payload.workflow} at ${main.name}: ${undeclared.join(', ')}`,
      );
    }
    return {
      kind: 'trusted',
      // GitHub's environment names ignore case: `Production` and `production` are one.
      key: JSON.stringify([payload.workflow, deployment.ref, deployment.environment.toLowerCase()]),
    };
  };
}

function refused(reason: string): Verdict {
  return { kind: 'refused', reason };
}

async function readWorkflow(target: Repo, file: string, ref: string): Promise<WorkflowAtBranch> {
  const path = `.github/workflows/${file}`;
  try {
    const text = await githubContentsFiles(target.octokit, target, ref).read(
      path,
      WORKFLOW_FILE_LIMIT,
    );
    if (text === null) return { kind: 'absent' };
    return { kind: 'read', inspection: inspectRerunWorkflow(text, `${path} at ${ref}`) };
  } catch (error) {
    const message = errorMessage(error);
    return error instanceof PolicyReadError && error.aboutFile
      ? { kind: 'refused', reason: message }
      : { kind: 'unchecked', reason: message };
  }
}
