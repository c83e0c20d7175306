// The engine against a minute-by-minute reference (test/support/reference.ts; docs/engine.md,
// "How a decision is made"): random windows, zones and instants near DST changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { useZoneReader } from '../../src/core/time/zones.js';
import { timeline } from '../../src/core/timeline.js';
import type { Config, Schedule } from '../../src/core/types.js';
import { readZonesThroughTz } from '../../src/node/zone-offsets.js';
import {
  cronSchedule,
  datesSchedule,
  decisionQuery,
  hour,
  minute,
  nextMinutes,
  onceSchedule,
  queryInstant,
  someDays,
  timeSchedule,
  weeklySchedule,
  windowNear,
} from '../support/arbitraries.js';
import { referenceDecide, referenceOpenPeriods, referenceTable } from '../support/reference.js';
import { config, cronFields, window } from './engine-builders.js';

const MINUTE = 60_000;
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Santiago',
  'Asia/Tehran',
];

interface ClockChange {
  zone: string;
  /** The instant the clocks change. */
  at: number;
  /** The local wall times that are skipped (gap) or repeated (fold): from `wall`, `minutes` long. */
  wall: number;
  minutes: number;
}

/** DST changes, each with the wall times it skips or repeats (checked against Intl). */
const CLOCK_CHANGES: ClockChange[] = (
  [
    ['America/New_York', '2026-03-08T07:00:00Z', '02:00', 60],
    ['America/New_York', '2026-11-01T06:00:00Z', '01:00', 60],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', '02:00', 60],
    ['Europe/Berlin', '2026-10-25T01:00:00Z', '02:00', 60],
    ['Australia/Sydney', '2026-04-04T16:00:00Z', '02:00', 60],
    ['Australia/Sydney', '2026-10-03T16:00:00Z', '02:00', 60],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', '01:30', 30],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', '02:00', 30],
    // Santiago and Tehran change at midnight: the skipped or repeated hour crosses a date.
    ['America/Santiago', '2024-09-08T04:00:00Z', '00:00', 60],
    ['America/Santiago', '2024-04-07T03:00:00Z', '23:00', 60],
    ['Asia/Tehran', '2022-03-21T20:30:00Z', '00:00', 60],
    ['Asia/Tehran', '2022-09-21T19:30:00Z', '23:00', 60],
    // Troll skips and repeats two hours.
    ['Antarctica/Troll', '2026-03-29T01:00:00Z', '01:00', 120],
    ['Antarctica/Troll', '2026-10-25T01:00:00Z', '01:00', 120],
  ] as const
).map(([zone, text, wall, minutes]) => {
  const [h, m] = wall.split(':').map(Number) as [number, number];
  return { zone, at: Date.parse(text), wall: h * 60 + m, minutes };
});

/** DST changes (and a few ordinary instants) to search near, with the zone that changes. */
const ANCHORS: [zone: string, instant: number][] = [
  ...CLOCK_CHANGES.map((change): [string, number] => [change.zone, change.at]),
  ['UTC', Date.parse('2028-02-28T12:00:00Z')],
  ['Asia/Kolkata', Date.parse('2026-12-31T12:00:00Z')],
];

