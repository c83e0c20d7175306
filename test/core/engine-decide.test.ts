import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Config, DecisionQuery } from '../../src/core/types.js';
import { at, config, date, dates, once, rrule, time, weekly, window } from './engine-builders.js';

const ask = (cfg: Config, when: string, more: Partial<DecisionQuery> = {}) =>
  decide(cfg, { environment: 'production', at: at(when), ...more });

const businessHours = config([
  window('business', time('09:00-17:00', ['MO', 'TU', 'WE', 'TH', 'FR'])),
]);

describe('half-open windows', () => {
  it('is open at the first instant and closed at the end instant', () => {
    expect(ask(businessHours, '2026-11-23T09:00:00.000Z')).toMatchObject({
      allowed: true,
      reason: 'inside-allow-window',
      closesAt: at('2026-11-23T17:00:00.000Z'),
      activeWindows: ['business'],
    });
    expect(ask(businessHours, '2026-11-23T16:59:59.999Z').allowed).toBe(true);
    expect(ask(businessHours, '2026-11-23T17:00:00.000Z')).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      nextOpen: at('2026-11-24T09:00:00.000Z'),
      activeWindows: [],
      blockingWindows: [],
    });
    expect(ask(businessHours, '2026-11-23T08:59:59.999Z').nextOpen).toBe(
      at('2026-11-23T09:00:00.000Z'),
    );
  });

  it('skips the weekend: Friday evening opens on Monday', () => {
    expect(ask(businessHours, '2026-11-27T18:00:00Z').nextOpen).toBe(
      at('2026-11-30T09:00:00.000Z'),
    );
  });
});

describe('deny windows', () => {
  const withFreeze = config(
    [
      window('business', time('09:00-17:00')),
      window('freeze', weekly('FR 12:00', 'MO 10:00'), {
        kind: 'deny',
        message: 'Weekend freeze: ask #release',
      }),
    ],
    { message: 'Default message' },
  );

  it('wins over allow windows and names itself', () => {
    expect(ask(withFreeze, '2026-11-27T13:00:00Z')).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      activeWindows: ['business', 'freeze'],
      blockingWindows: ['freeze'],
      nextOpen: at('2026-11-30T10:00:00.000Z'),
      message: 'Weekend freeze: ask #release',
    });
  });

  it('shows the config message when nothing with a message blocks', () => {
    expect(ask(withFreeze, '2026-11-25T10:00:00Z')).toMatchObject({
      allowed: true,
      closesAt: at('2026-11-25T17:00:00.000Z'),
      message: 'Default message',
    });
  });

  it("outside every allow window, shows the first allow window's message (it is what blocks)", () => {
    const withAllowMessages = config(
      [
        window('retired', time('06:00-08:00'), {
          message: 'Retired early slot',
          until: date('2026-10-31'),
        }),
        window('quiet', time('20:00-21:00'), { environments: ['staging'], message: 'Staging' }),
        window('business', time('09:00-17:00', ['MO', 'TU', 'WE', 'TH', 'FR']), {
          message: 'Deploys: weekdays 09-17 UTC',
        }),
        window('saturday', weekly('SA 10:00', 'SA 12:00'), { message: 'Saturday slot' }),
        window('freeze', dates('2026-12-24'), { kind: 'deny' }),
      ],
      { message: 'Default message' },
    );
    // Not in force (until) and not for this environment: skipped; business is the first.
    expect(ask(withAllowMessages, '2026-11-27T18:00:00Z')).toMatchObject({
      reason: 'outside-allow-window',
      message: 'Deploys: weekdays 09-17 UTC',
    });
    // Inside an allow window the file's message stays, and a deny window without a message
    // blocks with the file's message too: no allow window is what blocks there.
    expect(ask(withAllowMessages, '2026-11-27T10:00:00Z').message).toBe('Default message');
    expect(ask(withAllowMessages, '2026-12-24T10:00:00Z')).toMatchObject({
      reason: 'inside-deny-window',
      message: 'Default message',
    });
  });

  it('closes an open period early when a deny window starts', () => {
    expect(ask(withFreeze, '2026-11-27T10:00:00Z').closesAt).toBe(at('2026-11-27T12:00:00.000Z'));
  });

  it('with only deny windows, allows outside them (no-allow-windows)', () => {
    const onlyDeny = config([window('xmas', dates('2026-12-25'), { kind: 'deny' })]);
    expect(ask(onlyDeny, '2026-12-24T10:00:00Z')).toMatchObject({
      allowed: true,
      reason: 'no-allow-windows',
      closesAt: at('2026-12-25T00:00:00.000Z'),
    });
    expect(ask(onlyDeny, '2026-12-25T10:00:00Z')).toMatchObject({
      allowed: false,
      nextOpen: at('2026-12-26T00:00:00.000Z'),
    });
  });
});

