// Generated hostile input (fast-check): random bytes, random YAML with nesting, anchors,
// aliases and merge keys, random (often dense) schedules and calendars. Each run ends in clean
// errors (placed, one line, no crash) or in a decision a gate can act on; a decision's
// nextOpen is open and its closesAt closes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Config } from '../../src/core/types.js';
import { AT, expectDecision, load, loadAndDecide } from './support.js';

const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const list = (arb: fc.Arbitrary<string | number>, max = 4) =>
  fc.uniqueArray(arb, { minLength: 1, maxLength: max }).map((items) => items.join(','));

/** RRULE text from its parts, valid or not, dense or not. */
const rrule = fc
  .record({
    freq: fc.constantFrom(...FREQS),
    interval: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
    byHour: fc.option(list(fc.integer({ min: 0, max: 23 })), { nil: undefined }),
    byMinute: fc.option(list(fc.integer({ min: 0, max: 59 })), { nil: undefined }),
    byDay: fc.option(list(fc.constantFrom(...DAYS, '1MO', '-1FR', '2TU')), { nil: undefined }),
    byMonthDay: fc.option(list(fc.integer({ min: -31, max: 31 })), { nil: undefined }),
    byMonth: fc.option(list(fc.integer({ min: 1, max: 12 })), { nil: undefined }),
    bySetPos: fc.option(list(fc.integer({ min: -3, max: 3 }), 2), { nil: undefined }),
    end: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 100_000 }).map((n) => `COUNT=${n}`),
        fc.constantFrom('UNTIL=20261231', 'UNTIL=20260601T120000', 'UNTIL=19991231'),
      ),
      { nil: undefined },
    ),
    dtstart: fc.option(fc.constantFrom('DTSTART:20260101T090000', 'DTSTART:19300615T000000'), {
      nil: undefined,
    }),
  })
  .map((r) => {
    const parts = [`FREQ=${r.freq}`];
    if (r.interval) parts.push(`INTERVAL=${r.interval}`);
    if (r.byHour) parts.push(`BYHOUR=${r.byHour}`);
    if (r.byMinute) parts.push(`BYMINUTE=${r.byMinute}`);
    if (r.byDay) parts.push(`BYDAY=${r.byDay}`);
    if (r.byMonthDay) parts.push(`BYMONTHDAY=${r.byMonthDay}`);
    if (r.byMonth) parts.push(`BYMONTH=${r.byMonth}`);
    if (r.bySetPos) parts.push(`BYSETPOS=${r.bySetPos}`);
    if (r.end) parts.push(r.end);
    return r.dtstart ? `${r.dtstart} RRULE:${parts.join(';')}` : parts.join(';');
  });

const cronField = (max: number) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: 30 }).map((step) => `*/${step}`),
    list(fc.integer({ min: 0, max }), 3),
  );
const cron = fc
  .tuple(
    cronField(59),
    cronField(23),
    fc.constantFrom('*', '1-15', 'L'),
    fc.constant('*'),
    fc.constantFrom('*', 'MON-FRI', 'SAT'),
  )
  .map((fields) => fields.join(' '));

const duration = fc.constantFrom('1m', '5m', '59m', '1h', '2h', '1d', '0m', '400d');

/** One window of any form, as YAML lines. */
const windowLines = fc
  .record({
    kind: fc.constantFrom('allow', 'deny'),
    form: fc.oneof(
      rrule.map((rule) => [`rrule: "${rule}"`]),
      cron.map((expression) => [`cron: "${expression}"`]),
      fc.constant(['time: "00:00-00:00"']),
      fc.constant(['ics: cal.ics']),
    ),
    duration,
    zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
  })
  .map((w) => {
    const lines = [`kind: ${w.kind}`, `timezone: ${w.zone}`, ...w.form];
    if (!w.form[0]?.startsWith('time') && !w.form[0]?.startsWith('ics'))
      lines.push(`duration: ${w.duration}`);
    return lines;
  });

