// The Jenkins platform facts behind `deploy-window gate --platform jenkins`, with the real
// config reader and the real gate.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Decision } from '../../src/core/types.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { Clock, GateOptions } from '../../src/gate/types.js';
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
    policyRef: null,
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
  const platform = await createJenkinsPlatform(
    {
      env: {},
      tokens: { api: null, exempt: null, job: null },
      options: gateOptions,
      log,
      workspace,
      outputFile: null,
    },
    log,
  );
  return { platform, out, err, workspace };
}

describe('Jenkins platform', () => {
  it('exempts a user listed in exempt.users', async () => {
    const gateOptions = options({ actor: 'alice' });
    const { platform } = await setUp(gateOptions);
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(0);
    expect(result.decision).toMatchObject({ allowed: true, exempt: true, exemptBy: 'user:alice' });
  });

  it('never exempts by teams or CODEOWNERS, and says why', async () => {
    const gateOptions = options({ actor: 'bob' });
    const { platform, out } = await setUp(gateOptions);
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
    expect(result.decision?.nextOpen).toBe('2026-11-23T09:00:00.000Z');
  });

  it('judges nobody when the build has no user (timer, SCM)', async () => {
    const gateOptions = options({ actor: null });
    const { platform, out } = await setUp(gateOptions);
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.decision).toMatchObject({ allowed: false, exempt: false });
    expect(out.join('\n')).not.toContain('is not checked on Jenkins');
  });

  it('logs config problems as errors, and the gate stays closed', async () => {
    const gateOptions = options();
    const { platform, err } = await setUp(gateOptions, 'version: 1\ntimezone: Mars/Base\n');
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(2);
    expect(err.join('\n')).toContain('ERROR: deploy-windows.yml:2:');
  });

  it('has no notes, and turns reschedule into a warning pointing at mode wait', async () => {
    const gateOptions = options({ reschedule: true });
    const { platform, out } = await setUp(gateOptions);
    const decision = { nextOpen: '2026-11-23T09:00:00.000Z' } as Decision;
    const facts = { exemptions: { users: [], teams: [], codeowners: null }, rerunAt: null };
    expect(await platform.publishNote(decision, 'blocked', facts)).toEqual({ url: null });
    expect(await platform.reschedule(decision)).toEqual({ rerunAt: null });
    expect(out.join('\n')).toContain(
      "reschedule is not supported on Jenkins: use deployWindow(mode: 'wait')",
    );
    expect(await platform.extraDeny()).toEqual([]);
  });

  it('gate --platform jenkins writes the decision file the step reads', async () => {
    const { workspace } = await setUp(options());
    const stdout: string[] = [];
    const io: CliIo = {
      stdout: (text) => stdout.push(text),
      stderr: () => {},
      env: {},
      cwd: workspace,
      now: () => SATURDAY,
    };
    const argv = ['--platform=jenkins', '--output=run/decision.json', '--mode=fail'];
    const blocked = [...argv, '--environment=production', '--at=2026-11-21T15:00:00Z'];
    expect(await runGateCommand([...blocked, '--actor=bob'], io)).toBe(1);
    const file = () => JSON.parse(readFileSync(join(workspace, 'run/decision.json'), 'utf8'));
    expect(file()).toMatchObject({
      allowed: false,
      exitCode: 1,
      environment: 'production',
      nextOpen: '2026-11-23T09:00:00.000Z',
    });
    expect(await runGateCommand([...blocked, '--actor=alice'], io)).toBe(0);
    expect(file()).toMatchObject({
      allowed: true,
      exempt: true,
      exemptBy: 'user:alice',
      exitCode: 0,
    });
  });
});
