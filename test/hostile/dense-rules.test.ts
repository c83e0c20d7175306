// Valid but dense configs are decided, not crashed on: every-minute rules, deny windows that
// cover everything, 1,000 windows; past the documented limits, a clean error names the limit.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { timeline } from '../../src/core/timeline.js';
import { AT, configOf, errors, expectPlaced, loaded } from './support.js';

const ask = (text: string, at = AT, files: Record<string, string> = {}) =>
  decide(loaded(text, files), { environment: 'production', at });

function calendar(...events: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

const everyMinuteEvent = [
  'BEGIN:VEVENT',
  'UID:every-minute',
  'DTSTART:20200101T000000Z',
  'DURATION:PT1M',
  'RRULE:FREQ=MINUTELY',
  'END:VEVENT',
].join('\r\n');

const blockedForever = {
  allowed: false,
  reason: 'inside-deny-window',
  closesAt: null,
  nextOpen: null,
  upcoming: [],
};

describe('every-minute deny windows that cover everything', () => {
  it('rrule: "FREQ=MINUTELY" with a one-minute duration', () => {
    const decision = ask(
      configOf([['name: freeze', 'kind: deny', 'rrule: "FREQ=MINUTELY"', 'duration: 1m']]),
    );
    expect(decision).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
    expect(decision.warnings).toContain('no open period within the horizon (366d)');
  });

  it('cron: "* * * * *"', () => {
    const decision = ask(
      configOf([['name: freeze', 'kind: deny', 'cron: "* * * * *"', 'duration: 1m']]),
    );
    expect(decision).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
  });

  it('a cron naming one weekday#n 200,000 times is read as the one it names, and decided at once', () => {
    // Each day of a search looked through every entry: a 1 MiB list took minutes to decide.
    const starts = Array(200_000).fill('1#1').join(',');
    const text = configOf([
      ['name: freeze', 'kind: deny', `cron: { start: "0 0 * * ${starts}", end: "0 0 * 2 SUN#5" }`],
    ]);
    const config = loaded(text);
    const schedule = config.windows[0]?.schedule;
    expect(schedule?.form === 'cron-range' && schedule.start.nthDaysOfWeek).toEqual([
      { weekday: 1, nth: 1 },
    ]);
    const decision = ask(text);
    expect(decision.allowed).toBe(false);
  });

  it('an .ics event repeating every minute', () => {
    const text = configOf([['name: freeze', 'kind: deny', 'ics: freeze.ics']]);
    const decision = ask(text, AT, { 'freeze.ics': calendar(everyMinuteEvent) });
    expect(decision).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
  });

  it('an hourly rule with overlapping two-hour occurrences', () => {
    const decision = ask(
      configOf([['name: freeze', 'kind: deny', 'rrule: "FREQ=HOURLY"', 'duration: 2h']]),
    );
    expect(decision).toMatchObject(blockedForever);
  });

  it('the repeated hour of a fall-back night is the only gap (wall-time rules fire once)', () => {
    // Berlin, 2026-10-25: 02:00-03:00 happens twice; the rule's 02:xx starts are the first pass.
    const text = configOf(
      [['name: freeze', 'kind: deny', 'rrule: "FREQ=MINUTELY"', 'duration: 1m']],
      'timezone: Europe/Berlin',
    );
    expect(ask(text)).toMatchObject({
      allowed: false,
      nextOpen: Date.parse('2026-10-25T01:00:00.000Z'),
      upcoming: [
        {
          start: Date.parse('2026-10-25T01:00:00.000Z'),
          end: Date.parse('2026-10-25T02:00:00.000Z'),
        },
      ],
    });
  });
});

// Each decision looks back one duration for starts still running. Every start in it was
// expanded, and a minute cron lasting a year took 20 s (a minute rule 27 s) for two lines of
// config. The timeout is a bound on work, far above what these take, not a measurement.
describe('long durations on dense starts', () => {
  const BOUND = { timeout: 10_000 };

  it('cron: "* * * * *" lasting a year, decided and listed', BOUND, () => {
    const text = configOf([['name: freeze', 'kind: deny', 'cron: "* * * * *"', 'duration: 366d']]);
    expect(ask(text)).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
    const listed = timeline(loaded(text), {
      environment: 'production',
      from: AT,
      to: AT + 7 * 86_400_000,
    });
    expect(listed.open).toEqual([]);
    expect(listed.occurrences.map((o) => o.window)).toEqual(['freeze']);
  });

  it('rrule: "FREQ=MINUTELY" lasting a year', BOUND, () => {
    const text = configOf([
      ['name: freeze', 'kind: deny', 'rrule: "FREQ=MINUTELY"', 'duration: 366d'],
    ]);
    expect(ask(text)).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
  });

  it('an .ics event repeating every 2 minutes and lasting a year', BOUND, () => {
    const text = configOf([['name: freeze', 'kind: deny', 'ics: freeze.ics']]);
    const yearLong = everyMinuteEvent
      .replace('DURATION:PT1M', 'DURATION:P366D')
      .replace('RRULE:FREQ=MINUTELY', 'RRULE:FREQ=MINUTELY;INTERVAL=2');
    const decision = ask(text, AT, { 'freeze.ics': calendar(yearLong) });
    expect(decision).toMatchObject({ ...blockedForever, blockingWindows: ['freeze'] });
  });

  it("an every-minute event in a calendar's own zone defined from year 1", BOUND, () => {
    // Each conversion walked back year by year to the zone's first observance: 2,000 years,
    // four times a conversion, 86 s for a 20-line file.
    const zone = (from: string) =>
      [
        'BEGIN:VTIMEZONE',
        'TZID:Custom',
        'BEGIN:STANDARD',
        `DTSTART:${from}`,
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0100',
        'END:STANDARD',
        'END:VTIMEZONE',
      ].join('\r\n');
    const event = everyMinuteEvent.replace(
      'DTSTART:20200101T000000Z',
      'DTSTART;TZID=Custom:20260101T000000',
    );
    const text = configOf([['name: freeze', 'kind: deny', 'ics: freeze.ics']]);
    const decided = (from: string) =>
      decide(loaded(text, { 'freeze.ics': calendar(zone(from), event) }), {
        environment: 'production',
        at: AT,
      });
    const ancient = decided('00010101T000000');
    expect(ancient).toMatchObject({ allowed: false, blockingWindows: ['freeze'] });
    expect(ancient).toEqual(decided('20250101T000000'));
  });

  it('cron: {start, end} starting every minute, ending once in 28 years or never', BOUND, () => {
    // Each start looked for its end among 8 years of days: four million starts per question.
    for (const end of ['0 0 * 2 SUN#5', '0 0 29 2 *', '0 0 1 1 *']) {
      const text = configOf([
        ['name: freeze', 'kind: deny', `cron: { start: "* * * * *", end: "${end}" }`],
      ]);
      const decision = ask(text);
      expect(decision, end).toMatchObject({ allowed: false, blockingWindows: ['freeze'] });
    }
    const yearly = configOf([
      ['name: freeze', 'kind: deny', 'cron: { start: "* 1-23 * * *", end: "0 0 1 1 *" }'],
    ]);
    // Each minute from 01:00 on starts a freeze lasting to 1 January: open from its midnight
    // to 01:00.
    expect(ask(yearly)).toMatchObject({
      nextOpen: Date.parse('2027-01-01T00:00:00Z'),
      upcoming: [
        { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-01-01T01:00:00Z') },
      ],
    });
  });

  it('a yearly start lasting 300 days ends 300 days after it', BOUND, () => {
    for (const schedule of ['cron: "0 0 1 1 *"', 'rrule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"']) {
      const text = configOf([['name: freeze', 'kind: deny', schedule, 'duration: 300d']]);
      expect(ask(text)).toMatchObject({
        allowed: false,
        blockingWindows: ['freeze'],
        nextOpen: Date.parse('2026-10-28T00:00:00Z'),
      });
    }
  });

  it(
    'an allow window of 5-minute starts lasting 30 days closes where a deny window begins',
    BOUND,
    () => {
      const text = configOf([
        ['name: open', 'cron: "*/5 * * * *"', 'duration: 30d'],
        ['name: weekend', 'kind: deny', 'weekly: { from: "SA 00:00", to: "MO 00:00" }'],
      ]);
      // Monday 1 June 2026, 10:00 UTC: open until Saturday.
      expect(ask(text)).toMatchObject({
        allowed: true,
        activeWindows: ['open'],
        closesAt: Date.parse('2026-06-06T00:00:00Z'),
      });
    },
  );
});

describe('dense allow windows open where their minutes are', () => {
  it('FREQ=MINUTELY;BYHOUR=9,10 opens 09:00-11:00 as one period', () => {
    const text = configOf([
      ['name: mornings', 'rrule: "FREQ=MINUTELY;BYHOUR=9,10"', 'duration: 1m'],
    ]);
    expect(ask(text, Date.parse('2026-06-01T09:30:00Z'))).toMatchObject({
      allowed: true,
      reason: 'inside-allow-window',
      closesAt: Date.parse('2026-06-01T11:00:00.000Z'),
    });
    expect(ask(text, Date.parse('2026-06-01T12:00:00Z'))).toMatchObject({
      allowed: false,
      nextOpen: Date.parse('2026-06-02T09:00:00.000Z'),
    });
  });

  it('the listing shows a dense window as its periods, not 1,440 entries a day', () => {
    const config = loaded(
      configOf([['name: mornings', 'rrule: "FREQ=MINUTELY;BYHOUR=9,10"', 'duration: 1m']]),
    );
    const { occurrences } = timeline(config, {
      environment: 'production',
      from: Date.parse('2026-06-01T00:00:00Z'),
      to: Date.parse('2026-06-03T00:00:00Z'),
    });
    expect(
      occurrences.map((o) => [new Date(o.start).toISOString(), new Date(o.end).toISOString()]),
    ).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01T11:00:00.000Z'],
      ['2026-06-02T09:00:00.000Z', '2026-06-02T11:00:00.000Z'],
    ]);
  });
});

