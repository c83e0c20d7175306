// `deploy-window check` on the worked examples: decisions, exit codes, text and Markdown, and
// bad usage (docs/cli.md, `check`). The CLI's main runs in process; the built bundle runs for
// what only a process shows (exit codes, the machine's zone).
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-in-process.js';
import { runCli, WORKED_CONFIG, workspace } from './run-cli.js';

const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
/** The instant the in-process runs take for now. */
const NOW = Date.parse('2026-11-30T12:34:00Z');

/** `deploy-window check` in the worked-examples repository. */
function check(args: string[]) {
  return runMain(['check', ...args], { cwd: repo, env: {}, now: NOW });
}

async function checkJson(args: string[]) {
  const run = await check(['--format', 'json', ...args]);
  return { ...run, json: run.stdout ? JSON.parse(run.stdout) : null };
}

/** `--environment <environment> --at <at>`, more flags after. */
function deployTo(environment: string, at: string, ...more: string[]): string[] {
  return ['--environment', environment, '--at', at, ...more];
}

const production = (at: string, ...more: string[]) => deployTo('production', at, ...more);

describe('deploy-window check (worked examples)', () => {
  it('allows inside core-hours and says when it closes (exit 0)', async () => {
    const { code, json } = await checkJson(production('2026-11-26T14:59:00Z'));
    expect(code).toBe(0);
    expect(json).toMatchObject({
      allowed: true,
      reason: 'inside-allow-window',
      environment: 'production',
      at: '2026-11-26T14:59:00.000Z',
      activeWindows: ['core-hours'],
      blockingWindows: [],
      closesAt: '2026-11-26T15:00:00.000Z',
      nextOpen: null,
      message: 'Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release',
      warnings: [],
    });
  });

  it('blocks at 16:00:00 exactly (half-open) and names the next opening (exit 1)', async () => {
    const { code, json } = await checkJson(production('2026-11-26T15:00:00Z'));
    expect(code).toBe(1);
    expect(json).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      closesAt: null,
      nextOpen: '2026-12-01T09:00:00.000Z',
      activeWindows: [],
      blockingWindows: [],
    });
  });

  it('reads --at with an offset as the same instant', async () => {
    const { code, json } = await checkJson(production('2026-11-26T15:59:00+01:00'));
    expect(code).toBe(0);
    expect(json.at).toBe('2026-11-26T14:59:00.000Z');
  });

  it('honours --min-duration (30 minutes left is not 45)', async () => {
    const { code, json } = await checkJson(
      production('2026-11-26T14:30:00Z', '--min-duration', '45m'),
    );
    expect(code).toBe(1);
    expect(json.nextOpen).toBe('2026-12-01T09:00:00.000Z');
  });

  it('lets deny win: inside the release freeze', async () => {
    const { code, json } = await checkJson(production('2026-12-22T12:00:00Z'));
    expect(code).toBe(1);
    expect(json).toMatchObject({
      reason: 'inside-deny-window',
      blockingWindows: ['release-freeze'],
      nextOpen: '2027-01-05T09:00:00.000Z',
    });
  });

  it('resolves DST per RFC 5545 (night window, spring gap)', async () => {
    const { code, json } = await checkJson(deployTo('night', '2026-03-29T01:00:00Z'));
    expect(code).toBe(1);
    expect(json.nextOpen).toBe('2026-03-29T01:30:00.000Z');
  });

  it('finds nothing within a short --horizon', async () => {
    const { code, json } = await checkJson(production('2026-11-27T09:00:00Z', '--horizon', '1d'));
    expect(code).toBe(1);
    expect(json.nextOpen).toBeNull();
  });

  it('exempts an --actor listed in exempt.users (exit 0, reason exempt)', async () => {
    const { code, json } = await checkJson(production('2026-11-27T09:00:00Z', '--actor', 'alice'));
    expect(code).toBe(0);
    expect(json).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exempt: true,
      nextOpen: '2026-12-01T09:00:00.000Z',
    });
  });

  it('gives an exempt --actor reason exempt inside a window too, every other field as for anyone', async () => {
    const anyone = await checkJson(production('2026-11-26T14:59:00Z'));
    const { code, json } = await checkJson(production('2026-11-26T14:59:00Z', '--actor', 'alice'));
    expect(code).toBe(0);
    expect(json).toEqual({
      ...anyone.json,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:alice',
    });
    // Not an override: the windows allow this run, nothing is passed.
    expect(json.override).toBeNull();
    const text = await check(production('2026-11-26T14:59:00Z', '--actor', 'alice'));
    expect(text.stdout).toMatch(/^EXEMPT via user:alice: deploy to production/);
    expect(text.stdout).toContain(
      'Why: inside the allow window "core-hours", and the actor is exempt (reason: exempt)',
    );
    expect(text.stdout).not.toMatch(/override/i);
  });

  it.each([
    ['a trailing no-break space', 'alice\u00a0'],
    ['a leading byte order mark', '\ufeffalice'],
    ['an ideographic space', 'alice\u3000'],
    ['a line separator', 'alice\u2028'],
  ])(
    'does not exempt a look-alike --actor with %s (another ID to the platform)',
    async (_, actor) => {
      const { code, json } = await checkJson(production('2026-11-27T09:00:00Z', '--actor', actor));
      expect(code).toBe(1);
      expect(json).toMatchObject({ allowed: false, exempt: false });
    },
  );

  it('still reads an --actor with ASCII white space around it (a CI variable with a line break)', async () => {
    const { code, json } = await checkJson(
      production('2026-11-27T09:00:00Z', '--actor', ' alice\n'),
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ reason: 'exempt', exemptBy: 'user:alice' });
  });

  it('does not exempt other actors, and says teams are checked by gate', async () => {
    const run = await check(production('2026-11-27T09:00:00Z', '--actor', 'mallory'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /team and CODEOWNERS exemptions are checked by 'deploy-window gate'/,
    );
  });

  it('prints text with the opening in the window zone, in UTC and relative', async () => {
    const run = await check(production('2026-11-27T09:00:00Z'));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'BLOCKED: deploy to production at Fri 27 Nov 2026 10:00 CET (2026-11-27T09:00:00.000Z)',
    );
    expect(run.stdout).toContain('Next open: Tue 1 Dec 2026 10:00 CET (Europe/Berlin)');
    expect(run.stdout).toContain('2026-12-01T09:00:00.000Z (UTC), in 4 days');
    expect(run.stderr).toBe('');
  });

  it('prints markdown with --format markdown', async () => {
    const run = await check(production('2026-11-27T09:00:00Z', '--format', 'markdown'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Deployment is blocked');
    expect(run.stdout).toContain('`2026-12-01T09:00:00.000Z`');
  });

  it('warns when no environment is given (every window applies)', async () => {
    const { json } = await checkJson(['--at', '2026-11-27T09:00:00Z']);
    expect(json.environment).toBeNull();
    expect(json.warnings.length).toBeGreaterThan(0);
  });

  it('treats an empty --environment (an unset CI variable) as none given', async () => {
    const { code, json } = await checkJson(['--environment', '', '--at', '2026-11-27T09:00:00Z']);
    expect(code).toBe(1);
    expect(json.environment).toBeNull();
    expect(json.warnings).toContain('no environment given: every window applies');
  });

  it('defaults --at to now', async () => {
    const { json } = await checkJson(['--environment', 'production']);
    expect(json.at).toBe(new Date(NOW).toISOString());
  });
});

