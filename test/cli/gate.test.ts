import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, WORKED_CONFIG, workspace } from './run-cli.js';

describe('deploy-window gate (built bundle)', () => {
  it('--platform jenkins --output writes the decision and exits 1 when blocked', async () => {
    const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
    const run = await runCli(
      [
        'gate',
        '--platform',
        'jenkins',
        '--environment',
        'production',
        '--at',
        '2026-11-27T09:00:00Z',
        '--output',
        'out/f.json',
      ],
      { cwd: repo },
    );
    expect(run.code).toBe(1);
    const decision = JSON.parse(readFileSync(join(repo, 'out/f.json'), 'utf8'));
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
    const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
    const allowed = await runCli(
      [
        'gate',
        '--platform',
        'local',
        '--environment',
        'production',
        '--at',
        '2026-11-26T14:59:00Z',
        '--output',
        'd.json',
      ],
      { cwd: repo },
    );
    expect(allowed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'd.json'), 'utf8')).closesAt).toBe(
      '2026-11-26T15:00:00.000Z',
    );
    const warned = await runCli(
      ['gate', '--environment', 'production', '--at', '2026-11-27T09:00:00Z', '--mode', 'warn'],
      { cwd: repo },
    );
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/Deployment is blocked.*[Mm]ode warn/);
  });

  it('exempts an --actor from exempt.users on any platform', async () => {
    const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
    const run = await runCli(
      [
        'gate',
        '--environment',
        'production',
        '--at',
        '2026-11-27T09:00:00Z',
        '--actor',
        'alice',
        '--output',
        'd.json',
      ],
      { cwd: repo },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'd.json'), 'utf8'))).toMatchObject({
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
    expect(JSON.parse(readFileSync(join(repo, 'd.json'), 'utf8'))).toMatchObject({
      allowed: false,
      reason: 'invalid-config',
      exitCode: 2,
    });
  });

  it('ends a wait at once with exit 1 on SIGTERM', async () => {
    const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
    // Blocked until 10:00 Berlin; --at 09:59 and a 1h budget: the gate waits about a minute.
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./run-cli.js');
    const child = spawn(
      process.execPath,
      [
        CLI,
        'gate',
        '--environment',
        'production',
        '--at',
        '2026-12-01T08:59:00Z',
        '--mode',
        'wait',
        '--max-wait',
        '1h',
      ],
      { cwd: repo, env: { PATH: process.env.PATH, TZ: 'UTC' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (exit) => done(exit)));
    try {
      // The gate says it is waiting before it sleeps; anything else within 15 s is a failure.
      await new Promise<void>((ready, fail) => {
        const giveUp = setTimeout(() => {
          clearInterval(poll);
          fail(new Error(`never waited: ${stdout}${stderr}`));
        }, 15_000);
        const poll = setInterval(() => {
          if (/Waiting for the window/.test(stdout)) {
            clearInterval(poll);
            clearTimeout(giveUp);
            ready();
          }
        }, 20);
      });
      // Left alone, the gate would wait about a minute and then deploy (exit 0).
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toMatch(/SIGTERM/);
    expect(stderr).toMatch(/wait .*cancelled/i);
  });

  it('SIGTERM ends the process within about a second even when an API call never answers', async () => {
    const { createServer } = await import('node:net');
    // Accepts connections and never answers: the note's API call hangs.
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const port = (server.address() as { port: number }).port;
    const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./run-cli.js');
    const child = spawn(
      process.execPath,
      [
        CLI,
        'gate',
        '--platform',
        'github',
        '--policy-ref',
        'workspace',
        '--environment',
        'production',
        '--at',
        '2026-11-27T09:00:00Z',
      ],
      {
        cwd: repo,
        env: {
          PATH: process.env.PATH,
          TZ: 'UTC',
          GITHUB_API_URL: `http://127.0.0.1:${port}`,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_SHA: 'a'.repeat(40),
          DEPLOY_WINDOW_TOKEN: 'ghs_x',
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (exit) => done(exit)));
    try {
      // Wait until the gate is stuck in the API call, then cancel.
      await new Promise<void>((ready) => {
        const poll = setInterval(() => {
          if (sockets.length > 0) {
            clearInterval(poll);
            ready();
          }
        }, 20);
      });
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
    expect(stderr).toMatch(/still busy 1000 ms after SIGTERM/);
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
