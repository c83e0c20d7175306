// Which CI runs the gate, read from the variables each one sets.
import type { PlatformName } from '../gate/types.js';

export function detectPlatform(env: Record<string, string | undefined>): PlatformName {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  if ((env.JENKINS_URL ?? '') !== '' || (env.BUILD_TAG ?? '').startsWith('jenkins-')) {
    return 'jenkins';
  }
  return 'local';
}