/** A calendar with random recurring events (dense ones included). */
const calendarText = fc
  .array(
    fc.record({
      rule: fc.option(
        fc.constantFrom(
          'FREQ=MINUTELY',
          'FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,17',
          'FREQ=HOURLY;COUNT=50',
          'FREQ=DAILY;UNTIL=20261231T000000Z',
          'FREQ=SECONDLY',
          'FREQ=WEEKLY;BYDAY=MO;BYSETPOS=-1',
          'FREQ=YEARLY;BYWEEKNO=1,-1',
        ),
        { nil: undefined },
      ),
      start: fc.constantFrom('20260101T000000Z', '20260531T230000', ';VALUE=DATE:20260601'),
      length: fc.constantFrom('DURATION:PT1M', 'DURATION:PT2H', 'DURATION:P1D', ''),
    }),
    { maxLength: 5 },
  )
  .map((events) =>
    [
      'BEGIN:VCALENDAR',
      ...events.flatMap((event, index) => [
        'BEGIN:VEVENT',
        `UID:e${index}`,
        `DTSTART${event.start.startsWith(';') ? event.start : `:${event.start}`}`,
        ...(event.length ? [event.length] : []),
        ...(event.rule ? [`RRULE:${event.rule}`] : []),
        'END:VEVENT',
      ]),
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );

function config(windows: string[][]): string {
  const items = windows.map((lines, index) =>
    [`  - name: w${index}`, ...lines.map((line) => `    ${line}`)].join('\n'),
  );
  return `version: 1\nwindows:\n${items.join('\n')}\n`;
}

/** The decision's own claims, checked by asking again at the instants it names. */
function checkClaims(loaded: Config, at: number): void {
  const decision = decide(loaded, { environment: 'production', at });
  expectDecision(decision, at);
  if (decision.nextOpen !== null) {
    const then = decide(loaded, { environment: 'production', at: decision.nextOpen });
    expect(then.allowed).toBe(true);
  }
  if (decision.closesAt !== null) {
    const closes = decision.closesAt;
    expect(decide(loaded, { environment: 'production', at: closes - 1 }).allowed).toBe(true);
    expect(decide(loaded, { environment: 'production', at: closes }).allowed).toBe(false);
  }
}

describe('generated hostile input ends in clean errors or a decision', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, latin1) => {
        const text = Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8');
        loadAndDecide(text);
        loadAndDecide(`version: 1\nwindows:\n  - ${text}\n`);
      }),
      { numRuns: 150 },
    );
  });

  it('random YAML: nesting, anchors, aliases and merge keys', () => {
    const KEYS = ['name', 'kind', 'time', 'rrule', 'duration', 'environments', '<<', 'x'];
    const { node } = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(
          'a',
          '1',
          '"09:00-10:00"',
          'deny',
          'FREQ=MINUTELY',
          '*a0',
          '*a1',
          '*a2',
          '',
        ),
        fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
        fc
          .array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4 })
          .map((pairs) => `{${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')}}`),
        fc
          .tuple(fc.integer({ min: 0, max: 2 }), tie('node'))
          .map(([n, value]) => `&a${n} ${value}`),
      ),
    }));
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 4 }), (windows) => {
        const text = `version: 1\nwindows: [${windows.join(', ')}]\n`;
        loadAndDecide(text);
      }),
      { numRuns: 200 },
    );
  });

  it('random schedules, dense ones included: a decision whose claims hold', () => {
    fc.assert(
      fc.property(
        fc.array(windowLines, { minLength: 1, maxLength: 3 }),
        calendarText,
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        (windows, ics, minutes) => {
          const text = config(windows);
          const result = load(text, { 'cal.ics': ics });
          const at = AT + minutes * 60_000;
          if (result.ok) checkClaims(result.config, at);
          else loadAndDecide(text, at, { 'cal.ics': ics });
        },
      ),
      // Each run draws new cases (fast-check's seed), so runs add up over the suite's life;
      // 35 keep this file near 10 s of the suite's minute.
      { numRuns: 35 },
    );
    // Some drawn calendars are legitimately heavy (every-minute events a day long: about a
    // second a decision on this 2-core machine, four decisions a case), so the time a run
    // takes depends on what is drawn; the budget is the benchmark's (bench/hostile.ts), not
    // this test's.
  }, 120_000);
});
