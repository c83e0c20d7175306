// The policy diff: open time gained and lost, exact to the minute across a DST change, and
// the findings a reviewer needs before a confusing window bites.
import { describe, expect, it } from 'vitest';
import { diffPolicies, findings, namedEnvironments } from '../../src/core/diff.js';
import { diffJson, diffText } from '../../src/core/render/diff.js';
import type { Config, Interval } from '../../src/core/types.js';
import { parsedConfig as config, berlinWeekdayHours as hours } from '../support/configs.js';

const utc = (list: readonly Interval[]) =>
  list.map((i) => `${new Date(i.start).toISOString()} ${new Date(i.end).toISOString()}`);

describe('diffPolicies', () => {
  // Berlin springs forward on Sunday 2026-03-29: CET (+1) before, CEST (+2) after.
  const from = Date.parse('2026-03-26T00:00:00Z');

  it('moving weekday hours an hour earlier gains 09:00-10:00 and loses 15:00-16:00 local, across the DST change', () => {
    const diff = diffPolicies(config(hours('10:00', '16:00')), config(hours('09:00', '15:00')), {
      environments: [],
      from,
      days: 7,
    });
    expect(diff.changed).toBe(true);
    const [production] = diff.environments;
    expect(production?.environment).toBe('production');
    expect(utc(production?.gained ?? [])).toEqual([
      '2026-03-26T08:00:00.000Z 2026-03-26T09:00:00.000Z',
      '2026-03-27T08:00:00.000Z 2026-03-27T09:00:00.000Z',
      '2026-03-30T07:00:00.000Z 2026-03-30T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z 2026-03-31T08:00:00.000Z',
      '2026-04-01T07:00:00.000Z 2026-04-01T08:00:00.000Z',
    ]);
    expect(utc(production?.lost ?? [])).toEqual([
      '2026-03-26T14:00:00.000Z 2026-03-26T15:00:00.000Z',
      '2026-03-27T14:00:00.000Z 2026-03-27T15:00:00.000Z',
      '2026-03-30T13:00:00.000Z 2026-03-30T14:00:00.000Z',
      '2026-03-31T13:00:00.000Z 2026-03-31T14:00:00.000Z',
      '2026-04-01T13:00:00.000Z 2026-04-01T14:00:00.000Z',
    ]);
    expect(diffText(diff)).toContain('+ opens  Thu 26 Mar 2026 09:00 CET -> 10:00 CET');
    expect(diffText(diff)).toContain('- closes Mon 30 Mar 2026 15:00 CEST -> 16:00 CEST');
  });

  it('an unchanged policy reports no change', () => {
    const same = config(hours('10:00', '16:00'));
    const diff = diffPolicies(same, config(hours('10:00', '16:00')), {
      environments: [],
      from,
      days: 14,
    });
    expect(diff.changed).toBe(false);
    expect(diff.environments[0]?.gained).toEqual([]);
    expect(diffText(diff)).toMatch(/^No change in open time/);
  });

  it('compares the environments asked for, else the literal names the globs mention', () => {
    const before = config(`version: 1
windows:
  - name: a
    environments: [production, "prod-*", Staging]
    time: "09:00-17:00"
`);
    expect(namedEnvironments(before, before)).toEqual(['production', 'Staging']);
    const diff = diffPolicies(before, before, { environments: ['prod-eu'], from, days: 1 });
    expect(diff.environments.map((env) => env.environment)).toEqual(['prod-eu']);
  });

  it('JSON is stable: fixed keys, UTC instants', () => {
    const diff = diffPolicies(config(hours('10:00', '16:00')), config(hours('10:00', '17:00')), {
      environments: [],
      from,
      days: 1,
    });
    const json = JSON.parse(diffJson(diff));
    expect(Object.keys(json)).toEqual(['changed', 'from', 'to', 'environments', 'findings']);
    expect(json.environments[0].gained).toEqual([
      { start: '2026-03-26T15:00:00.000Z', end: '2026-03-26T16:00:00.000Z' },
    ]);
  });
});

