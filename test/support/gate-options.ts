// GateOptions as `deploy-window gate` gives them with no flags (docs/cli.md, "gate"; the
// contract itself is checked, written out, in test/cli/gate-args.test.ts); tests that run the
// gate start from them and set what their case is about.
import type { GateOptions } from '../../src/gate/types.js';

export function gateOptions(overrides: Partial<GateOptions> = {}): GateOptions {
  return {
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
    ...overrides,
  };
}
