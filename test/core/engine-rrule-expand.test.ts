// The engine's RRULE expander agrees with rrule.js on DAILY and coarser rules (whose day
// filters it follows) and with a minute-by-minute RFC 5545 reference on HOURLY and MINUTELY
// rules (where rrule.js skips occurrences); COUNT is counted from DTSTART.
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { ruleExpansion, ruleSpec, startsPerDay } from '../../src/core/schedules/rrule-expand.js';
import { RRule } from '../support/rrule-library.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** Sorted ascending and comma-joined, negatives last (how rules are usually written). */
const sortedList = (arb: fc.Arbitrary<number>, max: number) =>
  fc
    .uniqueArray(arb, { minLength: 1, maxLength: max })
    .map((items) =>
      [...items].sort((a, b) => (a < 0 === b < 0 ? a - b : a < 0 ? 1 : -1)).join(','),
    );

const coarseRule = fc
  .record({
    freq: fc.constantFrom('YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'),
    interval: fc.integer({ min: 1, max: 4 }),
    byMonth: fc.option(sortedList(fc.integer({ min: 1, max: 12 }), 3), { nil: undefined }),
    // Days every month has, so that no rule is one that never matches (rrule.js would then
    // search to the year 9999; the engine's own answer to those is tested below).
    byMonthDay: fc.option(
      sortedList(fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: -28, max: -1 })), 3),
      { nil: undefined },
    ),
    byDay: fc.option(fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    nth: fc.option(fc.constantFrom('1', '2', '-1'), { nil: undefined }),
    byHour: fc.option(sortedList(fc.integer({ min: 0, max: 23 }), 3), { nil: undefined }),
    byMinute: fc.option(sortedList(fc.integer({ min: 0, max: 59 }), 2), { nil: undefined }),
    bySetPos: fc.option(fc.constantFrom('1', '-1', '1,-1'), { nil: undefined }),
    wkst: fc.option(fc.constantFrom(...DAYS), { nil: undefined }),
    end: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 40 }).map((n) => `COUNT=${n}`),
        fc.constant('UNTIL=20270115T120000'),
      ),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const parts = [`FREQ=${r.freq}`, `INTERVAL=${r.interval}`];
    if (r.byMonth) parts.push(`BYMONTH=${r.byMonth}`);
    if (r.byMonthDay) parts.push(`BYMONTHDAY=${r.byMonthDay}`);
    if (r.byDay) {
      // An n-th weekday on given month days may never come: not both.
      const ordinal =
        r.nth && !r.byMonthDay && (r.freq === 'MONTHLY' || r.freq === 'YEARLY') ? r.nth : '';
      parts.push(`BYDAY=${r.byDay.map((day) => `${ordinal}${day}`).join(',')}`);
    }
    if (r.byHour) parts.push(`BYHOUR=${r.byHour}`);
    if (r.byMinute) parts.push(`BYMINUTE=${r.byMinute}`);
    // rrule.js counts a pick that two positions name twice (COUNT then ends early): not both.
    const setPos = r.end?.startsWith('COUNT') && r.bySetPos === '1,-1' ? '1' : r.bySetPos;
    if (setPos && parts.length > 2) parts.push(`BYSETPOS=${setPos}`);
    if (r.wkst) parts.push(`WKST=${r.wkst}`);
    if (r.end) parts.push(r.end);
    return parts.join(';');
  });

/**
 * Does a MONTHLY rule ever reach a month its BYMONTH names? Every INTERVAL-th month from
 * DTSTART's is reached, so month b is iff b - DTSTART's month is a multiple of gcd(INTERVAL, 12).
 * Other rules here always reach their months.
 */
function reachesItsMonths(rule: string, dtstart: number): boolean {
  const byMonth = /BYMONTH=([\d,]+)/.exec(rule)?.[1];
  if (!rule.startsWith('FREQ=MONTHLY') || !byMonth) return true;
  const interval = Number(/INTERVAL=(\d+)/.exec(rule)?.[1] ?? 1);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const step = gcd(interval, 12);
  const first = new Date(dtstart).getUTCMonth() + 1;
  return byMonth.split(',').some((month) => (((Number(month) - first) % step) + step) % step === 0);
}

const start = fc
  .record({
    year: fc.integer({ min: 2024, max: 2026 }),
    month: fc.integer({ min: 0, max: 11 }),
    day: fc.integer({ min: 1, max: 28 }),
    minute: fc.integer({ min: 0, max: 1439 }),
  })
  .map(({ year, month, day, minute }) => Date.UTC(year, month, day) + minute * MINUTE);