describe('no windows, environments', () => {
  it('allows everything with reason no-windows', () => {
    expect(ask(config([]), '2026-11-23T03:00:00Z')).toMatchObject({
      allowed: true,
      reason: 'no-windows',
      closesAt: null,
      nextOpen: null,
    });
  });

  it('applies a window only to environments matching its globs', () => {
    const cfg = config([
      window('prod', time('09:00-17:00'), { environments: ['production', 'prod-*', 'eu-?'] }),
    ]);
    const night = '2026-11-23T03:00:00Z';
    for (const env of ['production', 'prod-eu', 'Prod-EU', 'eu-1']) {
      expect(decide(cfg, { environment: env, at: at(night) }).allowed).toBe(false);
    }
    for (const env of ['staging', 'production-2', 'eu-12', 'preprod-eu']) {
      expect(decide(cfg, { environment: env, at: at(night) })).toMatchObject({
        allowed: true,
        reason: 'no-windows',
      });
    }
  });

  it('applies every window when no environment is given, and warns', () => {
    const cfg = config([window('prod', time('09:00-17:00'), { environments: ['production'] })]);
    const decision = decide(cfg, { environment: null, at: at('2026-11-23T03:00:00Z') });
    expect(decision.allowed).toBe(false);
    expect(decision.warnings).toContain('no environment given: every window applies');
  });
});

describe('adjacent and overlapping allow windows are one open period', () => {
  it('closes at the end of the last adjacent window', () => {
    const cfg = config([
      window('morning', time('09:00-12:00')),
      window('afternoon', time('12:00-17:00')),
      window('late', time('16:00-19:00')),
    ]);
    expect(ask(cfg, '2026-11-23T10:00:00Z').closesAt).toBe(at('2026-11-23T19:00:00.000Z'));
  });

  it('is one period across midnight for adjacent day windows', () => {
    const cfg = config([window('weekend', time('00:00-24:00', ['SA', 'SU']))]);
    expect(ask(cfg, '2026-11-28T10:00:00Z').closesAt).toBe(at('2026-11-30T00:00:00.000Z'));
  });
});

describe('minimum runway', () => {
  const cfg = config([window('short', time('09:00-09:30')), window('long', time('14:00-16:00'))]);

  it('blocks when the open period ends too soon, and says why', () => {
    const decision = ask(cfg, '2026-11-23T15:30:00Z', { minDuration: 45 });
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      closesAt: null,
      nextOpen: at('2026-11-24T14:00:00.000Z'),
      minDuration: 45,
    });
    expect(decision.warnings).toContain('only 30m left in the open period; min-duration is 45m');
  });

  it('skips open periods shorter than the runway', () => {
    expect(ask(cfg, '2026-11-23T20:00:00Z', { minDuration: 60 }).nextOpen).toBe(
      at('2026-11-24T14:00:00.000Z'),
    );
    expect(ask(cfg, '2026-11-23T20:00:00Z', { minDuration: 30 }).nextOpen).toBe(
      at('2026-11-24T09:00:00.000Z'),
    );
  });

  it('allows when the runway fits exactly', () => {
    expect(ask(cfg, '2026-11-23T15:00:00Z', { minDuration: 60 })).toMatchObject({
      allowed: true,
      closesAt: at('2026-11-23T16:00:00.000Z'),
    });
  });
});

describe('horizon', () => {
  it('gives no nextOpen beyond the horizon, with a warning', () => {
    const cfg = config([window('leap', rrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 1440))]);
    const decision = ask(cfg, '2026-03-01T00:00:00Z');
    expect(decision).toMatchObject({ allowed: false, nextOpen: null, horizon: 527_040 });
    expect(decision.warnings.some((w) => w.startsWith('no open period'))).toBe(true);
    expect(ask(cfg, '2026-03-01T00:00:00Z', { horizon: 3 * 527_040 }).nextOpen).toBe(
      at('2028-02-29T00:00:00.000Z'),
    );
  });

  it('gives no closesAt when the open period outlasts the horizon', () => {
    const cfg = config([window('q4', once('2026-10-01T00:00', '2027-01-01T00:00'))]);
    expect(ask(cfg, '2026-11-01T00:00:00Z').closesAt).toBe(at('2027-01-01T00:00:00.000Z'));
    expect(ask(cfg, '2026-11-01T00:00:00Z', { horizon: 7 * 1440 })).toMatchObject({
      allowed: true,
      closesAt: null,
      upcoming: [{ start: at('2026-11-01T00:00:00.000Z'), end: null }],
    });
  });

  it('terminates on a rule that never matches', () => {
    const cfg = config([window('never', rrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 60))]);
    expect(ask(cfg, '2026-11-23T00:00:00Z')).toMatchObject({ allowed: false, nextOpen: null });
  });
});

describe('validity', () => {
  const cfg = config([
    window('pilot', time('08:00-12:00', ['MO']), {
      from: date('2026-11-01'),
      until: date('2026-11-30'),
      timezone: 'Europe/Berlin',
    }),
  ]);

  it('restricts nothing before from and after until', () => {
    expect(ask(cfg, '2026-10-28T10:00:00Z')).toMatchObject({
      allowed: true,
      reason: 'no-allow-windows',
      closesAt: at('2026-10-31T23:00:00.000Z'),
    });
    expect(ask(cfg, '2026-12-02T03:00:00Z')).toMatchObject({
      allowed: true,
      reason: 'no-allow-windows',
      closesAt: null,
    });
  });

  it('restricts while in force and opens again at the end of the until day', () => {
    expect(ask(cfg, '2026-11-24T10:00:00Z')).toMatchObject({
      allowed: false,
      nextOpen: at('2026-11-30T07:00:00.000Z'),
    });
    expect(ask(cfg, '2026-11-30T12:00:00Z')).toMatchObject({
      allowed: false,
      nextOpen: at('2026-11-30T23:00:00.000Z'),
    });
  });
});

