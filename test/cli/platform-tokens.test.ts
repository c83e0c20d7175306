// `deploy-window gate` takes its tokens from the environment only, per platform (docs/cli.md).
import { describe, expect, it } from 'vitest';
import { tokensFromEnvironment } from '../../src/cli/platform-tokens.js';

describe('the tokens gate hands its platform', () => {
  const env = {
    DEPLOY_WINDOW_TOKEN: ' dw-token ',
    GITHUB_TOKEN: 'gh-token',
    DEPLOY_WINDOW_EXEMPT_TOKEN: 'org-reader',
    CI_JOB_TOKEN: 'job-token',
  };

  it('GitHub: DEPLOY_WINDOW_TOKEN, else GITHUB_TOKEN; the exempt token for team look-ups', () => {
    expect(tokensFromEnvironment('github', env)).toEqual({
      api: 'dw-token',
      exempt: 'org-reader',
      job: null,
    });
    expect(tokensFromEnvironment('github', { ...env, DEPLOY_WINDOW_TOKEN: '  ' }).api).toBe(
      'gh-token',
    );
  });

  it('GitLab: DEPLOY_WINDOW_TOKEN and the job token, never GITHUB_TOKEN', () => {
    expect(tokensFromEnvironment('gitlab', env)).toEqual({
      api: 'dw-token',
      exempt: null,
      job: 'job-token',
    });
    expect(tokensFromEnvironment('gitlab', { GITHUB_TOKEN: 'gh-token' })).toEqual({
      api: null,
      exempt: null,
      job: null,
    });
  });

  it('Jenkins and local runs call no API and get no token', () => {
    expect(tokensFromEnvironment('jenkins', env)).toEqual({ api: null, exempt: null, job: null });
    expect(tokensFromEnvironment('local', env)).toEqual({ api: null, exempt: null, job: null });
  });
});
