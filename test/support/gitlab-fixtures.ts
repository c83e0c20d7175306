// Set-up the GitLab gate tests share: a fresh fake GitLab for every test, and configs with an
// `exempt:` block, and gate runs that write no note (docs/gitlab.md).
import {
  BUSINESS_HOURS,
  type GateRun,
  type RunOptions,
  runGitLabGate,
  SATURDAY,
  workspace,
} from '../gitlab/harness.js';
import { type FakeGitLab, startFakeGitLab } from './fake-gitlab.js';
import { perTest } from './per-test.js';

/** Where the GitLab template reads the windows from. */
export const GITLAB_CONFIG = '.gitlab/deploy-windows.yml';

/**
 * A fake GitLab for each test of the file (see perTest), handed to `setUp` first for the users,
 * groups or files every test of the file needs.
 */
export function fakeGitLabPerTest(setUp: (fake: FakeGitLab) => void = () => {}): FakeGitLab {
  return perTest(() => startFakeGitLab(), setUp);
}

/** A workspace whose config is BUSINESS_HOURS. */
export function businessHoursWorkspace(): string {
  return workspace({ [GITLAB_CONFIG]: BUSINESS_HOURS });
}

/** `config` (by default BUSINESS_HOURS) with `exempt` as its `exempt:` block. */
export function exemptConfig(exempt: string, config = BUSINESS_HOURS): string {
  return config.replace('windows:', `exempt:\n${exempt}\nwindows:`);
}

/** A workspace whose config exempts as `exempt` says, with `extra` files beside it. */
export function withExempt(exempt: string, extra: Record<string, string> = {}): string {
  return workspace({ [GITLAB_CONFIG]: exemptConfig(exempt), ...extra });
}

/**
 * The gate against `fake` at `at` without a note; `more` adds to or replaces that run's options,
 * env and the rest.
 */
export function gateWithoutNote(
  fake: FakeGitLab,
  root: string,
  at: string,
  more: Partial<Omit<RunOptions, 'fake' | 'root' | 'at'>> = {},
): Promise<GateRun> {
  const options = { comment: false, ...more.options };
  return runGitLabGate({ fake, root, at, ...more, options });
}

/** gateWithoutNote on Saturday, outside BUSINESS_HOURS. */
export function gateOnSaturday(
  fake: FakeGitLab,
  root: string,
  more: Parameters<typeof gateWithoutNote>[3] = {},
): Promise<GateRun> {
  return gateWithoutNote(fake, root, SATURDAY, more);
}