describe('platform deny periods (extraDeny)', () => {
  it('blocks by name, open-ended when end is null', () => {
    const decision = ask(businessHours, '2026-11-23T10:00:00Z', {
      extraDeny: [{ name: 'gitlab-freeze', start: at('2026-11-23T00:00:00Z'), end: null }],
    });
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      blockingWindows: ['gitlab-freeze'],
      nextOpen: null,
    });
  });

  it('reopens when a bounded platform freeze ends, in its zone', () => {
    const decision = ask(businessHours, '2026-11-23T10:00:00Z', {
      extraDeny: [
        {
          name: 'gitlab-freeze',
          start: at('2026-11-23T00:00:00Z'),
          end: at('2026-11-23T12:00:00Z'),
          timezone: 'Asia/Tokyo',
        },
      ],
    });
    expect(decision).toMatchObject({
      nextOpen: at('2026-11-23T12:00:00.000Z'),
      timezone: 'Asia/Tokyo',
    });
  });
});

describe('timezone and upcoming', () => {
  it('names the zone of the window whose edge is reported', () => {
    const cfg = config(
      [
        window('ny', time('09:00-17:00'), { timezone: 'America/New_York' }),
        window('tokyo', time('09:00-17:00'), { timezone: 'Asia/Tokyo' }),
      ],
      { timezone: 'Europe/Berlin' },
    );
    // 03:00Z: Tokyo 12:00 (open until 17:00 JST = 08:00Z); New York is closed.
    expect(ask(cfg, '2026-11-23T03:00:00Z')).toMatchObject({
      closesAt: at('2026-11-23T08:00:00.000Z'),
      timezone: 'Asia/Tokyo',
    });
    // 10:00Z: both closed; New York opens at 14:00Z.
    expect(ask(cfg, '2026-11-23T10:00:00Z')).toMatchObject({
      nextOpen: at('2026-11-23T14:00:00.000Z'),
      timezone: 'America/New_York',
    });
  });

  it('lists the next open periods, the current one first from now', () => {
    const decision = ask(businessHours, '2026-11-26T10:00:00Z', { upcomingCount: 3 });
    expect(decision.upcoming).toEqual([
      { start: at('2026-11-26T10:00:00.000Z'), end: at('2026-11-26T17:00:00.000Z') },
      { start: at('2026-11-27T09:00:00.000Z'), end: at('2026-11-27T17:00:00.000Z') },
      { start: at('2026-11-30T09:00:00.000Z'), end: at('2026-11-30T17:00:00.000Z') },
    ]);
    expect(ask(businessHours, '2026-11-26T10:00:00Z').upcoming).toHaveLength(5);
  });

  it('fills the rest of the decision', () => {
    expect(ask(businessHours, '2026-11-26T10:00:00Z')).toMatchObject({
      environment: 'production',
      at: at('2026-11-26T10:00:00.000Z'),
      exempt: false,
      exemptBy: null,
      minDuration: 0,
      horizon: 527_040,
      warnings: [],
    });
  });
});

describe('DST in the decision', () => {
  it('opens a 02:30 Sydney window at the pre-gap offset on the spring-forward night', () => {
    const cfg = config([
      window('night', rrule('FREQ=DAILY;BYHOUR=2;BYMINUTE=30', 30), {
        timezone: 'Australia/Sydney',
      }),
    ]);
    expect(ask(cfg, '2026-10-03T12:00:00Z').nextOpen).toBe(at('2026-10-03T16:30:00.000Z'));
    // The autumn night: the first 02:30 (+11:00).
    expect(ask(cfg, '2026-04-04T12:00:00Z').nextOpen).toBe(at('2026-04-04T15:30:00.000Z'));
  });

  it('keeps a Lord Howe window at local time through the 30-minute shift', () => {
    const cfg = config([
      window('morning', time('09:00-10:00'), { timezone: 'Australia/Lord_Howe' }),
    ]);
    // 09:00 +11:00 on Apr 4 is 22:00Z Apr 3; 09:00 +10:30 on Apr 5 is 22:30Z Apr 4.
    expect(ask(cfg, '2026-04-03T23:00:00Z').nextOpen).toBe(at('2026-04-04T22:30:00.000Z'));
  });

  it('treats Feb 29 dates as whole days in leap years only', () => {
    const cfg = config([window('leap', dates('2028-02-29'), { kind: 'deny' })]);
    expect(ask(cfg, '2028-02-29T12:00:00Z').nextOpen).toBe(at('2028-03-01T00:00:00.000Z'));
  });
});
