import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { environmentGlob, matchesEnvironment } from '../../src/core/environments.js';
import { exemptDecision, isExemptUser } from '../../src/core/exempt.js';
import { clip, complement, find, merge, subtract } from '../../src/core/intervals.js';
import { timeline } from '../../src/core/timeline.js';
import { at, config, time, window } from './engine-builders.js';

const i = (start: number, end: number) => ({ start, end });

describe('intervals (half-open)', () => {
  it('merges overlapping and adjacent intervals, drops empty ones', () => {
    expect(merge([i(5, 7), i(1, 3), i(3, 4), i(6, 9), i(10, 10)])).toEqual([i(1, 4), i(5, 9)]);
  });

  it('subtracts, leaving the parts not covered', () => {
    expect(subtract([i(0, 10), i(20, 30)], [i(2, 4), i(8, 22), i(29, 40)])).toEqual([
      i(0, 2),
      i(4, 8),
      i(22, 29),
    ]);
  });

  it('complements within a span, clips and finds', () => {
    expect(complement([i(2, 4)], 0, 10)).toEqual([i(0, 2), i(4, 10)]);
    expect(clip([i(-5, 3), i(8, 20)], 0, 10)).toEqual([i(0, 3), i(8, 10)]);
    expect(find([i(0, 3)], 3)).toBeUndefined();
    expect(find([i(0, 3)], 0)).toEqual(i(0, 3));
  });
});

describe('environment globs', () => {
  it('matches *, ? and character classes, ignoring case', () => {
    expect(matchesEnvironment(['prod-*'], 'prod-eu-1')).toBe(true);
    expect(matchesEnvironment(['prod-*'], 'production')).toBe(false);
    expect(matchesEnvironment(['eu-?'], 'EU-1')).toBe(true);
    expect(matchesEnvironment(['eu-[12]'], 'eu-3')).toBe(false);
    expect(matchesEnvironment(['eu-[!12]'], 'eu-3')).toBe(true);
    expect(matchesEnvironment(['a.b'], 'axb')).toBe(false);
    expect(environmentGlob('review/*').matches('review/feature-1')).toBe(true);
  });

  it('applies windows without environments everywhere, and all windows to no environment', () => {
    expect(matchesEnvironment(null, 'anything')).toBe(true);
    expect(matchesEnvironment(['production'], null)).toBe(true);
  });
});

describe('exemption', () => {
  const exempt = { users: ['Alice', 'release-bot[bot]', '@carol'], teams: [], codeowners: null };

  it('matches logins case-insensitively and exactly, bots included', () => {
    expect(isExemptUser(exempt, 'alice')).toBe(true);
    expect(isExemptUser(exempt, 'Release-Bot[bot]')).toBe(true);
    expect(isExemptUser(exempt, 'carol')).toBe(true);
    expect(isExemptUser(exempt, 'release-bot')).toBe(false);
    expect(isExemptUser(exempt, 'alice2')).toBe(false);
    expect(isExemptUser(exempt, null)).toBe(false);
    expect(isExemptUser(exempt, '')).toBe(false);
  });

  // `@alice` in a config is a way of writing alice; an actor is an ID as the platform gives it,
  // and a Jenkins realm may allow an ID `@alice` that belongs to someone else.
  it('reads a leading @ in the config only, never in the actor', () => {
    expect(isExemptUser(exempt, '@alice')).toBe(false);
    expect(isExemptUser(exempt, '@carol')).toBe(false);
    expect(isExemptUser(exempt, ' carol ')).toBe(true);
  });

  // A look-alike is not the user: JS's trim() strips Unicode spaces, and toLowerCase() folds
  // the Kelvin sign into k, so `alice` + U+00A0 and U+212A + `ate` passed as alice and kate.
  it('folds ASCII letter case and ASCII white space only: a look-alike ID is someone else', () => {
    const people = { users: ['alice', 'kate'], teams: [], codeowners: null };
    for (const lookAlike of ['alice\u00a0', '\ufeffalice', 'alice\u3000', '\u212aate', 'ALİCE']) {
      expect(isExemptUser(people, lookAlike), JSON.stringify(lookAlike)).toBe(false);
    }
    expect(isExemptUser(people, '\talice\n')).toBe(true);
    expect(isExemptUser(people, 'KATE')).toBe(true);
  });

  it('turns a blocked decision into an exempt one, keeping the rest', () => {
    const cfg = config([window('business', time('09:00-17:00'))]);
    const blocked = decide(cfg, { environment: 'production', at: at('2026-11-23T20:00:00Z') });
    const exempted = exemptDecision(blocked, 'user:alice');
    expect(exempted).toEqual({
      ...blocked,
      allowed: true,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:alice',
    });
    expect(exempted.nextOpen).toBe(at('2026-11-24T09:00:00.000Z'));
  });
});

describe('timeline', () => {
  it('lists open periods and occurrences with their zones, cut to the span', () => {
    const cfg = config(
      [
        window('business', time('09:00-17:00'), { timezone: 'Europe/Berlin' }),
        window('lunch', time('12:00-13:00'), { kind: 'deny', timezone: 'Europe/Berlin' }),
      ],
      { timezone: 'Europe/Berlin' },
    );
    const result = timeline(cfg, {
      environment: 'production',
      from: at('2026-11-23T10:00:00Z'),
      to: at('2026-11-24T00:00:00Z'),
    });
    expect(result.open).toEqual([
      i(at('2026-11-23T10:00:00Z'), at('2026-11-23T11:00:00Z')),
      i(at('2026-11-23T12:00:00Z'), at('2026-11-23T16:00:00Z')),
    ]);
    expect(result.occurrences).toEqual([
      {
        window: 'business',
        kind: 'allow',
        start: at('2026-11-23T08:00:00Z'),
        end: at('2026-11-23T16:00:00Z'),
        timezone: 'Europe/Berlin',
      },
      {
        window: 'lunch',
        kind: 'deny',
        start: at('2026-11-23T11:00:00Z'),
        end: at('2026-11-23T12:00:00Z'),
        timezone: 'Europe/Berlin',
      },
    ]);
  });

  it('agrees with decide on the same config', () => {
    const cfg = config([window('business', time('09:00-17:00', ['MO', 'WE']))]);
    const from = at('2026-11-23T00:00:00Z');
    const { open } = timeline(cfg, { environment: null, from, to: from + 7 * 86_400_000 });
    const decision = decide(cfg, { environment: null, at: from, upcomingCount: 2 });
    expect(decision.upcoming.map((p) => [p.start, p.end])).toEqual(
      open.map((p) => [p.start, p.end]),
    );
  });

  it('judges the instant itself even with a zero horizon', () => {
    const cfg = config([window('business', time('09:00-17:00'))]);
    expect(
      decide(cfg, { environment: null, at: at('2026-11-23T10:00:00Z'), horizon: 0 }).allowed,
    ).toBe(true);
  });
});
