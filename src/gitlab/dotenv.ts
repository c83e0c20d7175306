// The dotenv report (`artifacts:reports:dotenv`) that hands the decision to later jobs.
// GitLab's parser takes KEY=value lines only: no quotes, spaces, comments or blank lines.
import { dirname, join } from 'node:path';
import { formatInstant } from '../core/time/instant.js';
import type { EpochMs } from '../core/types.js';
import type { GateResult } from '../gate/types.js';
import { writeOwnFile } from '../node/write-file.js';

export const DOTENV_FILE = 'deploy-window.env';

/** An instant as ISO 8601 UTC; '' when there is none. */
function instantValue(instant: EpochMs | null | undefined): string {
  return instant === null || instant === undefined ? '' : formatInstant(instant);
}

export function dotenvVariables(result: GateResult): Record<string, string> {
  const decision = result.decision;
  return {
    DEPLOY_WINDOW_ALLOWED: String(decision?.allowed ?? false),
    DEPLOY_WINDOW_REASON: decision?.reason ?? 'invalid-config',
    DEPLOY_WINDOW_NEXT_OPEN: instantValue(decision?.nextOpen),
    DEPLOY_WINDOW_CLOSES_AT: instantValue(decision?.closesAt),
    DEPLOY_WINDOW_EXEMPT: String(decision?.exempt ?? false),
    // An exempt pass outside the windows (docs/overrides.md); its note is the record.
    DEPLOY_WINDOW_OVERRIDE: String(Boolean(decision?.override)),
  };
}

export function renderDotenv(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([key, value]) => `${key}=${value.replace(/[\s"'#]/g, '')}`)
    .join('\n')
    .concat('\n');
}

/** Where the dotenv report goes: deploy-window.env beside the --output file. */
export function dotenvPath(outputFile: string): string {
  return join(dirname(outputFile), DOTENV_FILE);
}

/** Writes deploy-window.env beside the --output file; returns its path. */
export function writeDotenv(outputFile: string, result: GateResult, root: string): string {
  const path = dotenvPath(outputFile);
  writeOwnFile(path, renderDotenv(dotenvVariables(result)), { root });
  return path;
}
