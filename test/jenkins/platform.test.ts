// The Jenkins platform facts behind `deploy-window gate --platform jenkins`, with the real
// config reader and the real gate; webhooks go to a server on 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { gateOptions } from '../support/gate-options.js';

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
  return gateOptions({
    platform: 'jenkins',
    environment: 'production',
    at: SATURDAY,
    maxWait: 720,
    ...overrides,
  });
}

const frozenClock: Clock = { now: () => SATURDAY, sleep: async () => true };

async function setUp(
  gateOptions: GateOptions,
  config: string | null = CONFIG,
  env: Record<string, string> = {},
) {
  const workspace = mkdtempSync(join(tmpdir(), 'dw-jenkins-platform-'));
  if (config !== null) writeFileSync(join(workspace, 'deploy-windows.yml'), config);
  const out: string[] = [];
  const err: string[] = [];
  const log = createJenkinsLogger({ out: (line) => out.push(line), err: (line) => err.push(line) });
  const platform = await createJenkinsPlatform(
    {
      env,
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
    expect(result.decision?.nextOpen).toBe(Date.parse('2026-11-23T09:00:00.000Z'));
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
    const decision = { nextOpen: Date.parse('2026-11-23T09:00:00.000Z') } as Decision;
    const facts = { exemptions: { users: [], teams: [], codeowners: null }, rerunAt: null };
    expect(await platform.publishNote(decision, 'blocked', facts)).toEqual({ url: null });
    expect(await platform.reschedule(decision)).toEqual({ rerunAt: null });
    expect(out.join('\n')).toContain(
      "reschedule is not supported on Jenkins: use deployWindow(mode: 'wait')",
    );
    expect(await platform.extraDeny()).toEqual([]);
  });

  it('gate --platform jenkins writes the decision file the step reads, and its log through the CLI', async () => {
    const { workspace } = await setUp(options());
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
      env: {},
      cwd: workspace,
      now: () => SATURDAY,
    };
    const argv = ['--platform=jenkins', '--output=run/decision.json', '--mode=fail'];
    const blocked = [...argv, '--environment=production', '--at=2026-11-21T15:00:00Z'];
    expect(await runGateCommand([...blocked, '--actor=bob'], io)).toBe(1);
    // In Jenkins' console format, to the command's own output (not around it to the process).
    expect(stdout.join('')).toContain(
      '\nWARNING: exempt.teams (acme/release-managers) is not checked on Jenkins',
    );
    expect(stdout.join('')).toContain('BLOCKED: deploy to production at Sat 21 Nov 2026 16:00 CET');
    expect(stderr.join('')).toMatch(
      /^ERROR: Deployment is blocked for production: outside every allow window/m,
    );
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

  it('sends notify: webhooks naming the job, the branch and the build', async () => {
    const bodies: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        bodies.push(JSON.parse(body));
        response.end('ok');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const config = `${CONFIG}notify:\n  - name: audit\n    url-env: DW_TEST_HOOK\n    format: json\n`;
      const env = {
        DW_TEST_HOOK: `http://127.0.0.1:${port}/hook`,
        JOB_NAME: 'shop/main',
        BRANCH_NAME: 'main',
        BUILD_URL: 'https://jenkins.example/job/shop/job/main/42/',
      };
      const gateOptions = options({ actor: 'bob' });
      const { platform } = await setUp(gateOptions, config, env);
      const result = await runGate(gateOptions, platform, frozenClock);
      expect(result.exitCode).toBe(1);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({
        allowed: false,
        environment: 'production',
        notification: {
          event: 'blocked',
          repository: 'shop/main',
          ref: 'main',
          runUrl: 'https://jenkins.example/job/shop/job/main/42/',
        },
      });
    } finally {
      server.close();
    }
  });

  it('reads a policy file the config extends from this repository', async () => {
    const config = CONFIG.replace('exempt:', 'extends: [./policy/org.yml]\nexempt:');
    const gateOptions = options({ at: Date.parse('2026-11-23T09:30:00Z') });
    const { platform, workspace } = await setUp(gateOptions, config);
    mkdirSync(join(workspace, 'policy'));
    writeFileSync(
      join(workspace, 'policy/org.yml'),
      'version: 1\nwindows:\n  - name: freeze\n    kind: deny\n    start: 2026-11-20T00:00\n    end: 2026-11-30T00:00\n',
    );
    const result = await runGate(gateOptions, platform, frozenClock);
    expect(result.exitCode).toBe(1);
    expect(result.decision?.blockingWindows).toEqual(['./policy/org.yml#freeze']);
    expect(result.decision?.layers?.map((layer) => [layer.source, layer.allowed])).toEqual([
      ['./policy/org.yml', false],
      ['deploy-windows.yml', true],
    ]);
  });

  it('writes the override record beside --output on an override, and only then', async () => {
    const { workspace } = await setUp(options());
    const io: CliIo = {
      stdout: () => {},
      stderr: () => {},
      env: { JOB_NAME: 'shop/main', GIT_COMMIT: 'c0ffee' },
      cwd: workspace,
      now: () => SATURDAY,
    };
    const argv = ['--platform=jenkins', '--environment=production', '--at=2026-11-21T15:00:00Z'];
    const record = (dir: string) => join(workspace, dir, 'deploy-window-override.json');
    expect(await runGateCommand([...argv, '--actor=bob', '--output=blocked/r.json'], io)).toBe(1);
    expect(existsSync(record('blocked'))).toBe(false);
    const overridden = [...argv, '--actor=alice', '--reason=INC-1', '--output=override/r.json'];
    expect(await runGateCommand(overridden, io)).toBe(0);
    expect(JSON.parse(readFileSync(record('override'), 'utf8'))).toEqual({
      actor: 'alice',
      reason: 'INC-1',
      layers: ['deploy-windows.yml'],
      at: '2026-11-21T15:00:00.000Z',
      exemptBy: 'user:alice',
      environment: 'production',
      windows: [],
      job: 'shop/main',
      ref: null,
      commit: 'c0ffee',
      buildUrl: null,
    });
  });
});
