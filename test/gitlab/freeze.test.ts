import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/core/time/instant.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import { requestsBeyondPolicy, runGitLabGate, SATURDAY, TUESDAY, workspace } from './harness.js';

/** Only a deny window that never applies to production: deploys are otherwise always open. */
const ALWAYS_OPEN = `version: 1
timezone: Europe/Berlin
windows:
  - name: staging-freeze
    kind: deny
    environments: [staging]
    time: "00:00-24:00"
`;

let fake: FakeGitLab;
let root: string;
const freeze = { CI_DEPLOY_FREEZE: 'true' };
const quiet = { comment: false };

beforeEach(async () => {
  fake = await startFakeGitLab();
  // Friday 23:00 to Monday 07:00, Berlin.
  fake.freezePeriods.push({
    id: 3,
    freeze_start: '0 23 * * 5',
    freeze_end: '0 7 * * 1',
    cron_timezone: 'Europe/Berlin',
  });
  root = workspace({ '.gitlab/deploy-windows.yml': ALWAYS_OPEN });
});
afterEach(async () => {
  await fake.close();
});

describe("GitLab's deploy freeze (CI_DEPLOY_FREEZE)", () => {
  it('is open without CI_DEPLOY_FREEZE when no freeze period is active, asking only for the periods', async () => {
    const run = await runGitLabGate({ fake, root, at: TUESDAY, options: quiet });
    expect(run.result.exitCode).toBe(0);
    expect(requestsBeyondPolicy(fake).map((request) => request.path)).toEqual([
      '/projects/42/freeze_periods',
    ]);
    expect(run.warnings).toEqual([]);
  });

  it('a pipeline variable that clears CI_DEPLOY_FREEZE does not lift an active freeze period', async () => {
    for (const cleared of [{ CI_DEPLOY_FREEZE: '' }, { CI_DEPLOY_FREEZE: 'false' }, {}]) {
      const run = await runGitLabGate({ fake, root, at: SATURDAY, env: cleared, options: quiet });
      expect(run.result.exitCode).toBe(1);
      expect(run.result.decision).toMatchObject({
        reason: 'inside-deny-window',
        nextOpen: Date.parse('2026-11-23T06:00:00.000Z'),
      });
      expect(run.warnings.join('\n')).toContain(
        'CI_DEPLOY_FREEZE is not set, but a freeze period of the project is active at 2026-11-21T15:00:00.000Z (a CI/CD variable may have replaced CI_DEPLOY_FREEZE): deploys are frozen.',
      );
    }
  });

  it('without CI_DEPLOY_FREEZE, periods that cannot be read change nothing (the windows decide), and a line says so', async () => {
    fake.failNext('GET', /freeze_periods/, 403, 1, { message: '403 Forbidden' });
    const run = await runGitLabGate({ fake, root, at: SATURDAY, options: quiet });
    expect(run.result.exitCode).toBe(0);
    expect(run.warnings).toEqual([]);
    expect(run.lines.join('\n')).toMatch(
      /The project's freeze periods were not read \(.*403.*\); a deploy freeze is known only from CI_DEPLOY_FREEZE\./,
    );
  });

  it('without CI_DEPLOY_FREEZE, a period this tool cannot read is a warning, not silence', async () => {
    for (const [id, zone] of [
      [9, 'Mars/Olympus_Mons'],
      [10, 'constructor'],
      [11, 'eastern time (us & canada)'],
    ] as const) {
      fake.freezePeriods.push({
        id,
        freeze_start: '0 0 * * *',
        freeze_end: '0 23 * * *',
        cron_timezone: zone,
      });
    }
    const run = await runGitLabGate({ fake, root, at: TUESDAY, options: quiet });
    expect(run.result.exitCode).toBe(0);
    const warnings = run.warnings.join('\n');
    expect(warnings).toContain(
      'freeze period 9 has a time zone this tool cannot read ("Mars/Olympus_Mons"); it is left out',
    );
    expect(warnings).toMatch(/freeze period 10 .*"constructor"/);
    expect(warnings).toMatch(/freeze period 11 .*"eastern time \(us & canada\)"/);
  });

  /** The gate at `at` when the project's only freeze period is this one (Berlin), CI_DEPLOY_FREEZE cleared. */
  async function frozenUntil(freeze_start: string, freeze_end: string, at: string) {
    fake.freezePeriods.splice(0, fake.freezePeriods.length, {
      id: 6,
      freeze_start,
      freeze_end,
      cron_timezone: 'Europe/Berlin',
    });
    const run = await runGitLabGate({ fake, root, at, options: quiet });
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).not.toMatch(/cannot read/);
    return formatInstant(run.result.decision?.nextOpen ?? null);
  }

  it("reads a period's cron as GitLab does, last-weekday and last-day forms included", async () => {
    // From the last Friday of the month, 18:00, to the month's last day, 23:00; on Saturday
    // 28 November 2026, the day after November's last Friday.
    expect(await frozenUntil('0 18 * * FRI#-1', '0 23 L * *', '2026-11-28T12:00:00Z')).toBe(
      '2026-11-30T22:00:00.000Z',
    );
  });

  it('reads day fields as GitLab (fugit) does: */2 restricts, so odd days or Fridays start a freeze', async () => {
    // Vixie cron would read `*/2` as no restriction and want an odd-numbered Friday. Saturday
    // 21 November 2026, 02:00 Berlin: after Friday the 20th, 23:00.
    expect(await frozenUntil('0 23 */2 * 5', '0 7 * * *', '2026-11-21T01:00:00Z')).toBe(
      '2026-11-21T06:00:00.000Z',
    );
  });

  it("reads fugit's & and days from the month's end: Friday the 13th freezes, another Friday does not", async () => {
    expect(await frozenUntil('0 0 13 * FRI&', '0 0 14 * *', '2026-11-13T12:00:00Z')).toBe(
      '2026-11-13T23:00:00.000Z',
    );
    const friday20 = await runGitLabGate({
      fake,
      root,
      at: '2026-11-20T12:00:00Z',
      options: quiet,
    });
    expect(friday20.result.exitCode).toBe(0);
    expect(friday20.warnings).toEqual([]);
    // From 18:00 on the month's second-last day to 06:00 on the 1st: 29 November, 21:00 Berlin.
    expect(await frozenUntil('0 18 -2 * *', '0 6 1 * *', '2026-11-29T20:00:00Z')).toBe(
      '2026-12-01T05:00:00.000Z',
    );
  });

  it('leaves out, with a warning, a period whose cron uses what fugit alone has (random values)', async () => {
    fake.freezePeriods.splice(0, fake.freezePeriods.length, {
      id: 7,
      freeze_start: '0 0 * * 1~5',
      freeze_end: '0 23 * * *',
      cron_timezone: 'UTC',
    });
    const run = await runGitLabGate({ fake, root, at: TUESDAY, options: quiet });
    expect(run.result.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toContain(
      'freeze period 7 has a cron this tool cannot read (day-of-week field "1~5": random values (~) are not read)',
    );
  });

  describe('a period in one of the Rails zone names GitLab also accepts', () => {
    // Friday 23:00 to Monday 07:00 in New York: Saturday 15:00 UTC is inside it.
    beforeEach(() => {
      fake.freezePeriods.splice(0, fake.freezePeriods.length, {
        id: 5,
        freeze_start: '0 23 * * 5',
        freeze_end: '0 7 * * 1',
        cron_timezone: 'Eastern Time (US & Canada)',
      });
    });

    it('still freezes when a pipeline variable clears CI_DEPLOY_FREEZE', async () => {
      const run = await runGitLabGate({ fake, root, at: SATURDAY, options: quiet });
      expect(run.result.exitCode).toBe(1);
      expect(run.result.decision).toMatchObject({
        reason: 'inside-deny-window',
        // Monday 07:00 in New York (EST, UTC-5).
        nextOpen: Date.parse('2026-11-23T12:00:00.000Z'),
      });
      expect(run.warnings.join('\n')).not.toMatch(/cannot read/);
    });

    it('ends when the period ends in that zone, and names the zone', async () => {
      const run = await runGitLabGate({ fake, root, at: SATURDAY, env: freeze, options: quiet });
      expect(run.result.decision?.nextOpen).toBe(Date.parse('2026-11-23T12:00:00.000Z'));
      expect(run.lines.join('\n')).toMatch(/07:00 EST \(America\/New_York\)/);
    });
  });

  it('blocks as the deny window gitlab-deploy-freeze, ending when the freeze period ends', async () => {
    const run = await runGitLabGate({ fake, root, at: SATURDAY, env: freeze, options: quiet });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      nextOpen: Date.parse('2026-11-23T06:00:00.000Z'),
    });
    expect(run.result.decision?.blockingWindows).toContain('gitlab-deploy-freeze');
    expect(fake.requestsTo('GET', /^\/projects\/42\/freeze_periods$/)).toHaveLength(1);
  });

  it('chains overlapping freeze periods', async () => {
    fake.freezePeriods.push({
      id: 4,
      freeze_start: '0 6 * * 1',
      freeze_end: '0 12 * * 1',
      cron_timezone: 'Europe/Berlin',
    });
    const run = await runGitLabGate({ fake, root, at: SATURDAY, env: freeze, options: quiet });
    expect(run.result.decision?.nextOpen).toBe(Date.parse('2026-11-23T11:00:00.000Z'));
  });

  it('in mode wait, waits out the freeze and then passes', async () => {
    const run = await runGitLabGate({
      fake,
      root,
      at: '2026-11-23T05:30:00Z',
      env: freeze,
      options: { ...quiet, mode: 'wait', maxWait: 60 },
    });
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision?.at).toBe(Date.parse('2026-11-23T06:00:00.000Z'));
  });

  it('without a token still blocks, with no known end, and says what would tell it', async () => {
    const run = await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      env: freeze,
      options: quiet,
      noToken: true,
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.blockingWindows).toContain('gitlab-deploy-freeze');
    expect(run.result.decision?.nextOpen).toBeNull();
    expect(run.warnings.join('\n')).toMatch(/CI_DEPLOY_FREEZE is set.*DEPLOY_WINDOW_TOKEN/);
  });

  it('still blocks when the freeze periods cannot be read', async () => {
    fake.failNext('GET', /freeze_periods/, 403, 1, { message: '403 Forbidden' });
    const run = await runGitLabGate({ fake, root, at: SATURDAY, env: freeze, options: quiet });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision?.nextOpen).toBeNull();
    expect(run.warnings.join('\n')).toMatch(/freeze_periods answered 403/);
  });

  it('trusts GitLab when no period is active at the instant, with an open end and a warning', async () => {
    const run = await runGitLabGate({
      fake,
      root,
      at: '2026-11-24T10:00:00Z',
      env: freeze,
      options: quiet,
    });
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).toMatch(/no freeze period of the project is active/);
  });
});

