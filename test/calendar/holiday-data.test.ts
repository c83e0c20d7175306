// holidays.jsonl (written by scripts/build.mjs beside every bundle) must be date-holidays' data,
// split one country per line, and reading it must give the dates date-holidays itself gives.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Holidays from 'date-holidays';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HolidayProvider } from '../../src/core/types.js';
import { loadHolidayProvider } from '../../src/node/holidays.js';
import { reference } from './reference.js';

/** date-holidays' own data, as its package ships it. */
const data = JSON.parse(
  readFileSync(
    join(
      dirname(createRequire(import.meta.url).resolve('date-holidays/package.json')),
      'data/holidays.json',
    ),
    'utf8',
  ),
) as { version: string; license: string; names: object; holidays: Record<string, object> };
const file = readFileSync(join(import.meta.dirname, '../../dist/holidays.jsonl'));
const newline = file.indexOf(10);
const index = JSON.parse(file.subarray(0, newline).toString('utf8'));
const line = ([offset, length]: [number, number]) =>
  JSON.parse(file.subarray(newline + 1 + offset, newline + 1 + offset + length).toString('utf8'));

describe('holidays.jsonl', () => {
  it('has every country of date-holidays, with its data unchanged', () => {
    expect(index.version).toBe(data.version);
    expect(index.license).toBe(data.license);
    expect(Object.keys(index.countries)).toEqual(Object.keys(data.holidays));
    expect(line(index.names)).toEqual(data.names);
    for (const [code, [, , offset, length]] of Object.entries<[string, string, number, number]>(
      index.countries,
    )) {
      const { holidays } = line([offset, length]);
      expect(Object.keys(holidays)[0], code).toBe(code);
      // With the countries it takes days from (French Guiana: France's).
      for (const [other, country] of Object.entries(holidays)) {
        expect(country, `${code}: ${other}`).toEqual(data.holidays[other]);
      }
    }
  });

  it('names each country as date-holidays does (English and native)', () => {
    const catalogue = new Holidays();
    const english = catalogue.getCountries('en');
    const native = catalogue.getCountries();
    for (const [code, [en, own]] of Object.entries<[string, string]>(index.countries)) {
      expect([en, own], code).toEqual([english[code], native[code]]);
    }
  });

  it('carries the time zones that equinox and solstice rules convert in', () => {
    const zoneNames = (code: string) =>
      line(index.countries[code].slice(2)).zones.map((zone: string) => zone.split('|')[0]);
    expect(zoneNames('CL')).toContain('America/Santiago');
    expect(line(index.countries.TW.slice(2)).links.join(' ')).toMatch(/\|GMT\b/);
    expect(zoneNames('US')).toEqual([]);
  });
});

describe('holidays read from holidays.jsonl', () => {
  let provider: HolidayProvider;
  beforeAll(async () => {
    provider = await loadHolidayProvider(['de']);
  });
  const iso = (country: string, state: string | null, year: number) =>
    provider
      .holidays(country, state, null, [], year)
      .map((day) =>
        [day.year, String(day.month).padStart(2, '0'), String(day.day).padStart(2, '0')].join('-'),
      );

  it('are the dates date-holidays gives, for every country (2026)', () => {
    for (const country of Object.keys(data.holidays)) {
      expect(iso(country, null, 2026), country).toEqual(reference(country, null, 2026));
    }
  });

  it('for states too (US-CA, DE-BY, CH-ZH, AU-NSW, CA-QC, GB-SCT, ES-CT, BR-SP)', () => {
    for (const [country, state] of [
      ['US', 'CA'],
      ['DE', 'BY'],
      ['CH', 'ZH'],
      ['AU', 'NSW'],
      ['CA', 'QC'],
      ['GB', 'SCT'],
      ['ES', 'CT'],
      ['BR', 'SP'],
    ] as const) {
      expect(iso(country, state, 2026), `${country}-${state}`).toEqual(
        reference(country, state, 2026),
      );
    }
  });

  it('converts a solstice in the zone its rule names (Chile, 20 June 2025 in Santiago)', () => {
    // The June solstice of 2025 is 21 June 02:42 UTC: still 20 June in Santiago.
    expect(iso('CL', null, 2025)).toContain('2025-06-20');
    expect(iso('CL', null, 2025)).not.toContain('2025-06-21');
  });
});
