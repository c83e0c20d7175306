// The top of the command line, in-process: whatever goes wrong ends in exit 2 and one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../src/cli/help.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../support/cli-in-process.js';
import { WORKED_CONFIG } from './run-cli.js';

/** In a directory holding the worked config, on Fri 27 Nov 2026 10:00 Berlin. */
function io(overrides: Partial<CliIo> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'deploy-window-main-'));
  writeFileSync(join(cwd, 'deploy-windows.yml'), WORKED_CONFIG);
  return recordingIo({ cwd, now: Date.parse('2026-11-27T09:00:00Z') }, overrides);
}

describe('main', () => {
  it('turns an unexpected failure into exit 2 and one line, never 0', async () => {
    const broken = io({
      stdout() {
        throw new Error('disk full\n    at somewhere.js:1:1');
      },
    });
    const code = await main(['check', '--environment', 'production'], broken);
    expect(code).toBe(2);
    expect(broken.err).toBe('deploy-window: internal error: disk full\n');
  });

  it('uses the injected clock when --at is not given', async () => {
    const streams = io();
    const code = await main(['check', '--environment', 'production', '--format', 'json'], streams);
    expect(code).toBe(1);
    expect(JSON.parse(streams.out).at).toBe('2026-11-27T09:00:00.000Z');
  });

  // A CI template passes `--reason "$REASON"`, filled in by whoever runs the pipeline: the
  // person the gate stops. A value of `--help` once printed the help and exited 0, and a job
  // that exits 0 is a passed gate.
  describe('help is a flag, never a value', () => {
    const blockedGate = [
      'gate',
      '--platform',
      'local',
      '--config',
      'deploy-windows.yml',
      '--environment',
      'production',
    ];

    for (const value of ['--help', '-h']) {
      it(`a gate whose --reason is '${value}' does not pass`, async () => {
        const streams = io();
        const code = await main([...blockedGate, '--reason', value], streams);
        expect(code).toBe(2);
        expect(streams.out).not.toContain('Usage: deploy-window gate');
        expect(streams.err).toContain('--reason');
      });

      it(`a check whose --environment is '${value}' is a usage error`, async () => {
        const streams = io();
        const code = await main(['check', '--environment', value], streams);
        expect(code).toBe(2);
        expect(streams.out).toBe('');
      });
    }

    it('a reason that reads --help, given as --reason=--help, is only a reason', async () => {
      const streams = io();
      const code = await main([...blockedGate, '--reason=--help'], streams);
      expect(code).toBe(1);
      expect(streams.out).not.toContain('Usage: deploy-window gate');
    });

    it("prints a command's help wherever --help stands as a flag", async () => {
      for (const args of [
        ['check', '--help'],
        ['check', '--environment', 'production', '--help'],
        ['check', '-h', '--environment', 'production'],
        ['gate', '--platform', 'local', '--help'],
      ]) {
        const streams = io();
        expect(await main(args, streams)).toBe(0);
        expect(streams.out).toBe(COMMAND_HELP[args[0] as 'check' | 'gate']);
      }
    });
  });
});
