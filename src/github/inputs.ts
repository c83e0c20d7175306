// The action's inputs (action.yml), read once from the runner's INPUT_* variables into one
// typed, validated object. A bad value fails the step with a message naming the input.
import { parseRepositoryList } from '../core/config/extends.js';
import { MAX_DURATION_TEXT, parseDuration } from '../core/duration.js';
import { DeployWindowError } from '../core/errors.js';
import { parseInstant } from '../core/time/instant.js';
import type { Minutes } from '../core/types.js';
import type { GateMode } from '../gate/types.js';
import { isSafeRef } from '../node/policy-files.js';

export type ActionCommand = 'check' | 'dispatch' | 'preview';

export interface ActionInputs {
  /** null: the first default path that exists (docs/github-action.md, "Inputs"). */
  config: string | null;
  environment: string | null;
  mode: GateMode;
  maxWait: Minutes;
  minDuration: Minutes;
  at: number | null;
  githubToken: string;
  /** null: use githubToken for team look-ups too. */
  exemptToken: string | null;
  /** Reads the `github>` sources a config extends (docs/organisation.md); null: githubToken. */
  policyToken: string | null;
  /** Why an exempt actor deploys outside the windows (docs/overrides.md); null: none given. */
  reason: string | null;
  /**
   * Where the config and CODEOWNERS are read: null = the repository's default branch;
   * 'workspace' = the checked-out files (trusts the change); else a branch, tag or commit.
   */
  policyRef: string | null;
  comment: boolean;
  reschedule: boolean;
  command: ActionCommand;
  /** `command: dispatch`: re-runs due within this span are waited for and fired. */
  lookahead: Minutes;
  /**
   * `command: preview`: repositories (`github>acme/deploy-policy`) the head's `extends` may
   * read although the base's policy does not (docs/preview.md).
   */
  previewRepositories: string[];
}

export const INPUT_DEFAULTS = {
  mode: 'fail',
  'max-wait': '5h30m',
  comment: 'true',
  reschedule: 'false',
  command: 'check',
  lookahead: '15m',
} as const;

export class InputError extends DeployWindowError {
  override name = 'InputError';
}

/** The runner's variable for an input: `max-wait` -> `INPUT_MAX-WAIT` (dashes stay). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string, fallback = ''): string {
  const value = env[inputVariable(name)]?.trim() ?? '';
  return value === '' ? fallback : value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name, fallback);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(
    `Input "${name}" is "${value}"; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}.`,
  );
}

function boolean(env: Env, name: string, fallback: 'true' | 'false'): boolean {
  const value = read(env, name, fallback);
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new InputError(`Input "${name}" is "${value}"; expected true or false.`);
}

function duration(env: Env, name: string, fallback: string, allowZero: boolean): Minutes {
  const value = read(env, name, fallback);
  if (value === '') return 0;
  if (allowZero && /^0+[dhm]?$/.test(value)) return 0;
  const minutes = parseDuration(value);
  if (minutes === null) {
    throw new InputError(
      `Input "${name}" is "${value}"; expected a duration of at most ${MAX_DURATION_TEXT} such as 90, 45m, 1h30m or 2d (whole minutes, parts in the order d, h, m).`,
    );
  }
  return minutes;
}

function policyRef(env: Env): string | null {
  const value = read(env, 'policy-ref');
  if (value === '') return null;
  if (value === 'workspace' || isSafeRef(value)) return value;
  throw new InputError(
    `Input "policy-ref" is "${value}"; expected a branch, tag or commit name (e.g. main, refs/tags/v3), "workspace", or empty for the default branch.`,
  );
}

function repositories(env: Env, name: string): string[] {
  const list = parseRepositoryList(read(env, name), 'github');
  if ('error' in list) throw new InputError(`Input "${name}": ${list.error}.`);
  return list.repositories;
}

/** Reads and validates every input; throws InputError with a message for the step log. */
export function getInputs(env: Env = process.env): ActionInputs {
  const atText = read(env, 'at');
  let at: number | null = null;
  if (atText !== '') {
    const parsed = parseInstant(atText);
    if (!parsed.ok) throw new InputError(`Input "at": ${parsed.message}.`);
    at = parsed.epochMs;
  }
  const environment = read(env, 'environment');
  const config = read(env, 'config');
  const exemptToken = read(env, 'exempt-token');
  const policyToken = read(env, 'policy-token');
  const reason = read(env, 'reason');
  return {
    config: config === '' ? null : config,
    environment: environment === '' ? null : environment,
    mode: oneOf(env, 'mode', ['fail', 'wait', 'warn'], INPUT_DEFAULTS.mode),
    maxWait: duration(env, 'max-wait', INPUT_DEFAULTS['max-wait'], true),
    minDuration: duration(env, 'min-duration', '', true),
    at,
    githubToken: read(env, 'github-token'),
    exemptToken: exemptToken === '' ? null : exemptToken,
    policyToken: policyToken === '' ? null : policyToken,
    reason: reason === '' ? null : reason,
    policyRef: policyRef(env),
    comment: boolean(env, 'comment', INPUT_DEFAULTS.comment),
    reschedule: boolean(env, 'reschedule', INPUT_DEFAULTS.reschedule),
    command: oneOf(env, 'command', ['check', 'dispatch', 'preview'], INPUT_DEFAULTS.command),
    lookahead: duration(env, 'lookahead', INPUT_DEFAULTS.lookahead, false),
    previewRepositories: repositories(env, 'preview-repositories'),
  };
}
