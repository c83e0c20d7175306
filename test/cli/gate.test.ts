// `deploy-window gate` as a user runs it (the built bundle): exit codes, the --output file,
// exemptions and how SIGTERM ends a wait (docs/cli.md, `gate`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, WORKED_CONFIG, workspace } from './run-cli.js';

/** `--environment production --at <at>`, more flags after. */
function production(at: string, ...more: string[]): string[] {
  return ['--environment', 'production', '--at', at, ...more];
}

/** A fresh repository with the worked-examples config. */
const workedRepo = () => workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });

/** `deploy-window gate` in `repo`. */
const gateIn = (repo: string, args: string[]) => runCli(['gate', ...args], { cwd: repo });

/** The decision the gate wrote to `file` (--output) in `repo`. */
const decisionIn = (repo: string, file: string) =>
  JSON.parse(readFileSync(join(repo, file), 'utf8'));

/**
 * `deploy-window gate` started in `repo` as its own process, with `env` (besides PATH and a UTC
 * zone); what it prints so far is in `output`, and `exited` settles with its exit code.
 */
function startGate(repo: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'gate', ...args], {
    cwd: repo,
    env: { PATH: process.env.PATH, TZ: 'UTC', ...env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (exit) => done(exit)));
  return { child, output, exited };
}

/** Resolves once `ready()` holds (asked every 20 ms); with `giveUp`, fails after its `ms`. */
function until(ready: () => boolean, giveUp?: { ms: number; failure: () => Error }) {
  return new Promise<void>((done, fail) => {
    const timer = giveUp
      ? setTimeout(() => {
          clearInterval(poll);
          fail(giveUp.failure());
        }, giveUp.ms)
      : undefined;
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      clearTimeout(timer);
      done();
    }, 20);
  });
}

describe('deploy-window gate (built bundle)', () => {
  it('--platform jenkins --output writes the decision and exits 1 when blocked', async () => {
    const repo = workedRepo();
    const run = await gateIn(repo, [
      '--platform',
      'jenkins',
      ...production('2026-11-27T09:00:00Z'),
      '--output',
      'out/f.json',
    ]);
    expect(run.code).toBe(1);
    const decision = decisionIn(repo, 'out/f.json');
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      environment: 'production',
      at: '2026-11-27T09:00:00.000Z',
      nextOpen: '2026-12-01T09:00:00.000Z',
      exempt: false,
      exitCode: 1,
    });
    expect(run.stdout).toContain('Next open: Tue 1 Dec 2026 10:00 CET (Europe/Berlin)');
  });

  it('exits 0 when allowed, and when blocked in --mode warn', async () => {
    const repo = workedRepo();
    const allowed = await gateIn(repo, [
      '--platform',
      'local',
      ...production('2026-11-26T14:59:00Z'),
      '--output',
      'd.json',
    ]);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'd.json'), 'utf8')).closesAt).toBe(
      '2026-11-26T15:00:00.000Z',
    );
    const warned = await gateIn(repo, production('2026-11-27T09:00:00Z', '--mode', 'warn'));
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/Deployment is blocked.*[Mm]ode warn/);
  });

  it('exempts an --actor from exempt.users on any platform', async () => {
    const repo = workedRepo();
    const run = await gateIn(
      repo,
      production('2026-11-27T09:00:00Z', '--actor', 'alice', '--output', 'd.json'),
    );
    expect(run.code).toBe(0);
    expect(decisionIn(repo, 'd.json')).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exemptBy: 'user:alice',
    });
  });

  it('detects Jenkins from the environment and fails closed on an invalid config (exit 2)', async () => {
    const repo = workspace({
      'deploy-windows.yml': 'version: 1\nwindows:\n  - name: x\n    time: 25:00-26:00\n',
    });
    const run = await runCli(['gate', '--mode', 'warn', '--output', 'd.json'], {
      cwd: repo,
      env: { JENKINS_URL: 'http://127.0.0.1:9/' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deploy-windows\.yml:4:\d+: windows\[0\]\.time/);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js/);
    expect(decisionIn(repo, 'd.json')).toMatchObject({
      allowed: false,
      reason: 'invalid-config',
      exitCode: 2,
    });
  });

  it('ends a wait at once with exit 1 on SIGTERM', async () => {
    const repo = workedRepo();
    // Blocked until 10:00 Berlin; --at 09:59 and a 1h budget: the gate waits about a minute.
    const { child, output, exited } = startGate(
      repo,
      production('2026-12-01T08:59:00Z', '--mode', 'wait', '--max-wait', '1h'),
    );
    try {
      // The gate says it is waiting before it sleeps; anything else within 15 s is a failure.
      await until(() => /Waiting for the window/.test(output.stdout), {
        ms: 15_000,
        failure: () => new Error(`never waited: ${output.stdout}${output.stderr}`),
      });
      // Left alone, the gate would wait about a minute and then deploy (exit 0).
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
    expect(output.stderr).toMatch(/SIGTERM/);
    expect(output.stderr).toMatch(/wait .*cancelled/i);
  });

  it('SIGTERM ends the process within about a second even when an API call never answers', async () => {
    const { createServer } = await import('node:net');
    // Accepts connections and never answers: the note's API call hangs.
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const port = (server.address() as { port: number }).port;
    const repo = workedRepo();
    const { child, output, exited } = startGate(
      repo,
      ['--platform', 'github', '--policy-ref', 'workspace', ...production('2026-11-27T09:00:00Z')],
      {
        GITHUB_API_URL: `http://127.0.0.1:${port}`,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: 'a'.repeat(40),
        DEPLOY_WINDOW_TOKEN: 'ghs_x',
      },
    );
    try {
      // Wait until the gate is stuck in the API call, then cancel.
      await until(() => sockets.length > 0);
      const cancelledAt = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(1);
      // Without the grace timer it would end only at the 30 s request time-out.
      expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    } finally {
      child.kill('SIGKILL');
      for (const socket of sockets) socket.destroy();
      server.close();
    }
    expect(output.stderr).toMatch(/still busy 1000 ms after SIGTERM/);
  });

  it('refuses bad gate usage (exit 2)', async () => {
    for (const args of [
      ['--mode', 'sleep'],
      ['--platform', 'circleci'],
      ['--comment', '--no-comment'],
      ['--max-wiat', '1h'],
    ]) {
      const run = await runCli(['gate', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^deploy-window gate: /);
    }
  });
});
