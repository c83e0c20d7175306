// The tokens `deploy-window gate` hands its platform, read from the environment only, never
// from flags (docs/cli.md, "gate").
import type { PlatformName, PlatformTokens } from '../gate/types.js';

type Env = Record<string, string | undefined>;

function secret(env: Env, name: string): string | null {
  const value = env[name]?.trim() ?? '';
  return value === '' ? null : value;
}

export function tokensFromEnvironment(platform: PlatformName, env: Env): PlatformTokens {
  const api = secret(env, 'DEPLOY_WINDOW_TOKEN');
  switch (platform) {
    case 'github':
      return {
        api: api ?? secret(env, 'GITHUB_TOKEN'),
        exempt: secret(env, 'DEPLOY_WINDOW_EXEMPT_TOKEN'),
        job: null,
      };
    case 'gitlab':
      return { api, exempt: null, job: secret(env, 'CI_JOB_TOKEN') };
    case 'jenkins':
    case 'local':
      // Neither calls an API.
      return { api: null, exempt: null, job: null };
  }
}
