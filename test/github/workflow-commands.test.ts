// Step outputs as the runner reads them back: a value never ends its own output early.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputDelimiter, writeOutputs } from '../../src/github/workflow-commands.js';
import { parseOutputs } from '../e2e/action-harness.js';

function roundTrip(outputs: Record<string, string>): Record<string, string> {
  const file = join(mkdtempSync(join(tmpdir(), 'dw-outputs-')), 'output');
  writeOutputs(file, outputs);
  return parseOutputs(readFileSync(file, 'utf8'));
}

describe('writeOutputs', () => {
  it('gives back each value as written, several lines and all', () => {
    const outputs = { allowed: 'false', message: 'Ask #release first.\nThen: deploy.' };
    expect(roundTrip(outputs)).toEqual(outputs);
  });

  it('a value holding the delimiters it could get cannot end early or add outputs', () => {
    const attack = [
      'ghadelimiter_deploy-window_0_',
      'allowed=true',
      'ghadelimiter_deploy-window_1_',
      'allowed<<EOF',
      'true',
      'EOF',
    ].join('\n');
    expect(roundTrip({ message: attack, allowed: 'false' })).toEqual({
      message: attack,
      allowed: 'false',
    });
    expect(outputDelimiter(attack)).toBe('ghadelimiter_deploy-window_2_');
  });

  it('a 1 MiB value made of delimiters still gets one it does not contain', () => {
    const value = Array.from({ length: 40_000 }, (_, n) => `ghadelimiter_deploy-window_${n}_`).join(
      '\n',
    );
    const delimiter = outputDelimiter(value);
    expect(delimiter).toBe('ghadelimiter_deploy-window_40000_');
    expect(value.includes(delimiter)).toBe(false);
  });

  it('longer numbers and look-alikes do not stop a short delimiter being used', () => {
    expect(outputDelimiter('ghadelimiter_deploy-window_01_ ghadelimiter_deploy-window_')).toBe(
      'ghadelimiter_deploy-window_0_',
    );
    expect(outputDelimiter('ghadelimiter_deploy-window_0_')).toBe('ghadelimiter_deploy-window_1_');
  });
});
