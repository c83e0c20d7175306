// Offsets are memoized as spans found by probing: two changes between two probes would be
// missed. Some zones change offset twice within a week: Gaza and Hebron in 2040, 2054 and 2072
// (6 days 23 hours of summer time), Brazil's Boa Vista, Recife and Noronha in 2000 (and, in the
// full tz database, Freetown in 1939: 4 days). Whatever instant a zone is first read at, every
// offset must be Intl's.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { offsetAt, useZoneReader } from '../../src/core/time/zones.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formats = new Map<string, Intl.DateTimeFormat>();

function intlOffset(zone: string, at: number): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formats.set(zone, format);
  }
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name ?? '');
  if (!match) throw new Error(`no offset in ${name}`);
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

afterEach(() => useZoneReader(null));

describe('offsets of zones that change twice within a week', () => {
  const SHORT_PERIODS: [string, string][] = [
    ['Asia/Gaza', '2040-10-20T00:00Z'],
    ['Asia/Hebron', '2054-03-28T00:00Z'],
    ['America/Recife', '2000-10-08T03:00Z'],
  ];
  for (const [zone, begins] of SHORT_PERIODS) {
    it(`${zone} around ${begins.slice(0, 10)}, whatever instant is read first`, () => {
      const start = Date.parse(begins);
      // The short period is in Intl's data as this test knows it.
      expect(intlOffset(zone, start + HOUR_MS)).not.toBe(intlOffset(zone, start - HOUR_MS));
      const checks: [number, number][] = [];
      for (let at = start - DAY_MS; at < start + 9 * DAY_MS; at += 6 * HOUR_MS) {
        checks.push([at, intlOffset(zone, at)]);
      }
      const wrong: string[] = [];
      // A first look-up at every hour (and a half) of the week before: each probes at its
      // own phase, and a week's step missed the change from the hour before it.
      for (let first = start - 7 * DAY_MS + HOUR_MS / 2; first < start; first += HOUR_MS) {
        useZoneReader(null);
        offsetAt(zone, first);
        const miss = checks.find(([at, offset]) => offsetAt(zone, at) !== offset);
        if (miss)
          wrong.push(`first ${new Date(first).toISOString()}: ${new Date(miss[0]).toISOString()}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('deny wins in Gaza in October 2040, whatever other windows the file has', () => {
    // The once window's local 23:30 made the first look-up land where the week was missed.
    useZoneReader(null);
    const loaded = loadConfig(
      [
        'version: 1',
        'timezone: Asia/Gaza',
        'windows:',
        '  - name: old-freeze',
        '    kind: deny',
        '    start: 2040-10-13T23:30',
        '    end: 2040-10-14T01:00',
        '  - name: office-hours-freeze',
        '    kind: deny',
        '    time: "09:00-17:00"',
        '',
      ].join('\n'),
      { file: 'deploy-windows.yml' },
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // 06:30 UTC is 09:30 in Gaza (+03:00 that week).
    const decision = decide(loaded.config, {
      environment: 'production',
      at: Date.parse('2040-10-23T06:30:00Z'),
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('inside-deny-window');
    expect(decision.nextOpen).toBe(Date.parse('2040-10-23T14:00:00Z'));
  });
});
