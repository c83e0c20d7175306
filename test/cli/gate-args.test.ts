// `gate` flags -> GateOptions, and the platform detection, in-process.
import { describe, expect, it } from 'vitest';
import { parseGateArgs } from '../../src/cli/commands/gate.js';
import { detectPlatform } from '../../src/cli/detect-platform.js';

describe('gate options', () => {
  it('reads every flag into GateOptions', () => {
    const { options, outputFile } = parseGateArgs(
      [
        '--platform=gitlab',
        '--config',
        'ci/windows.yml',
        '--environment',
        'prod-eu',
        '--at',
        '2026-11-26T15:59:00+01:00',
        '--mode',
        'wait',
        '--max-wait',
        '2h30m',
        '--min-duration',
        '45',
        '--horizon',
        '30d',
        '--no-comment',
        '--reschedule',
        '--actor',
        ' alice ',
        '--reason',
        'hotfix for INC-4711',
        '--output',
        'out/decision.json',
        '--policy-ref',
        'origin/main',
        '--defer-wait',
        '--waited',
        '3600',
      ],
      {},
    );
    expect(options).toEqual({
      platform: 'gitlab',
      configPath: 'ci/windows.yml',
      policyRef: 'origin/main',
      environment: 'prod-eu',
      at: Date.parse('2026-11-26T14:59:00Z'),
      mode: 'wait',
      maxWait: 150,
      minDuration: 45,
      horizon: 30 * 1440,
      comment: false,
      reschedule: true,
      actor: 'alice',
      reason: 'hotfix for INC-4711',
      deferWait: true,
      waitedMs: 3_600_000,
    });
    expect(outputFile).toBe('out/decision.json');
  });

  it('has the documented defaults', () => {
    const { options, outputFile } = parseGateArgs([], {});
    // Written out (not gateOptions()): this is the contract docs/cli.md states.
    expect(options).toEqual({
      platform: 'local',
      configPath: '',
      policyRef: null,
      environment: null,
      at: null,
      mode: 'fail',
      maxWait: 60,
      minDuration: 0,
      horizon: 366 * 1440,
      comment: true,
      reschedule: false,
      actor: null,
      reason: null,
      deferWait: false,
      waitedMs: 0,
    });
    expect(outputFile).toBeNull();
  });

  it('detects the platform from the CI variables, and a flag overrides it', () => {
    expect(detectPlatform({ GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(detectPlatform({ GITLAB_CI: 'true' })).toBe('gitlab');
    expect(detectPlatform({ JENKINS_URL: 'https://ci.example/' })).toBe('jenkins');
    expect(detectPlatform({ BUILD_TAG: 'jenkins-deploy-42' })).toBe('jenkins');
    expect(detectPlatform({ BUILD_TAG: 'other-42', GITLAB_CI: 'false' })).toBe('local');
    expect(
      parseGateArgs(['--platform', 'jenkins'], { GITHUB_ACTIONS: 'true' }).options.platform,
    ).toBe('jenkins');
  });

  it('refuses contradictions and unknown values', () => {
    expect(() => parseGateArgs(['--comment', '--no-comment'], {})).toThrow(/contradict/);
    expect(() => parseGateArgs(['--mode', 'wiat'], {})).toThrow(/did you mean wait/);
    expect(() => parseGateArgs(['--max-wait', '-1'], {})).toThrow(/--max-wait/);
    expect(() => parseGateArgs(['--at', '2026-11-26 14:59'], {})).toThrow(/no UTC offset/);
    expect(() => parseGateArgs(['--policy-ref=--upload-pack=x'], {})).toThrow(/--policy-ref/);
    expect(() => parseGateArgs(['--policy-ref', 'main..evil'], {})).toThrow(/--policy-ref/);
    expect(() => parseGateArgs(['--waited', '-5'], {})).toThrow(/--waited/);
    expect(() => parseGateArgs(['--waited', '1.5'], {})).toThrow(/--waited/);
  });
});