describe('DAILY and coarser rules: as rrule.js expands them', () => {
  it('BYSETPOS in the first week counts from DTSTART, as rrule.js does', () => {
    // DTSTART is Tuesday 4 June 2024: the first week's first pick is that Tuesday, not the
    // Monday before DTSTART (which would drop the week).
    const dtstart = Date.UTC(2024, 5, 4);
    const got = ruleExpansion(ruleSpec('FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1', dtstart)).starts(
      dtstart,
      dtstart + 14 * DAY,
    );
    expect(got.map(iso)).toEqual(['2024-06-04T00:00', '2024-06-10T00:00', '2024-06-17T00:00']);
  });

  // RFC 5545: BYDAY lists days, any of which matches. rrule.js and python-dateutil keep plain
  // and numbered weekdays apart and ask a day to be both, so `MO,-1SU` matched no day at all,
  // and a freeze calendar written that way blocked only its first event.
  it('a BYDAY list mixing plain and numbered weekdays matches any of them (ical.js agrees)', () => {
    const dtstart = Date.UTC(2026, 0, 5, 9);
    const until = Date.UTC(2026, 3, 1);
    for (const rule of ['FREQ=MONTHLY;BYDAY=MO,-1SU', 'FREQ=YEARLY;BYMONTH=1,2,3;BYDAY=1FR,SA']) {
      const got = ruleExpansion(ruleSpec(rule, dtstart)).starts(dtstart, until).map(iso);
      const reference = ICAL.Recur.fromString(rule).iterator(
        ICAL.Time.fromData({ year: 2026, month: 1, day: 5, hour: 9, isDate: false }),
      );
      const expected: string[] = [];
      for (
        let next = reference.next();
        next && next.toJSDate() < new Date(until);
        next = reference.next()
      ) {
        expected.push(`${next.toString().slice(0, 16)}`);
      }
      expect(got, rule).toEqual(expected);
    }
    const mondaysAndLastSunday = ruleExpansion(ruleSpec('FREQ=MONTHLY;BYDAY=MO,-1SU', dtstart))
      .starts(dtstart, Date.UTC(2026, 1, 1))
      .map(iso);
    expect(mondaysAndLastSunday).toEqual([
      '2026-01-05T09:00',
      '2026-01-12T09:00',
      '2026-01-19T09:00',
      '2026-01-25T09:00',
      '2026-01-26T09:00',
    ]);
  });

  it('random rules over random spans', () => {
    fc.assert(
      fc.property(
        coarseRule,
        start,
        fc.integer({ min: -30, max: 500 }),
        (rule, dtstart, offset) => {
          const low = dtstart + offset * DAY;
          const high = low + 120 * DAY;
          const got = ruleExpansion(ruleSpec(rule, dtstart)).starts(low, high);
          // rrule.js would search such a rule to the year 9999 (a second or more in a loaded
          // suite); the answer is known without it.
          if (!reachesItsMonths(rule, dtstart)) {
            expect(got).toEqual([]);
            return;
          }
          const options = { ...RRule.parseString(rule), dtstart: new Date(dtstart) };
          // rrule.js repeats a BYSETPOS pick that two positions name; the engine keeps one.
          const expected = [
            ...new Set(
              new RRule(options, true)
                .between(new Date(low), new Date(high), true)
                .map((date) => date.getTime()),
            ),
          ].sort((a, b) => a - b);
          expect(got.map(iso)).toEqual(expected.map(iso));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** HOURLY/MINUTELY by RFC 5545: every period from DTSTART on, filtered minute by minute. */
function reference(rule: string, dtstart: number, low: number, high: number): number[] {
  const o = RRule.parseString(rule);
  const set = (value: unknown) =>
    value === undefined ? null : new Set([value].flat() as number[]);
  const hours = set(o.byhour);
  const minutes =
    set(o.byminute) ??
    (o.freq === RRule.HOURLY ? new Set([new Date(dtstart).getUTCMinutes()]) : null);
  const days =
    o.byweekday === undefined
      ? null
      : new Set([o.byweekday].flat().map((d) => (d as { weekday: number }).weekday));
  const step = (o.interval ?? 1) * (o.freq === RRule.HOURLY ? 60 : 1) * MINUTE;
  const periodStart =
    o.freq === RRule.HOURLY ? Math.floor(dtstart / 3_600_000) * 3_600_000 : dtstart;
  const all: number[] = [];
  const until = o.until ? o.until.getTime() : Number.POSITIVE_INFINITY;
  for (let period = periodStart; period <= Math.min(high, until); period += step) {
    const candidates =
      o.freq === RRule.HOURLY
        ? [...(minutes as Set<number>)].sort((a, b) => a - b).map((m) => period + m * MINUTE)
        : [period];
    for (const at of candidates) {
      const date = new Date(at);
      if (at < dtstart || at > until) continue;
      if (hours && !hours.has(date.getUTCHours())) continue;
      if (minutes && !minutes.has(date.getUTCMinutes())) continue;
      if (days && !days.has((date.getUTCDay() + 6) % 7)) continue;
      all.push(at);
    }
  }
  const counted = o.count ? all.slice(0, o.count) : all;
  return counted.filter((at) => at >= low && at <= high);
}

const fineRule = fc
  .record({
    freq: fc.constantFrom('HOURLY', 'MINUTELY'),
    interval: fc.integer({ min: 1, max: 100 }),
    byHour: fc.option(sortedList(fc.integer({ min: 0, max: 23 }), 4), { nil: undefined }),
    byMinute: fc.option(sortedList(fc.integer({ min: 0, max: 59 }), 4), { nil: undefined }),
    byDay: fc.option(fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    end: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 3000 }).map((n) => `COUNT=${n}`),
        fc.constant('UNTIL=20260103T120000'),
      ),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const parts = [`FREQ=${r.freq}`, `INTERVAL=${r.interval}`];
    if (r.byHour) parts.push(`BYHOUR=${r.byHour}`);
    if (r.byMinute) parts.push(`BYMINUTE=${r.byMinute}`);
    if (r.byDay) parts.push(`BYDAY=${r.byDay.join(',')}`);
    if (r.end) parts.push(r.end);
    return parts.join(';');
  });

describe('HOURLY and MINUTELY rules: by RFC 5545', () => {
  it('random rules over random spans, COUNT counted from DTSTART', () => {
    fc.assert(
      fc.property(
        fineRule,
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 5 * 1440 }),
        (rule, minute, offset) => {
          const dtstart = Date.UTC(2026, 0, 1) + minute * MINUTE;
          const low = dtstart + offset * MINUTE;
          const high = low + 2 * DAY;
          const got = ruleExpansion(ruleSpec(rule, dtstart)).starts(low, high);
          expect(got.map(iso)).toEqual(reference(rule, dtstart, low, high).map(iso));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an INTERVAL that does not divide 60 keeps its phase across the hours BYHOUR skips', () => {
    // rrule.js restarts the minutes of the next allowed hour; every 7 minutes from 09:00 goes on.
    const starts = ruleExpansion(
      ruleSpec('FREQ=MINUTELY;INTERVAL=7;BYHOUR=9', Date.UTC(2026, 0, 1, 9)),
    ).starts(Date.UTC(2026, 0, 2, 9), Date.UTC(2026, 0, 2, 9, 20));
    // 24 hours = 1,440 minutes = 205 * 7 + 5: day two starts 2 minutes past 09:00.
    expect(starts.map(iso)).toEqual(['2026-01-02T09:02', '2026-01-02T09:09', '2026-01-02T09:16']);
  });
});

describe('cost and limits', () => {
  it('a rule that never matches has no starts, found without a search', () => {
    const never = ruleExpansion(
      ruleSpec('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', Date.UTC(2020, 0, 1)),
    );
    expect(never.starts(Date.UTC(2026, 0, 1), Date.UTC(2036, 0, 1))).toEqual([]);
  });

  it('COUNT far beyond 100 years is not reached; a small one ends where it should', () => {
    const huge = ruleExpansion(ruleSpec('FREQ=MINUTELY;COUNT=999999999', Date.UTC(2026, 0, 1)));
    expect(huge.countReached()).toBe(false);
    const ten = ruleExpansion(ruleSpec('FREQ=WEEKLY;BYDAY=MO;COUNT=10', Date.UTC(2026, 0, 5, 9)));
    expect(ten.countReached()).toBe(true);
    const all = ten.starts(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(all).toHaveLength(10);
    expect(iso(all[9] as number)).toBe('2026-03-09T09:00');
  });

  it('starts a day: the most a rule can start on one day', () => {
    expect(startsPerDay(ruleSpec('FREQ=MINUTELY', 0))).toBe(1440);
    expect(startsPerDay(ruleSpec('FREQ=MINUTELY;INTERVAL=15;BYHOUR=9,10', 0))).toBe(8);
    expect(startsPerDay(ruleSpec('FREQ=HOURLY;BYMINUTE=0,30', 0))).toBe(48);
    expect(startsPerDay(ruleSpec('FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30', 0))).toBe(4);
    expect(startsPerDay(ruleSpec('FREQ=YEARLY;BYMONTH=1', 0))).toBe(1);
  });
});
