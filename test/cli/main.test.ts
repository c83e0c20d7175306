// The top of the command line, in-process: whatever goes wrong ends in exit 2 and one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
