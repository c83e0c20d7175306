import { describe, expect, it } from 'vitest';
import { getInputs, inputVariable } from '../../src/github/inputs.js';

const env = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]));

describe('action inputs', () => {
  it('keeps dashes in the runner variable names', () => {
    expect(inputVariable('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputVariable('max-wait')).toBe('INPUT_MAX-WAIT');
  });

  it('applies the documented defaults', () => {
    expect(getInputs({})).toEqual({
      config: null,
      environment: null,
      mode: 'fail',
      maxWait: 330,
      minDuration: 0,
      at: null,
      githubToken: '',
      exemptToken: null,
      policyToken: null,
      reason: null,
      policyRef: null,
      comment: true,
      reschedule: false,
      command: 'check',
      lookahead: 15,
      previewRepositories: [],
    });
  });

  it('reads every input', () => {
    const inputs = getInputs(
      env({
        config: 'ops/windows.yml',
        environment: 'production',
        mode: 'wait',
        'max-wait': '2h',
        'min-duration': '30m',
        at: '2026-11-21T16:00:00+01:00',
        'github-token': 'ghs_x',
        'exempt-token': 'ghp_y',
        'policy-token': 'ghp_policy',
        reason: 'hotfix for INC-4711',
        'policy-ref': 'release',
        comment: 'false',
        reschedule: 'true',
        command: 'dispatch',
        lookahead: '1h',
        'preview-repositories': 'github>acme/deploy-policy\nlocal>acme/holidays',
      }),
    );
    expect(inputs).toEqual({
      config: 'ops/windows.yml',
      environment: 'production',
      mode: 'wait',
      maxWait: 120,
      minDuration: 30,
      at: Date.parse('2026-11-21T15:00:00Z'),
      githubToken: 'ghs_x',
      exemptToken: 'ghp_y',
      policyToken: 'ghp_policy',
      reason: 'hotfix for INC-4711',
      policyRef: 'release',
      comment: false,
      reschedule: true,
      command: 'dispatch',
      lookahead: 60,
      previewRepositories: ['github>acme/deploy-policy', 'github>acme/holidays'],
    });
  });

  it('policy-ref: empty is the default branch; workspace and refs are kept as given', () => {
    expect(getInputs(env({ 'policy-ref': '' })).policyRef).toBeNull();
    expect(getInputs(env({ 'policy-ref': 'workspace' })).policyRef).toBe('workspace');
    expect(getInputs(env({ 'policy-ref': 'refs/tags/v3' })).policyRef).toBe('refs/tags/v3');
  });

  it('max-wait 0 means do not wait; min-duration 0 means no runway', () => {
    expect(getInputs(env({ 'max-wait': '0' })).maxWait).toBe(0);
    expect(getInputs(env({ 'min-duration': '0m' })).minDuration).toBe(0);
  });

  it.each([
    [{ mode: 'block' }, 'Input "mode" is "block"; expected one of "fail", "wait", "warn"'],
    [{ 'max-wait': '5 hours' }, 'Input "max-wait" is "5 hours"; expected a duration'],
    [{ 'min-duration': '30s' }, 'Input "min-duration" is "30s"'],
    [{ 'max-wait': '3661d' }, 'Input "max-wait" is "3661d"; expected a duration of at most 3660d'],
    [{ at: '2026-11-21T15:00' }, 'Input "at": "2026-11-21T15:00" has no UTC offset'],
    [{ at: 'tomorrow' }, 'is not an ISO 8601 instant'],
    [{ at: '2026-02-30T10:00Z' }, 'is not a real date and time'],
    [{ comment: 'yes' }, 'Input "comment" is "yes"; expected true or false'],
    [{ command: 'run' }, 'Input "command" is "run"'],
    [{ 'policy-ref': 'main branch' }, 'Input "policy-ref" is "main branch"; expected a branch'],
    [{ 'policy-ref': '-main' }, 'Input "policy-ref" is "-main"; expected a branch'],
    [
      { 'preview-repositories': 'github>acme/p:org.yml' },
      'Input "preview-repositories": "github>acme/p:org.yml" is not a repository',
    ],
  ])('refuses %o with a clear message', (inputs, message) => {
    expect(() => getInputs(env(inputs))).toThrow(message);
  });
});