describe('findings', () => {
  const from = Date.parse('2026-03-01T00:00:00Z');
  const yearOn = from + 366 * 86_400_000;
  const kinds = (text: string) =>
    findings(config(text), null, from, yearOn).map((f) => `${f.kind}:${f.window ?? '-'}`);

  // Findings are gathered 16 days at a time: 2026-09-09T00:00Z is where the 12th stretch ends.
  const twoFreezes = (secondStarts: string) => `version: 1
timezone: UTC
windows:
  - name: daily-deploys
    time: "09:00-17:00"
  - name: first-freeze
    kind: deny
    start: 2026-02-20T00:00
    end: 2026-09-09T00:00
  - name: second-freeze
    kind: deny
    start: ${secondStarts}
    end: 2027-03-10T00:00
`;

  it('an allow window hidden by freezes that meet where one stretch of the search ends is found', () => {
    expect(kinds(twoFreezes('2026-09-09T00:00'))).toEqual([
      'allow-hidden:daily-deploys',
      'no-open-time:-',
    ]);
  });

  it('an hour open just after such a boundary is found too: nothing is hidden', () => {
    expect(kinds(twoFreezes('2026-09-09T10:00'))).toEqual([]);
  });

  it('an allow window entirely covered by deny windows never opens', () => {
    expect(
      kinds(`version: 1
windows:
  - name: lunch-deploys
    time: "12:00-13:00"
  - name: midday-freeze
    kind: deny
    time: "11:00-14:00"
  - name: mornings
    time: "08:00-09:00"
`),
    ).toEqual(['allow-hidden:lunch-deploys']);
  });

  it('a window with no occurrence within a year, and an environment with no open time', () => {
    expect(
      kinds(`version: 1
windows:
  - name: old-freeze
    kind: deny
    dates: [2020-01-01]
  - name: always
    kind: deny
    time: "00:00-24:00"
`),
    ).toEqual(['never-opens:old-freeze', 'no-open-time:-']);
  });

  /** The straddles-dst findings of Berlin windows: each window and its occurrence, in UTC. */
  const crossings = (windows: string) =>
    findings(
      config(`version: 1\ntimezone: Europe/Berlin\nwindows:\n${windows}`),
      null,
      from,
      yearOn,
    )
      .filter((f) => f.kind === 'straddles-dst')
      .map((f) => [f.window, ...utc(f.occurrence ? [f.occurrence] : [])]);

  it('a window that spans a DST change, with the first such occurrence', () => {
    // 01:00 CET = 00:00Z to 04:00 CEST = 02:00Z: two hours of real time on 2026-03-29.
    expect(
      crossings(`  - name: night-maintenance
    time: "01:00-04:00"
    days: [SU]
`),
    ).toEqual([['night-maintenance', '2026-03-29T00:00:00.000Z 2026-03-29T02:00:00.000Z']]);
  });

  it('a whole-day window: the day of the change, not the run of touching days around it', () => {
    // Sunday 29 March 2026, 00:00 CET to Monday 00:00 CEST: 23 hours.
    expect(
      crossings(`  - name: every-day
    kind: deny
    time: "00:00-24:00"
`),
    ).toEqual([['every-day', '2026-03-28T23:00:00.000Z 2026-03-29T22:00:00.000Z']]);
  });
});

describe('diffPolicies with layers', () => {
  it("time the org's freeze closes is neither gained nor lost by a repository's change", () => {
    const org = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: freeze
    kind: deny
    start: 2026-03-30T00:00
    end: 2026-04-01T00:00
`);
    const layers = (own: Config) => [
      { source: 'github>acme/policy:org.yml', config: org },
      { source: own.file, config: own },
    ];
    const from = Date.parse('2026-03-26T00:00:00Z');
    const diff = diffPolicies(
      layers(config(hours('10:00', '16:00'))),
      layers(config(hours('09:00', '16:00'))),
      { environments: [], from, days: 7 },
    );
    // Thu 26, Fri 27 and Wed 1 Apr gain 09:00-10:00; Mon 30 and Tue 31 are frozen by the org.
    expect(utc(diff.environments[0]?.gained ?? [])).toEqual([
      '2026-03-26T08:00:00.000Z 2026-03-26T09:00:00.000Z',
      '2026-03-27T08:00:00.000Z 2026-03-27T09:00:00.000Z',
      '2026-04-01T07:00:00.000Z 2026-04-01T08:00:00.000Z',
    ]);
    expect(diff.environments[0]?.lost).toEqual([]);
  });
});
