// Rules users meet at the edges, as docs/config.md and docs/engine.md state them: environment
// globs ignore letter case, the horizon is half-open, and a cron day field starting with `*`
// is unrestricted as in Vixie cron. (Cron start/end pairs in wall time: cron-range-dst.test.ts.)
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { timeline } from '../../src/core/timeline.js';
import type { Config } from '../../src/core/types.js';

function load(...lines: string[]): Config {
  const loaded = loadConfig(['version: 1', 'windows:', ...lines, ''].join('\n'), {
    file: 'deploy-windows.yml',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

const DAY = 1440;

describe('environment globs ignore letter case', () => {
  const config = load(
    '  - name: prod-freeze',
    '    kind: deny',
    '    environments: [production, "EU-*"]',
    '    start: 2026-12-21T00:00',
    '    end: 2027-01-04T00:00',
  );
  const during = Date.parse('2026-12-22T12:00:00Z');
  const verdict = (environment: string) => decide(config, { environment, at: during });

  it('a window for production blocks Production and PRODUCTION', () => {
    for (const name of ['production', 'Production', 'PRODUCTION']) {
      expect(verdict(name), name).toMatchObject({
        allowed: false,
        reason: 'inside-deny-window',
        blockingWindows: ['prod-freeze'],
      });
    }
  });

  it('a glob EU-* blocks eu-west and Eu-North, not us-east', () => {
    expect(verdict('eu-west').allowed).toBe(false);
    expect(verdict('Eu-North').allowed).toBe(false);
    expect(verdict('us-east')).toMatchObject({ allowed: true, reason: 'no-windows' });
  });
});

describe('the horizon is half-open: an instant exactly at T + horizon is beyond it', () => {
  const config = load(
    '  - name: release-day',
    '    start: 2026-12-08T00:00',
    '    end: 2026-12-09T00:00',
  );
  const ask = (at: string, horizonDays: number) =>
    decide(config, { environment: 'production', at: Date.parse(at), horizon: horizonDays * DAY });

  it('nextOpen exactly at T + horizon is null; a minute inside, it is found', () => {
    // Release day opens 2026-12-08T00:00Z, 7 days after 2026-12-01T00:00Z.
    expect(ask('2026-12-01T00:00:00Z', 7)).toMatchObject({ allowed: false, nextOpen: null });
    expect(ask('2026-12-01T00:01:00Z', 7)).toMatchObject({
      allowed: false,
      nextOpen: Date.parse('2026-12-08T00:00:00.000Z'),
    });
  });

  it('closesAt exactly at T + horizon is null; a minute inside, it is found', () => {
    // Release day closes 2026-12-09T00:00Z, 1 day after 2026-12-08T00:00Z.
    expect(ask('2026-12-08T00:00:00Z', 1)).toMatchObject({ allowed: true, closesAt: null });
    expect(ask('2026-12-08T00:01:00Z', 1)).toMatchObject({
      allowed: true,
      closesAt: Date.parse('2026-12-09T00:00:00.000Z'),
    });
  });
});

describe('a cron day field that starts with * is unrestricted, as in Vixie cron', () => {
  /** The local dates a cron window starts on in December 2026 (UTC). */
  const days = (cron: string) => {
    const config = load('  - name: deploys', `    cron: "${cron}"`, '    duration: 1h');
    const { occurrences } = timeline(config, {
      environment: 'production',
      from: Date.parse('2026-12-01T00:00:00Z'),
      to: Date.parse('2027-01-01T00:00:00Z'),
    });
    return occurrences.map((o) => new Date(o.start).getUTCDate());
  };

  it('"0 9 * * MON" is every Monday (a * day of month does not add every day)', () => {
    expect(days('0 9 * * MON')).toEqual([7, 14, 21, 28]);
  });

  it('"0 9 */2 * MON" counts */2 as unrestricted too: Mondays that are odd days', () => {
    // Only one field is restricted, so a day must match both: the odd days that are Mondays.
    expect(days('0 9 */2 * MON')).toEqual([7, 21]);
  });

  it('"0 9 1-31/2 * MON" restricts both fields, so either matches: odd days or Mondays', () => {
    expect(days('0 9 1-31/2 * MON')).toEqual([
      1, 3, 5, 7, 9, 11, 13, 14, 15, 17, 19, 21, 23, 25, 27, 28, 29, 31,
    ]);
  });
});