describe('1,000 windows', () => {
  it('each denying everything: blocked, no opening', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => [
      `name: w${i}`,
      'kind: deny',
      `rrule: "FREQ=DAILY;BYHOUR=${i % 24}"`,
      'duration: 1d',
    ]);
    const decision = ask(configOf(windows));
    expect(decision).toMatchObject({ allowed: false, nextOpen: null });
    expect(decision.blockingWindows).toHaveLength(1000);
  });

  it('covering everything only together (a two-minute slice a day each)', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => {
      const minute = Math.floor(i * 1.44);
      return [
        `name: slice-${i}`,
        'kind: deny',
        `cron: "${minute % 60} ${Math.floor(minute / 60)} * * *"`,
        'duration: 2m',
      ];
    });
    const decision = ask(configOf(windows));
    expect(decision).toMatchObject({ allowed: false, nextOpen: null });
  });

  it('1,001 windows are refused at the windows key', () => {
    const windows = Array.from({ length: 1001 }, (_, i) => [`name: w${i}`, 'time: "09:00-17:00"']);
    const text = configOf(windows);
    const [issue, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ line: 3, column: 1, path: 'windows' });
    expect(issue?.message).toBe('1,001 windows; expected at most 1,000 in one config');
  });
});

describe('past the limits: an error that names the limit', () => {
  it('more than 5,000 starts a day: at the window that passes it', () => {
    const text = configOf(
      Array.from({ length: 4 }, (_, i) => [
        `name: w${i}`,
        'kind: deny',
        'cron: "* * * * *"',
        'duration: 1m',
      ]),
    );
    const found = errors(text);
    expectPlaced(text, found);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'windows[3].cron', line: 18, column: 5 });
    expect(found[0]?.message).toContain('expected at most 5,000 a day');
  });

  it('a COUNT not used up within 100 years', () => {
    const text = configOf([
      ['name: w', 'rrule: "DTSTART:20260101T000000 RRULE:FREQ=DAILY;COUNT=999999"', 'duration: 1h'],
    ]);
    const [issue] = errors(text);
    expect(issue).toMatchObject({ path: 'windows[0].rrule', line: 5 });
    expect(issue?.message).toContain('not used up within 36,525 days');
  });

  it('COUNT rules that take more than 1,000,000 days to count in all', () => {
    const windows = Array.from({ length: 40 }, (_, i) => [
      `name: w${i}`,
      `rrule: "DTSTART:19300101T000000 RRULE:FREQ=DAILY;BYHOUR=${i % 24};COUNT=35000"`,
      'duration: 1h',
    ]);
    const found = errors(configOf(windows));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('more than 1,000,000 days');
  });

  it('FREQ=SECONDLY in an .ics file: the calendar line, at the ics key', () => {
    const ics = calendar(everyMinuteEvent.replace('FREQ=MINUTELY', 'FREQ=SECONDLY'));
    const text = configOf([['name: freeze', 'kind: deny', 'ics: freeze.ics']]);
    const [issue] = errors(text, { 'freeze.ics': ics });
    expect(issue).toMatchObject({ path: 'windows[0].ics' });
    expect(issue?.message).toMatch(/freeze\.ics:7: .*FREQ=SECONDLY is finer than a minute/);
  });

  it('an .ics file of more than 10,000 events', () => {
    const events = Array.from({ length: 10_001 }, (_, i) =>
      ['BEGIN:VEVENT', `UID:e${i}`, 'DTSTART;VALUE=DATE:20260101', 'END:VEVENT'].join('\r\n'),
    );
    const text = configOf([['name: freeze', 'kind: deny', 'ics: big.ics']]);
    const [issue] = errors(text, { 'big.ics': calendar(...events) });
    expect(issue?.message).toContain('more than 10,000 events, RDATE and EXDATE values');
  });

  it('a VTIMEZONE that changes its clocks every minute', () => {
    const ics = calendar(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Fast',
        'BEGIN:STANDARD',
        'DTSTART:19700101T000000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'RRULE:FREQ=MINUTELY',
        'END:STANDARD',
        'END:VTIMEZONE',
      ].join('\r\n'),
      ['BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Fast:20260601T090000', 'END:VEVENT'].join('\r\n'),
    );
    const [issue] = errors(configOf([['name: f', 'kind: deny', 'ics: z.ics']]), { 'z.ics': ics });
    expect(issue?.message).toContain('a VTIMEZONE observance recurs yearly');
  });
});