const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  timeSchedule,
  weeklySchedule,
  fc
    .record({
      from: fc.record({
        day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('L' as const)),
        hour,
        minute,
      }),
      to: fc.record({
        day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('L' as const)),
        hour,
        minute,
      }),
    })
    .map(({ from, to }): Schedule => ({ form: 'monthly', from, to })),
  datesSchedule(-3, 8, 3),
  onceSchedule(-3, 8),
  cronSchedule(
    fc
      .record({
        dom: fc.oneof(
          fc.constant('*'),
          fc.integer({ min: 1, max: 31 }).map(String),
          fc.constantFrom('L', '1,L', '28,L'),
          // GitLab freeze periods (fugit): days from the month's end, and `&` (both day fields).
          fc.constantFrom('-2', '-7,L', '13&', '1-7&'),
        ),
        dow: fc.oneof(
          fc.constant('*'),
          fc
            .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 })
            .map((d) => d.join(',')),
          // GitLab freeze periods' weekday#n: the nth (from the end when negative) of the month.
          fc
            .uniqueArray(
              fc
                .tuple(
                  fc.integer({ min: 0, max: 6 }),
                  fc.constantFrom(1, 2, 3, 4, 5, -1, -2, -3, -4, -5),
                )
                .map(([day, nth]) => `${day}#${nth}`),
              { minLength: 1, maxLength: 2 },
            )
            .map((d) => d.join(',')),
        ),
      })
      .map(({ dom, dow }) => `${dom} * ${dow}`),
  ),
  fc
    .record({
      start: fc.record({
        minute,
        hour,
        dow: fc.option(
          fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
          { nil: null },
        ),
      }),
      end: fc.record({
        minute,
        hour,
        dow: fc.option(
          fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
          { nil: null },
        ),
      }),
    })
    .map(
      ({ start, end }): Schedule => ({
        form: 'cron-range',
        start: cronFields(
          `${start.minute} ${start.hour} * * ${start.dow === null ? '*' : start.dow.join(',')}`,
        ),
        end: cronFields(
          `${end.minute} ${end.hour} * * ${end.dow === null ? '*' : end.dow.join(',')}`,
        ),
      }),
    ),
  fc
    .record({
      freq: fc.constantFrom('DAILY', 'WEEKLY'),
      interval: fc.integer({ min: 1, max: 3 }),
      days: someDays,
      hours: fc.uniqueArray(hour, { minLength: 1, maxLength: 2 }),
      minutes: fc.uniqueArray(minute, { minLength: 1, maxLength: 2 }),
      duration: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 1440 }), weight: 4 },
        { arbitrary: fc.integer({ min: 1441, max: 20 * 1440 }), weight: 1 },
      ),
      anchorDaysBack: fc.integer({ min: 0, max: 4000 }),
    })
    .map(
      ({ freq, interval, days, hours, minutes, duration, anchorDaysBack }): Schedule => ({
        form: 'rrule',
        rule: `FREQ=${freq};INTERVAL=${interval};BYDAY=${days.join(',')};BYHOUR=${hours.join(',')};BYMINUTE=${minutes.join(',')}`,
        // Filled in relative to the query below.
        dtstart: { year: 0, month: 0, day: -anchorDaysBack, hour: 0, minute: 0 },
        duration,
      }),
    ),
);

const windowSpec = fc.record({
  schedule,
  deny: fc.boolean(),
  /** null: the zone whose clocks change near the query. */
  zone: fc.option(fc.constantFrom(...ZONES), { nil: null, freq: 2 }),
  from: fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
  until: fc.option(fc.integer({ min: -2, max: 6 }), { nil: null }),
});

const query = fc.record({
  anchor: fc.constantFrom(...ANCHORS),
  shift: fc.oneof(fc.integer({ min: -4 * 1440, max: 1440 }), fc.integer({ min: -180, max: 180 })),
  minDuration: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
  horizonDays: fc.integer({ min: 3, max: 7 }),
  windows: fc.array(windowSpec, { minLength: 1, maxLength: 4 }),
});

/** The query's instant and config, from the generated description. */
function build(q: typeof query extends fc.Arbitrary<infer T> ? T : never) {
  const [anchorZone, anchorInstant] = q.anchor;
  const { at, base } = queryInstant(anchorInstant, q.shift);
  const windows = q.windows.map((spec, index) => windowNear(`w${index}`, spec, base, anchorZone));
  return { at, cfg: config(windows) };
}

/** The open periods of the next `minutes` from `at`: the engine's, and the reference's. */
function expectOpenPeriodsAgree(cfg: Config, at: number, minutes: number) {
  const open = timeline(cfg, nextMinutes(at, minutes)).open;
  expect(open).toEqual(referenceOpenPeriods(referenceTable(cfg, 'production', at, minutes), at));
}

/** The engine's decision and the reference's, for random windows, zones and instants. */
function expectDecisionsAgree(numRuns: number) {
  fc.assert(
    fc.property(query, (q) => {
      const { at, cfg } = build(q);
      const horizon = q.horizonDays * 1440;
      const decision = decide(cfg, decisionQuery(at, q));
      const expected = referenceDecide(cfg, 'production', at, q.minDuration, horizon);
      expect({
        allowed: decision.allowed,
        closesAt: decision.closesAt,
        nextOpen: decision.nextOpen,
      }).toEqual(expected);
    }),
    { numRuns },
  );
}

