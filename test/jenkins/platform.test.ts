// The Jenkins platform facts behind `deploy-window gate --platform jenkins`, with the real
// config reader and the real gate.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/core/types.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { Clock, GateOptions, GateResult } from '../../src/gate/types.js';
import { createJenkinsLogger } from '../../src/jenkins/logger.js';
import { createJenkinsPlatform } from '../../src/jenkins/platform.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
exempt:
  users: [alice]
  teams: [acme/release-managers]
  codeowners: .github/deploy-windows.yml
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const SATURDAY = Date.parse('2026-11-21T15:00:00Z');

function options(overrides: Partial<GateOptions> = {}): GateOptions {
  return {
    platform: 'jenkins',
    configPath: '',
    environment: 'production',
    at: SATURDAY,
    mode: 'fail',
    maxWait: 720,
    minDuration: 0,
    horizon: 366 * 1440,
    comment: true,
    reschedule: false,
    actor: null,
    ...overrides,
  };
}

const frozenClock: Clock = { now: () => SATURDAY, sleep: async () => true };

async function setUp(gateOptions: GateOptions, config: string | null = CONFIG) {
  const workspace = mkdtempSync(join(tmpdir(), 'dw-jenkins-platform-'));
  if (config !== null) writeFileSync(join(workspace, 'deploy-windows.yml'), config);
  const out: string[] = [];
  const err: string[] = [];
  const log = createJenkinsLogger({ out: (line) => out.push(line), err: (line) => err.push(line) });
  const outputFile = join(workspace, '.deploy-window/run/decision.json');
  const platform = await createJenkinsPlatform(
    { env: {}, options: gateOptions, log, workspace, outputFile },
    log,
  );
  const readOutput = () => JSON.parse(readFileSync(outputFile, 'utf8')) as Record<string, unknown>;
  return { platform, out, err, readOutput };
}

describe('Jenkins platform', () => {
  it('exempts a user listed in exempt.users', async () => {
    const gateOptions = options({ actor: 'alice' });
    const { platform, readOutput } = await setUp(gateOptions);
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(0);
    expect(result.decision).toMatchObject({ allowed: true, exempt: true, exemptBy: 'user:alice' });
    expect(readOutput()).toMatchObject({ allowed: true, exempt: true, exitCode: 0 });
  });

  it('never exempts by teams or CODEOWNERS, and says why', async () => {
    const gateOptions = options({ actor: 'bob' });
    const { platform, out, readOutput } = await setUp(gateOptions);
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(1);
    expect(result.decision?.exempt).toBe(false);
    const log = out.join('\n');
    expect(log).toContain(
      'WARNING: exempt.teams (acme/release-managers) is not checked on Jenkins',
    );
    expect(log).toContain(
      'WARNING: exempt.codeowners (.github/deploy-windows.yml) is not checked on Jenkins',
    );
    expect(readOutput()).toMatchObject({
      allowed: false,
      exitCode: 1,
      nextOpen: '2026-11-23T09:00:00.000Z',
    });
  });

  it('judges nobody when the build has no user (timer, SCM)', async () => {
    const gateOptions = options({ actor: null });
    const { platform, out } = await setUp(gateOptions);
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.decision).toMatchObject({ allowed: false, exempt: false });
    expect(out.join('\n')).not.toContain('is not checked on Jenkins');
  });

  it('writes a closed decision file and the problems for an invalid config', async () => {
    const gateOptions = options();
    const { platform, err, readOutput } = await setUp(
      gateOptions,
      'version: 1\ntimezone: Mars/Base\n',
    );
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(2);
    expect(readOutput()).toMatchObject({
      allowed: false,
      reason: 'invalid-config',
      exitCode: 2,
      errors: [{ file: 'deploy-windows.yml', line: 2, path: 'timezone' }],
    });
    expect(err.join('\n')).toContain('ERROR: deploy-windows.yml:2:');
  });

  it('has no notes, and turns reschedule into a warning pointing at mode wait', async () => {
    const gateOptions = options({ reschedule: true });
    const { platform, out } = await setUp(gateOptions);
    const decision = { nextOpen: '2026-11-23T09:00:00.000Z' } as Decision;
    expect(await platform.publishNote(decision, 'blocked')).toEqual({ url: null });
    await platform.reschedule(decision);
    expect(out.join('\n')).toContain(
      "reschedule is not supported on Jenkins: use deployWindow(mode: 'wait')",
    );
    expect(await platform.extraDeny()).toEqual([]);
  });

  it('writes nothing without --output', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'dw-jenkins-platform-'));
    const log = createJenkinsLogger({ out: () => {}, err: () => {} });
    const platform = await createJenkinsPlatform(
      { env: {}, options: options(), log, workspace, outputFile: null },
      log,
    );
    const result: GateResult = {
      exitCode: 2,
      decision: null,
      errors: [],
      noteUrl: null,
      cancelled: false,
    };
    await platform.report(result);
    expect(readdirSync(workspace)).toEqual([]);
  });
});
