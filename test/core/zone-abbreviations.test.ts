// The zone abbreviation table (src/core/render/zone-abbreviations.ts) against this runtime's
// ICU: text names zones without an Intl formatter, and must name them as ICU does.
// test/zone-abbreviations-fresh.test.ts checks the whole table against the ICU it was made from.
import { describe, expect, it } from 'vitest';
import { ZONE_ABBREVIATIONS } from '../../src/core/render/zone-abbreviations.js';
import { icuAbbreviation, zoneAbbreviation } from '../../src/core/render/zone-time.js';
import { offsetAt } from '../../src/core/time/zones.js';

describe('zone abbreviations', () => {
  // On any runtime (ICU's names move little between versions): the zones most configs name.
  const everyday: [zone: string, instant: string, name: string][] = [
    ['America/New_York', '2026-01-15T12:00:00Z', 'EST'],
    ['America/New_York', '2026-07-15T12:00:00Z', 'EDT'],
    ['America/Los_Angeles', '2026-07-15T12:00:00Z', 'PDT'],
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 'CET'],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 'CEST'],
    ['Europe/London', '2026-01-15T12:00:00Z', 'GMT'],
    ['Europe/London', '2026-07-15T12:00:00Z', 'BST'],
    ['Asia/Tokyo', '2026-07-15T12:00:00Z', 'GMT+9'],
    ['Asia/Calcutta', '2026-07-15T12:00:00Z', 'GMT+5:30'],
    ['Australia/Sydney', '2026-01-15T12:00:00Z', 'GMT+11'],
    ['UTC', '2026-01-15T12:00:00Z', 'UTC'],
  ];
  for (const [zone, instant, name] of everyday) {
    it(`${zone} at ${instant} is ${name}, as this runtime's ICU says`, () => {
      const ms = Date.parse(instant);
      expect(icuAbbreviation(ms, zone, offsetAt(zone, ms))).toBe(name);
      expect(zoneAbbreviation(ms, zone)).toBe(name);
    });
  }

  // An offset with other names by period is named as ICU names that very instant (an audit
  // found Cancun's 2014 CDT printed as EST, the name of the last span with -05:00).
  const byPeriod: [zone: string, instant: string][] = [
    ['America/Cancun', '2014-07-01T16:00:00Z'],
    ['America/Cancun', '2020-07-01T16:00:00Z'],
    ['America/Indiana/Tell_City', '2005-07-01T16:00:00Z'],
    ['America/Metlakatla', '2016-07-01T16:00:00Z'],
    ['Africa/Casablanca', '2026-12-01T12:00:00Z'],
    ['America/New_York', '1990-07-01T16:00:00Z'],
  ];
  for (const [zone, instant] of byPeriod) {
    it(`${zone} at ${instant} is named as ICU names that instant`, () => {
      const ms = Date.parse(instant);
      expect(zoneAbbreviation(ms, zone)).toBe(icuAbbreviation(ms, zone, offsetAt(zone, ms)));
    });
  }
  it('Cancun is CDT in the summer of 2014 and EST in that of 2020, in one process', () => {
    expect(zoneAbbreviation(Date.parse('2020-07-01T16:00:00Z'), 'America/Cancun')).toBe('EST');
    expect(zoneAbbreviation(Date.parse('2014-07-01T16:00:00Z'), 'America/Cancun')).toBe('CDT');
  });

  it("names an offset the table lacks as ICU does (Monrovia's -00:44:30 of 1970)", () => {
    const ms = Date.parse('1970-06-01T12:00:00Z');
    const offset = offsetAt('Africa/Monrovia', ms);
    expect(offset).toBe(-44.5);
    expect(ZONE_ABBREVIATIONS).not.toMatch(/(^|\|)Africa\/Monrovia [^|]*-44\.5 /);
    const name = zoneAbbreviation(ms, 'Africa/Monrovia');
    expect(name).toBe(icuAbbreviation(ms, 'Africa/Monrovia', offset));
    expect(name).toBe('GMT-0:44:30');
  });
});
