// action.yml is the contract a workflow reads; the code must read every input it declares,
// with the same defaults, and write only the outputs it declares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getInputs, INPUT_DEFAULTS, inputVariable } from '../../src/github/inputs.js';
import { outputsOf } from '../../src/github/outputs.js';
import { actionInputDefaults, REPO_ROOT } from '../e2e/action-harness.js';
import { decisionFixture } from '../support/decision-fixture.js';

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description?: string; default?: unknown }>;
  outputs: Record<string, { description?: string }>;
};

/** The INPUT_* variables getInputs looks at, for an environment holding the runner's defaults. */
function variablesRead(): Set<string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(actionInputDefaults())) {
    env[inputVariable(name)] = name.endsWith('token') ? 'ghs_token' : value;
  }
  const read = new Set<string>();
  const watched = new Proxy(env, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      read.add(key);
      return target[key];
    },
  });
  getInputs(watched);
  return read;
}

describe('action.yml and the code', () => {
  it('runs on node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('every declared input is read by getInputs, and nothing else', () => {
    const declared = Object.keys(action.inputs).map(inputVariable).sort();
    const read = [...variablesRead()].filter((key) => key.startsWith('INPUT_')).sort();
    expect(read).toEqual(declared);
  });

  it('the code and action.yml have the same defaults', () => {
    const defaults = actionInputDefaults();
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      expect(defaults[name], `default of input "${name}"`).toBe(value);
    }
  });

  it('every input and output is described', () => {
    for (const [name, spec] of [
      ...Object.entries(action.inputs),
      ...Object.entries(action.outputs),
    ]) {
      expect(spec.description?.trim(), name).toBeTruthy();
    }
  });

  it('the outputs of a gate run are declared outputs', () => {
    const written = Object.keys(
      outputsOf({ exitCode: 0, decision: null, errors: [], noteUrl: null, cancelled: false }),
    );
    expect(written.filter((name) => !(name in action.outputs))).toEqual([]);
  });
});

describe('the decision and active-windows outputs', () => {
  const name = 'freeze ##[error]forged\n\u2028\u202edesrever';
  const decision = decisionFixture({
    reason: 'inside-deny-window',
    activeWindows: [name, 'lunch'],
    blockingWindows: [name],
    message: 'Frozen ##[add-mask]production \u2028\u202Eetaerc',
  });
  const outputs = outputsOf({ exitCode: 1, decision, errors: [], noteUrl: null, cancelled: false });

  it('decision is the same value as check --format json, safe to print as that is', () => {
    // `echo "$DECISION"` in a later step: no `##[` the runner would obey, no line or bidi control.
    expect(outputs.decision).not.toMatch(/##\[|[\u2028\u202e\n]/);
    const read = JSON.parse(outputs.decision);
    expect(read.message).toBe(decision.message);
    expect(read.activeWindows).toEqual([name, 'lunch']);
  });

  it('active-windows writes control characters out, one line', () => {
    expect(outputs['active-windows']).toBe(
      'freeze ##[error]forged\\u000a\\u2028\\u202edesrever,lunch',
    );
  });
});
