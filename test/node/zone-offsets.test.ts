// Zone offsets read through TZ (src/node/zone-offsets.ts), as the CLI and the action read them,
// against Intl's: to the second, for every zone the runtime lists, from 2000 BC to AD 3000.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import {
  intlZoneReader,
  listedZones,
  offsetAt,
  useZoneReader,
  type ZoneReader,
} from '../../src/core/time/zones.js';
import { readZonesThroughTz, tzZoneReader } from '../../src/node/zone-offsets.js';

const tzBefore = process.env.TZ;
afterEach(() => {
  useZoneReader(null);
  if (tzBefore === undefined) delete process.env.TZ;
  else process.env.TZ = tzBefore;
});

/** Instants from 2000 BC to AD 3000 at odd hours, seconds and milliseconds, and Date's ends. */
function instants(): number[] {
  const out: number[] = [];
  for (let year = -2000; year <= 3000; year += year < 1850 || year > 2100 ? 97 : 5) {
    for (const month of [0, 3, 6, 9]) {
      const at = new Date(0);
      at.setUTCFullYear(year, month, 9 + (year & 7));
      at.setUTCHours(year & 15, 17, 43, 271);
      out.push(at.getTime());
    }
  }
  return [...out, -8.64e15, 8.64e15, Number.NaN];
}

const offsetsBy = (reader: ZoneReader, zone: string, at: number[]) =>
  reader(zone, (offsets) => at.map((ms) => offsets.offset(ms)));

describe('zone offsets read through TZ', () => {
  it('agree with Intl for every zone the runtime lists, LMT seconds included', () => {
    const at = instants();
    const tz = tzZoneReader();
    const differences: string[] = [];
    for (const zone of listedZones()) {
      const intl = offsetsBy(intlZoneReader, zone, at);
      const viaTz = offsetsBy(tz, zone, at);
      intl.forEach((offset, i) => {
        if (!Object.is(offset, viaTz[i])) {
          differences.push(`${zone} at ${at[i]}: Intl ${offset}, TZ ${viaTz[i]}`);
        }
      });
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Monrovia kept -00:44:30 until 1972: whole minutes would have lost the seconds.
    expect(offsetsBy(tz, 'Africa/Monrovia', [Date.UTC(1970, 5, 1)])).toEqual([-44.5]);
  });

  it('agree with Intl day by day where offsets change twice within 19 days (spans memoized)', () => {
    // V8's local-time cache assumes no two changes within 19 days; Node 24's misread Gaza's
    // short breaks of 2040 and Brazil's of 2000 from a look-up days before, and the spans kept
    // the wrong offset (an audit's finding: an allow window open an hour late).
    const stretches: [zone: string, from: string, days: number][] = [
      ['Asia/Gaza', '2040-09-01', 90],
      ['Asia/Hebron', '2040-09-01', 90],
      ['Asia/Gaza', '2053-09-01', 400],
      ['America/Recife', '2000-09-01', 90],
      ['America/Noronha', '2000-09-01', 90],
      ['America/Fortaleza', '2000-09-01', 90],
      ['America/Maceio', '2000-09-01', 90],
      ['America/Boa_Vista', '2000-09-01', 90],
      ['America/Argentina/Tucuman', '2004-05-01', 60],
    ];
    readZonesThroughTz();
    const differences: string[] = [];
    for (const [zone, from, days] of stretches) {
      for (let day = 0; day < days; day++) {
        const at = Date.parse(`${from}T12:00:00Z`) + day * 86_400_000;
        const [intl] = offsetsBy(intlZoneReader, zone, [at]);
        if (offsetAt(zone, at) !== intl) differences.push(`${zone} ${new Date(at).toISOString()}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('block where Intl blocks: Gaza, 24 October 2040, 16:00 EEST is after a 10:00-16:00 window', () => {
    const text = `version: 1
timezone: Asia/Gaza
windows:
  - name: business-hours
    time: "10:00-16:00"
  - name: october-freeze
    kind: deny
    rrule: "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=5"
    duration: 10d
`;
    const loaded = loadConfig(text, { file: 'gaza.yml', readFile: () => null });
    if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
    readZonesThroughTz();
    // The freeze makes the engine read an October 5 offset first, days before the break.
    const at = Date.parse('2040-10-24T13:00:00Z');
    const decision = decide(loaded.config, { at, environment: 'production' });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('outside-allow-window');
  });

  it('never set TZ to a zone name a config wrote, only to names the runtime lists', () => {
    // The config is the gated change's on some paths: a path, a POSIX rule or an alias must not
    // become TZ (which the C library and ICU would read as a file or a rule).
    const assigned: string[] = [];
    const env = new Proxy(process.env, {
      set(target, key, value) {
        if (key === 'TZ') assigned.push(String(value));
        return Reflect.set(target, key, value);
      },
    });
    readZonesThroughTz(env);
    const hostile = [
      ':/etc/localtime',
      '/etc/passwd',
      '../../../usr/share/zoneinfo/Asia/Tokyo',
      'posix/Asia/Tokyo',
      'JST-9',
      'EST5EDT',
      'US/Eastern',
      'europe/berlin',
    ];
    const at = Date.parse('2026-07-01T12:00:00Z');
    for (const zone of hostile) {
      const text = `version: 1\ntimezone: "${zone}"\nwindows:\n  - name: day\n    time: "09:00-17:00"\n`;
      const loaded = loadConfig(text, { file: 'hostile.yml', readFile: () => null });
      if (loaded.ok) decide(loaded.config, { at, environment: 'production' });
    }
    const listed = listedZones();
    expect(assigned.filter((zone) => !listed.has(zone))).toEqual([]);
    // An alias in another letter case is read under the runtime's own name.
    expect(assigned).toContain('Europe/Berlin');
  });

  it('read only zones the runtime lists, each of which Intl resolves to itself', () => {
    // So a listed name needs no Intl formatter to be checked (src/core/time/zones.ts).
    const renamed = [...listedZones()].filter(
      (zone) =>
        new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone !== zone,
    );
    expect(renamed).toEqual([]);
    expect(listedZones().size).toBeGreaterThan(400);
  });

  it('put TZ back after each read: set, or unset', () => {
    process.env.TZ = 'Pacific/Auckland';
    readZonesThroughTz();
    expect(offsetAt('Europe/Berlin', Date.UTC(2026, 0, 15))).toBe(60);
    expect(process.env.TZ).toBe('Pacific/Auckland');
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(-780);

    delete process.env.TZ;
    useZoneReader(null);
    readZonesThroughTz();
    expect(offsetAt('America/New_York', Date.UTC(2026, 6, 15))).toBe(-240);
    expect('TZ' in process.env).toBe(false);
  });

  it('fall back to Intl where setting TZ does not move Date (as on Windows)', () => {
    // A copy of the environment: TZ set there reaches no C library and no V8.
    const detached = { ...process.env };
    const read = tzZoneReader(detached);
    const machine = read('Asia/Tokyo', (zone) => zone.offset(Date.UTC(2021, 0, 15)));
    expect(machine).not.toBe(540);

    readZonesThroughTz(detached);
    expect(offsetAt('Asia/Tokyo', Date.UTC(2021, 0, 15))).toBe(540);
    expect(offsetAt('America/New_York', Date.UTC(2021, 0, 15))).toBe(-300);
    expect(detached.TZ).toBe(process.env.TZ);
  });
});