describe('the engine agrees with a minute-by-minute reference', () => {
  it('on decisions: random windows, zones and instants near DST changes', () => {
    expectDecisionsAgree(300);
  });

  it('on every open period of the next days (the windows listing)', () => {
    fc.assert(
      fc.property(query, (q) => {
        const { at, cfg } = build(q);
        expectOpenPeriodsAgree(cfg, at, q.horizonDays * 1440);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the engine, reading offsets through TZ as the CLI and the action do', () => {
  beforeAll(() => readZonesThroughTz());
  afterAll(() => useZoneReader(null));

  it('agrees with the reference (which reads Intl) on decisions', () => {
    expectDecisionsAgree(150);
  });
});

/** A cron day-of-week field: every day, or a few days that include the local day of the change. */
const cronDays = (changeDay: number) =>
  fc.oneof(
    fc.constant('*'),
    fc
      .uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 2 })
      .map((days) => [...new Set([changeDay, ...days])].sort().join(',')),
  );

/** `cron: {start, end}` pairs with the start, the end or both in a DST gap or fold. */
const cronPairNearChange = fc
  .record({
    change: fc.constantFrom(...CLOCK_CHANGES),
    /** Quarter-hours into the skipped or repeated span. */
    inside: fc.integer({ min: 0, max: 3 }),
    /** Quarter-hours from that wall time to the other end of the pair (0: both inside). */
    apart: fc.oneof(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -3, max: 3 })),
    insideIsStart: fc.boolean(),
    deny: fc.boolean(),
    shift: fc.integer({ min: -36 * 60, max: 12 * 60 }),
    horizonDays: fc.integer({ min: 2, max: 3 }),
    /**
     * A second start minute and hour (cron's fields then start at every pair of them): two
     * starts around a gap before one end, where a later wall time is an earlier instant.
     */
    extraMinute: fc.option(fc.integer({ min: 0, max: 59 }), { nil: null }),
    extraHour: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  })
  .chain((pair) => {
    const weekday = new Intl.DateTimeFormat('en-US', {
      timeZone: pair.change.zone,
      weekday: 'short',
    }).format(pair.change.at);
    const changeDay = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday);
    return fc.record({
      pair: fc.constant(pair),
      startDays: cronDays(changeDay),
      endDays: cronDays(changeDay),
    });
  })
  .map(({ pair, startDays, endDays }) => {
    const { change } = pair;
    const changed = (change.wall + ((pair.inside * 15) % change.minutes) + 1440) % 1440;
    const other = (((changed + pair.apart * 15) % 1440) + 1440) % 1440;
    const [startWall, endWall] = pair.insideIsStart ? [changed, other] : [other, changed];
    const cronAt = (wall: number, days: string, minutes: number[] = [], hours: number[] = []) => {
      const list = (values: number[]) => [...new Set(values)].sort((a, b) => a - b).join(',');
      const hour = Math.floor(wall / 60);
      return cronFields(`${list([wall % 60, ...minutes])} ${list([hour, ...hours])} * * ${days}`);
    };
    const extraMinutes = pair.extraMinute === null ? [] : [pair.extraMinute];
    const extraHours =
      pair.extraHour === null ? [] : [(Math.floor(startWall / 60) + pair.extraHour + 24) % 24];
    const schedule: Schedule = {
      form: 'cron-range',
      start: cronAt(startWall, startDays, extraMinutes, extraHours),
      end: cronAt(endWall, endDays),
    };
    const at = Math.floor((change.at + pair.shift * MINUTE) / MINUTE) * MINUTE;
    const cfg = config([
      window('freeze', schedule, { kind: pair.deny ? 'deny' : 'allow', timezone: change.zone }),
    ]);
    return { at, cfg, minutes: pair.horizonDays * 1440 };
  });

describe('cron: {start, end} pairs around DST changes agree with the reference', () => {
  it('on every open period, with a start or an end in a gap or a fold', () => {
    fc.assert(
      fc.property(cronPairNearChange, ({ at, cfg, minutes }) => {
        expectOpenPeriodsAgree(cfg, at, minutes);
      }),
      { numRuns: 300 },
    );
  });
});
