// The template's `policy-token` input reaches `deploy-window gate` as `--policy-token-env NAME`:
// the name of a variable, never a token, and never one of GitLab's own variables
// (docs/gitlab.md, "Org policies").
import { describe, expect, it } from 'vitest';
import { parseGateArgs } from '../../src/cli/commands/gate.js';

const gitlab = ['--platform', 'gitlab'];

describe('--policy-token-env', () => {
  it('takes the name of the variable holding the token', () => {
    const invocation = parseGateArgs([...gitlab, '--policy-token-env', 'DEPLOY_POLICY_TOKEN'], {});
    expect(invocation.policyTokenVariable).toBe('DEPLOY_POLICY_TOKEN');
    expect(parseGateArgs(gitlab, {}).policyTokenVariable).toBeNull();
  });

  it.each([
    ['glpat-AbC123xyz', /not a token/],
    ['$DEPLOY_POLICY_TOKEN', /not a token/],
    ['CI_JOB_TOKEN', /leave policy-token empty to read with the job token/],
    ['CI_COMMIT_MESSAGE', /a GitLab predefined variable is not a token you created/],
    ['GITLAB_USER_LOGIN', /a GitLab predefined variable/],
  ])('refuses %j', (name, why) => {
    expect(() => parseGateArgs([...gitlab, '--policy-token-env', name], {})).toThrow(why);
  });

  it('is for GitLab only', () => {
    expect(() =>
      parseGateArgs(['--platform', 'jenkins', '--policy-token-env', 'DEPLOY_POLICY_TOKEN'], {}),
    ).toThrow(/--platform gitlab only/);
  });
});
