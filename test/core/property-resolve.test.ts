import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOnDay } from '../../src/core/schedules/occurrences.js';
import { localToInstant } from '../../src/core/time/resolve.js';
import { intlOffset, scanResolve } from '../support/reference.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Zones with unusual transitions: 30-minute DST, midnight changes, negative DST, Ramadan. */
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'America/St_Johns',
  'Pacific/Chatham',
  'Europe/Dublin',
  'Africa/Casablanca',
  'Asia/Kolkata',
  'UTC',
];

/**
 * Offset changes in 2026-2027, found with Intl (the reference's clock), per zone: day by day,
 * then slot by slot within a day whose offset changed (no zone here changes twice a day).
 */
function transitions(zone: string): number[] {
  const found: number[] = [];
  for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += DAY) {
    if (intlOffset(zone, day) === intlOffset(zone, day + DAY)) continue;
    let previous = intlOffset(zone, day);
    for (let t = day + 15 * MINUTE; t <= day + DAY; t += 15 * MINUTE) {
      const offset = intlOffset(zone, t);
      if (offset !== previous) found.push(t);
      previous = offset;
    }
  }
  return found;
}

const cases = ZONES.map((zone) => ({ zone, changes: transitions(zone) }));

/** A wall time (floating ms) near one of a zone's changes, on a whole minute. */
const nearChange = fc
  .record({
    index: fc.nat(),
    zoneIndex: fc.nat({ max: ZONES.length - 1 }),
    shift: fc.integer({ min: -36 * 60, max: 36 * 60 }),
  })
  .map(({ index, zoneIndex, shift }) => {
    const { zone, changes } = cases[zoneIndex] as (typeof cases)[number];
    const change = changes.length
      ? (changes[index % changes.length] as number)
      : Date.UTC(2026, 5, 1);
    const wall = change + intlOffset(zone, change) * MINUTE + shift * MINUTE;
    return { zone, wall: Math.floor(wall / MINUTE) * MINUTE };
  });

describe('local time to instant agrees with a minute-by-minute scan', () => {
  it('finds transitions to test near', () => {
    expect(cases.find((c) => c.zone === 'Australia/Lord_Howe')?.changes.length).toBe(4);
  });

  it('localToInstant, near every kind of transition', () => {
    fc.assert(
      fc.property(nearChange, ({ zone, wall }) => {
        const d = new Date(wall);
        const local = {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
        };
        expect(localToInstant(local, zone)).toBe(scanResolve(zone, wall));
      }),
      { numRuns: 400 },
    );
  });

  it('the per-day fast path (including 24:00 as the next day 00:00)', () => {
    fc.assert(
      fc.property(nearChange, fc.boolean(), ({ zone, wall }, endOfDay) => {
        const day = Math.floor(wall / DAY);
        const minuteOfDay = endOfDay ? 24 * 60 : Math.round((wall - day * DAY) / MINUTE);
        const expected = scanResolve(zone, day * DAY + minuteOfDay * MINUTE);
        expect(instantOnDay(day, zone, Math.floor(minuteOfDay / 60), minuteOfDay % 60)).toBe(
          expected,
        );
      }),
      { numRuns: 400 },
    );
  });
});
