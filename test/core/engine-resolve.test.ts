import { describe, expect, it } from 'vitest';
import { instantToLocal, localToInstant } from '../../src/core/time/resolve.js';
import { local } from './engine-builders.js';

const cases: [zone: string, wall: string, instant: string, why: string][] = [
  ['UTC', '2026-06-01T12:00', '2026-06-01T12:00:00Z', 'UTC is UTC'],
  ['America/New_York', '2026-03-08T01:59', '2026-03-08T06:59:00Z', 'last EST minute'],
  ['America/New_York', '2026-03-08T02:00', '2026-03-08T07:00:00Z', 'gap start, pre-gap offset'],
  ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00Z', 'spec: 02:30 is 07:30Z'],
  ['America/New_York', '2026-03-08T03:00', '2026-03-08T07:00:00Z', 'first EDT minute'],
  ['America/New_York', '2026-11-01T00:59', '2026-11-01T04:59:00Z', 'before fall-back'],
  ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00Z', 'spec: first 01:30 (EDT)'],
  ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00Z', 'after the repeat (EST)'],
  ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30:00Z', 'gap, +01:00'],
  ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00Z', 'repeat, first is +02:00'],
  ['Europe/Berlin', '2026-10-25T03:00', '2026-10-25T02:00:00Z', 'after the repeat'],
  ['Australia/Sydney', '2026-04-05T02:30', '2026-04-04T15:30:00Z', 'repeat, first is +11:00'],
  ['Australia/Sydney', '2026-10-04T02:30', '2026-10-03T16:30:00Z', 'gap, pre-gap +10:00'],
  ['Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45:00Z', '30-min repeat, +11:00'],
  ['Australia/Lord_Howe', '2026-04-05T02:00', '2026-04-04T15:30:00Z', 'after the repeat, +10:30'],
  ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:45:00Z', '30-min gap, +10:30'],
  ['Australia/Lord_Howe', '2026-10-04T02:30', '2026-10-03T15:30:00Z', 'first +11:00 minute'],
  ['Asia/Kolkata', '2026-01-01T00:00', '2025-12-31T18:30:00Z', 'half-hour zone'],
];

describe('localToInstant (RFC 5545 3.3.5)', () => {
  for (const [zone, wall, instant, why] of cases) {
    it(`${wall} in ${zone} is ${instant} (${why})`, () => {
      expect(new Date(localToInstant(local(wall), zone)).toISOString()).toBe(
        new Date(instant).toISOString(),
      );
    });
  }

  it('reads a repeated time the same way whatever the current date (no "now" offset)', () => {
    // Luxon's fromObject would pick by today's offset; ours must be stable.
    const first = localToInstant(local('2026-11-01T01:30'), 'America/New_York');
    const again = localToInstant(local('2026-11-01T01:30'), 'America/New_York');
    expect(first).toBe(again);
  });
});

describe('instantToLocal', () => {
  it('gives the wall clock of both passes through a repeated hour', () => {
    expect(instantToLocal(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York')).toMatchObject({
      hour: 1,
      minute: 30,
    });
    expect(instantToLocal(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York')).toMatchObject({
      hour: 1,
      minute: 30,
    });
  });

  it('gives the local date across the date line', () => {
    expect(instantToLocal(Date.parse('2026-12-24T13:00:00Z'), 'Australia/Sydney')).toMatchObject({
      year: 2026,
      month: 12,
      day: 25,
      hour: 0,
      minute: 0,
    });
  });
});
