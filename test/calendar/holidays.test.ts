import { beforeAll, describe, expect, it } from 'vitest';
import type { HolidayProvider, LocalDate } from '../../src/core/types.js';
import { loadHolidayProvider } from '../../src/node/holidays.js';

let provider: HolidayProvider;

beforeAll(async () => {
  provider = await loadHolidayProvider();
});

const iso = (date: LocalDate) =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

function days(country: string, state: string | null, year: number, types = ['public']) {
  return provider.holidays(country, state, null, types, year).map(iso);
}

describe('holiday dates of a place', () => {
  it('US-CA 2026: Independence Day on a Saturday is observed on Friday 3 July too', () => {
    const dates = days('US', 'CA', 2026);
    expect(dates).toContain('2026-07-03');
    expect(dates).toContain('2026-07-04');
    expect(dates).toContain('2026-03-31'); // César Chávez Day: California only
    expect(dates).toContain('2026-11-26'); // Thanksgiving
    expect(dates).not.toContain('2026-10-12'); // Columbus Day is not a CA public holiday
    expect(days('US', 'NY', 2026)).not.toContain('2026-03-31');
  });

  it('DE-BY 2026: Fronleichnam and Heilige Drei Könige are Bavarian holidays, not Berlin ones', () => {
    const bavaria = days('DE', 'BY', 2026);
    expect(bavaria).toContain('2026-06-04');
    expect(bavaria).toContain('2026-01-06');
    expect(bavaria).toContain('2026-11-01');
    const berlin = days('DE', 'BE', 2026);
    expect(berlin).not.toContain('2026-06-04');
    expect(berlin).toContain('2026-03-08'); // Internationaler Frauentag
    expect(berlin).toContain('2026-10-03');
  });

  it('GB-ENG 2026: Boxing Day on a Saturday moves to Monday 28 December', () => {
    expect(days('GB', 'ENG', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
  });

  it('AU-NSW 2026: Anzac Day on a Saturday is also kept on Monday 27 April', () => {
    const dates = days('AU', 'NSW', 2026);
    expect(dates).toContain('2026-04-25');
    expect(dates).toContain('2026-04-27');
    expect(dates).toContain('2026-01-26');
  });

  it('accepts codes in any case', () => {
    expect(days('us', 'ca', 2026)).toEqual(days('US', 'CA', 2026));
    expect(provider.checkPlace('de', 'by', null, ['public'])).toEqual({ ok: true });
  });

  it('a region narrows a state (DE-BY-A: Augsburg keeps its Friedensfest on 8 August)', () => {
    const augsburg = provider.holidays('DE', 'BY', 'A', ['public'], 2026).map(iso);
    expect(augsburg).toContain('2026-08-08');
    expect(days('DE', 'BY', 2026)).not.toContain('2026-08-08');
  });

  it('types select other kinds of days (bank: Christmas Eve in Germany, counted as a whole day)', () => {
    expect(days('DE', 'BY', 2026, ['bank'])).toEqual(['2026-12-24', '2026-12-31']);
    const both = days('DE', 'BY', 2026, ['public', 'bank']);
    expect(both).toContain('2026-12-24');
    expect(both).toContain('2026-12-25');
  });

  it('a multi-day holiday gives each of its days, also those in the next year', () => {
    // Eswatini's Incwala: six days from 28 December.
    const y2026 = days('SZ', null, 2026);
    expect(y2026).toEqual(expect.arrayContaining(['2026-12-28', '2026-12-29', '2026-12-31']));
    expect(y2026.every((date) => date.startsWith('2026-'))).toBe(true);
    expect(days('SZ', null, 2027)).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-02']));
  });

  it('returns each day once, sorted', () => {
    const dates = days('US', 'CA', 2026);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });
});

describe('checking a place', () => {
  it('knows real places', () => {
    expect(provider.checkPlace('US', 'CA', null, ['public'])).toEqual({ ok: true });
    expect(provider.checkPlace('GB', 'ENG', null, ['public', 'bank'])).toEqual({ ok: true });
    expect(provider.checkPlace('AU', 'NSW', null, [])).toEqual({ ok: true });
  });

  it('an unknown country suggests the code: USA -> US, Germany -> DE, UK -> GB', () => {
    const usa = provider.checkPlace('USA', null, null, ['public']);
    expect(usa).toMatchObject({ ok: false, hint: '"US" (United States of America)' });
    expect(usa.ok === false && usa.message).toContain('unknown country "USA"');
    expect(provider.checkPlace('Germany', null, null, ['public'])).toMatchObject({
      ok: false,
      hint: '"DE" (Germany)',
    });
    expect(provider.checkPlace('UK', null, null, ['public'])).toMatchObject({
      ok: false,
      hint: '"GB" (United Kingdom)',
    });
  });

  it('an unknown state suggests the code by name (California -> CA) and lists short code sets', () => {
    const california = provider.checkPlace('US', 'California', null, ['public']);
    expect(california).toMatchObject({ ok: false, hint: '"CA" (California)' });
    expect(california.ok === false && california.message).toContain(
      'unknown state "California" of United States of America (US)',
    );
    const england = provider.checkPlace('GB', 'England', null, ['public']);
    expect(england).toMatchObject({ ok: false, hint: '"ENG" (England)' });
    expect(england.ok === false && england.message).toContain('known: ALD, ENG, NIR, SCT, WLS');
    expect(provider.checkPlace('DE', 'Bayern', null, ['public'])).toMatchObject({
      hint: '"BY" (Bayern)',
    });
  });

  it('an unknown region, and a region without a state, are errors', () => {
    const region = provider.checkPlace('DE', 'BY', 'Munich', ['public']);
    expect(region.ok).toBe(false);
    expect(region.ok === false && region.message).toContain('unknown region "Munich" of DE-BY');
    const stateless = provider.checkPlace('DE', null, 'A', ['public']);
    expect(stateless.ok === false && stateless.message).toContain('"region" needs a "state"');
  });

  it('an unknown holiday type suggests the closest one', () => {
    const check = provider.checkPlace('US', null, null, ['publik']);
    expect(check).toMatchObject({ ok: false, hint: '"public"' });
    expect(check.ok === false && check.message).toContain(
      'expected one of public, bank, school, optional, observance',
    );
  });

  it('gives no hint when nothing is close', () => {
    const check = provider.checkPlace('Atlantis', null, null, ['public']);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.hint).toBeUndefined();
  });
});