describe('deploy-window check (the built bundle)', () => {
  const bundle = (args: string[]) => runCli(['check', ...args], { cwd: repo });

  it('exits 1 when blocked, the text on stdout and nothing on stderr', async () => {
    const run = await bundle(production('2026-11-27T09:00:00Z'));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'BLOCKED: deploy to production at Fri 27 Nov 2026 10:00 CET (2026-11-27T09:00:00.000Z)',
    );
    expect(run.stderr).toBe('');
  });

  it('exits 0 when allowed, and --at defaults to the clock', async () => {
    const before = Date.now();
    const run = await bundle(['--format', 'json', ...production('2026-11-26T14:59:00Z')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      allowed: true,
      closesAt: '2026-11-26T15:00:00.000Z',
    });
    const now = await bundle(['--format', 'json', '--environment', 'production']);
    const at = Date.parse(JSON.parse(now.stdout).at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('exits 2 on bad usage with one line and no stack trace', async () => {
    const run = await bundle(['--horizon', '99999999d']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('at most 3660d');
  });
});

describe('deploy-window check: bad usage (exit 2)', () => {
  it('refuses --at without an offset', async () => {
    const run = await check(['--at', '2026-11-26T14:59']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--at.*no UTC offset/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown flag with a did-you-mean', async () => {
    const run = await check(['--enviroment', 'production']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "deploy-window check: unknown option '--enviroment'; did you mean --environment? (see 'deploy-window check --help')",
    );
  });

  it('refuses a horizon or runway over 3660 days, which would search for ever', async () => {
    for (const args of [
      ['--horizon', '99999999d'],
      ['--horizon', '3661d'],
      ['--min-duration', '5270401'],
    ]) {
      const run = await check(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('at most 3660d');
    }
    const longest = await checkJson(production('2026-11-27T09:00:00Z', '--horizon', '3660d'));
    expect(longest.code).toBeLessThan(2);
  });

  it('refuses bad values', async () => {
    for (const args of [
      ['--format', 'yaml'],
      ['--min-duration', 'soon'],
      ['--horizon', '0'],
      ['--at', 'tomorrow'],
      ['--environment'],
      ['stray'],
    ]) {
      const run = await check(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^deploy-window check: /);
      expect(run.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });

  it('suggests the closest command', async () => {
    const run = await runMain(['chekc'], { cwd: repo, env: {}, now: NOW });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("did you mean 'check'?");
  });
});

describe('deploy-window check: timezone local and the machine zone', () => {
  const LOCAL = 'version: 1\ntimezone: local\nwindows:\n  - {name: day, time: "09:00-17:00"}\n';
  const check = (tz: string) =>
    runCli(
      ['check', '--environment', 'production', '--at', '2026-07-01T12:00:00Z', '--format', 'json'],
      { cwd: workspace({ 'deploy-windows.yml': LOCAL }), env: { TZ: tz } },
    );

  it('an empty TZ is UTC, as the C library reads it', async () => {
    const run = await check('');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).closesAt).toBe('2026-07-01T17:00:00.000Z');
  });

  it('a POSIX TZ rule, which names no zone, is a config error at the key, never UTC', async () => {
    const run = await check('JST-9');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deploy-windows\.yml:2:11: timezone: .*no IANA name/);
    expect(run.stdout).toBe('');
  });
});