describe('a freeze period that begins while the gate waits', () => {
  // Deny Friday 22:00-23:00 Berlin: the window opens at 23:00, when the freeze period begins.
  const FRIDAY_LATE = `version: 1
timezone: Europe/Berlin
windows:
  - name: friday-late
    kind: deny
    time: "22:00-23:00"
    days: [FR]
`;

  it('is not crossed: the opening the gate waits for lies inside the freeze', async () => {
    // Friday 27 November 2026, 22:30 Berlin; CI_DEPLOY_FREEZE is not set (no period is active).
    const late = workspace({ '.gitlab/deploy-windows.yml': FRIDAY_LATE });
    const run = await runGitLabGate({
      fake,
      root: late,
      at: '2026-11-27T21:30:00Z',
      options: { ...quiet, mode: 'wait', maxWait: 60 },
    });
    expect(run.result.exitCode).not.toBe(0);
    expect(run.result.decision?.allowed).toBe(false);
    // The next opening is the freeze's end, Monday 07:00 Berlin, past the hour's wait.
    expect(run.result.decision?.nextOpen).toBe(Date.parse('2026-11-30T06:00:00Z'));
  });

  it('shortens the time an allowed deploy has: the window closes when the freeze begins', async () => {
    const run = await runGitLabGate({ fake, root, at: '2026-11-27T12:00:00Z', options: quiet });
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision?.closesAt).toBe(Date.parse('2026-11-27T22:00:00Z'));
    expect(run.warnings).toEqual([]);
  });
});
