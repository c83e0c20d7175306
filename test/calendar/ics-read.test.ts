import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/core/schedules/ics/document.js';
import { ianaFrame, vtimezoneFrame } from '../../src/core/schedules/ics/zones.js';
import { checkCalendar, icsOccurrences } from '../../src/core/schedules/ics.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A calendar around the given VEVENT/VTIMEZONE lines, CRLF as RFC 5545 writes it. */
function calendar(...lines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...lines,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function event(...lines: string[]): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${lines.join('|').length}-${Math.random()}@test`,
    ...lines,
    'END:VEVENT',
  ];
}

/** The occurrences as `start/end` ISO pairs. */
function occurrences(text: string, zone: string, from: string, to: string): string[] {
  expect(checkCalendar(text)).toEqual({ ok: true });
  return icsOccurrences(
    { form: 'ics', path: 'freeze.ics', calendar: text },
    zone,
    Date.parse(from),
    Date.parse(to),
  ).map(
    (o) =>
      `${new Date(o.start).toISOString().slice(0, 16)}/${new Date(o.end).toISOString().slice(0, 16)}`,
  );
}

describe('recurring events with exceptions', () => {
  const text = fixture('recurring.ics');

  it('expands a weekly RRULE in its TZID across the US DST change, skipping the EXDATE and moving the override', () => {
    expect(occurrences(text, 'Europe/Berlin', '2026-03-01T00:00Z', '2026-04-07T00:00Z')).toEqual([
      '2026-03-02T14:00/2026-03-02T16:00', // 09:00 EST
      '2026-03-09T13:00/2026-03-09T15:00', // 09:00 EDT, after 8 March
      // 16 March: EXDATE
      '2026-03-24T18:00/2026-03-24T20:00', // 23 March moved to Tuesday 14:00 EDT (RECURRENCE-ID)
      '2026-03-30T13:00/2026-03-30T15:00',
      '2026-04-06T13:00/2026-04-06T15:00',
    ]);
  });

  it('an all-day event covers whole local days of the window zone', () => {
    expect(occurrences(text, 'Europe/Berlin', '2026-12-22T00:00Z', '2026-12-27T00:00Z')).toContain(
      '2026-12-23T23:00/2026-12-26T23:00',
    );
    expect(
      occurrences(text, 'America/Los_Angeles', '2026-12-22T00:00Z', '2026-12-29T00:00Z'),
    ).toContain('2026-12-24T08:00/2026-12-27T08:00');
  });

  it('an all-day event across a DST change ends at local midnight (a 47-hour weekend)', () => {
    const text = calendar(...event('DTSTART;VALUE=DATE:20260328', 'DTEND;VALUE=DATE:20260330'));
    expect(occurrences(text, 'Europe/Berlin', '2026-03-27T00:00Z', '2026-04-01T00:00Z')).toEqual([
      '2026-03-27T23:00/2026-03-29T22:00',
    ]);
  });

  it('a cancelled override removes its instance; a cancelled series has none', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:daily@test',
      'DTSTART:20260601T100000Z',
      'DURATION:PT1H',
      'RRULE:FREQ=DAILY;COUNT=3',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:daily@test',
      'RECURRENCE-ID:20260602T100000Z',
      'DTSTART:20260602T100000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
      ...event('DTSTART:20260601T120000Z', 'DURATION:PT1H', 'STATUS:CANCELLED'),
    );
    expect(occurrences(text, 'UTC', '2026-06-01T00:00Z', '2026-06-10T00:00Z')).toEqual([
      '2026-06-01T10:00/2026-06-01T11:00',
      '2026-06-03T10:00/2026-06-03T11:00',
    ]);
  });

  it('an override without DTEND keeps the series length', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'DTSTART:20260601T100000Z',
      'DTEND:20260601T130000Z',
      'RRULE:FREQ=WEEKLY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'RECURRENCE-ID:20260608T100000Z',
      'DTSTART:20260609T080000Z',
      'END:VEVENT',
    );
    expect(occurrences(text, 'UTC', '2026-06-07T00:00Z', '2026-06-14T00:00Z')).toEqual([
      '2026-06-09T08:00/2026-06-09T11:00',
    ]);
  });

  it('RDATE adds instances (also with their own period); EXDATE by date removes a timed one', () => {
    const text = calendar(
      ...event(
        'DTSTART;TZID=Europe/Berlin:20260105T180000',
        'DURATION:PT2H',
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        'RDATE;TZID=Europe/Berlin:20260107T180000',
        'RDATE;VALUE=PERIOD:20260109T100000Z/20260109T140000Z',
        'EXDATE;VALUE=DATE:20260112',
      ),
    );
    expect(occurrences(text, 'UTC', '2026-01-05T00:00Z', '2026-01-20T00:00Z')).toEqual([
      '2026-01-05T17:00/2026-01-05T19:00',
      '2026-01-07T17:00/2026-01-07T19:00',
      '2026-01-09T10:00/2026-01-09T14:00',
      '2026-01-19T17:00/2026-01-19T19:00',
    ]);
  });

  it("EXDATE by date removes the instance on the event's own date, whatever the window's zone", () => {
    // The date was taken as midnight in the window's zone: east of the event's zone, that is
    // the day before there, so a freeze calendar lost 23 December and kept the 24th.
    const text = calendar(
      ...event(
        'DTSTART;TZID=America/New_York:20261221T090000',
        'DTEND;TZID=America/New_York:20261221T170000',
        'RRULE:FREQ=DAILY;COUNT=5',
        'EXDATE;VALUE=DATE:20261224',
      ),
    );
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles']) {
      expect(occurrences(text, zone, '2026-12-20T00:00Z', '2026-12-28T00:00Z'), zone).toEqual([
        '2026-12-21T14:00/2026-12-21T22:00',
        '2026-12-22T14:00/2026-12-22T22:00',
        '2026-12-23T14:00/2026-12-23T22:00',
        '2026-12-25T14:00/2026-12-25T22:00',
      ]);
    }
  });

  it("RDATE by date adds an instance on that date at DTSTART's time of day, in the event's zone", () => {
    const text = calendar(
      ...event(
        'DTSTART;TZID=America/New_York:20261221T090000',
        'DTEND;TZID=America/New_York:20261221T170000',
        'RDATE;VALUE=DATE:20261224',
      ),
    );
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
      expect(occurrences(text, zone, '2026-12-20T00:00Z', '2026-12-28T00:00Z'), zone).toEqual([
        '2026-12-21T14:00/2026-12-21T22:00',
        '2026-12-24T14:00/2026-12-24T22:00',
      ]);
    }
  });

  it('DTSTART is always the first instance and counts towards COUNT (RFC 5545)', () => {
    // Tuesday start, Monday rule: Tue 6 Jan, then one Monday.
    const text = calendar(
      ...event('DTSTART:20260106T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2'),
    );
    expect(occurrences(text, 'UTC', '2026-01-01T00:00Z', '2026-03-01T00:00Z')).toEqual([
      '2026-01-06T09:00/2026-01-06T10:00',
      '2026-01-12T09:00/2026-01-12T10:00',
    ]);
  });

  it('reads rule parts in any case and ignores X- extensions', () => {
    const text = calendar(
      ...event(
        'DTSTART:20260105T090000Z',
        'DURATION:PT1H',
        'RRULE:freq=weekly;count=2;X-APPLE-FLAG=1',
      ),
    );
    expect(occurrences(text, 'UTC', '2026-01-01T00:00Z', '2026-03-01T00:00Z')).toEqual([
      '2026-01-05T09:00/2026-01-05T10:00',
      '2026-01-12T09:00/2026-01-12T10:00',
    ]);
  });

  it('UNTIL in UTC bounds a zoned rule inclusively', () => {
    const text = calendar(
      ...event(
        'DTSTART;TZID=America/New_York:20260105T090000',
        'DTEND;TZID=America/New_York:20260105T100000',
        'RRULE:FREQ=DAILY;UNTIL=20260107T140000Z',
      ),
    );
    expect(occurrences(text, 'UTC', '2026-01-01T00:00Z', '2026-02-01T00:00Z')).toEqual([
      '2026-01-05T14:00/2026-01-05T15:00',
      '2026-01-06T14:00/2026-01-06T15:00',
      '2026-01-07T14:00/2026-01-07T15:00',
    ]);
  });
});

describe('time zones', () => {
  it('floating times are read in the window zone', () => {
    const text = calendar(...event('DTSTART:20260701T100000', 'DTEND:20260701T120000'));
    expect(occurrences(text, 'Asia/Tokyo', '2026-06-30T00:00Z', '2026-07-02T00:00Z')).toEqual([
      '2026-07-01T01:00/2026-07-01T03:00',
    ]);
    expect(occurrences(text, 'UTC', '2026-06-30T00:00Z', '2026-07-02T00:00Z')).toEqual([
      '2026-07-01T10:00/2026-07-01T12:00',
    ]);
  });

  it('wall times in a DST gap take the offset before it; repeated times are their first occurrence', () => {
    const spring = calendar(
      ...event(
        'DTSTART;TZID=Europe/Berlin:20260322T023000',
        'DURATION:PT30M',
        'RRULE:FREQ=WEEKLY;COUNT=2',
      ),
    );
    expect(occurrences(spring, 'UTC', '2026-03-20T00:00Z', '2026-04-01T00:00Z')).toEqual([
      '2026-03-22T01:30/2026-03-22T02:00',
      '2026-03-29T01:30/2026-03-29T02:00', // 02:30 does not exist: read with +01:00
    ]);
    const autumn = calendar(
      ...event('DTSTART;TZID=America/New_York:20261101T013000', 'DURATION:PT15M'),
    );
    expect(occurrences(autumn, 'UTC', '2026-10-31T00:00Z', '2026-11-02T00:00Z')).toEqual([
      '2026-11-01T05:30/2026-11-01T05:45', // 01:30 EDT, not EST
    ]);
  });

  it("uses the file's VTIMEZONE for a non-IANA TZID (Outlook), correct on both sides of a change", () => {
    const text = fixture('outlook.ics');
    expect(occurrences(text, 'UTC', '2026-03-20T00:00Z', '2026-04-01T00:00Z')).toEqual([
      '2026-03-23T08:00/2026-03-23T16:00', // 09:00 CET
      '2026-03-30T07:00/2026-03-30T15:00', // 09:00 CEST
    ]);
    expect(occurrences(text, 'UTC', '2026-10-19T00:00Z', '2026-11-01T00:00Z')).toEqual([
      '2026-10-19T07:00/2026-10-19T15:00',
      // 02:30 happens twice: the first (CEST) one; 03:00 happens once (CET): 90 real minutes.
      '2026-10-25T00:30/2026-10-25T02:00',
      '2026-10-26T08:00/2026-10-26T16:00',
    ]);
  });

  it('a VTIMEZONE converts like the IANA zone it describes, every 30 minutes of 2026 (both hemispheres)', () => {
    const sydney = [
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      'TZID:AUS Eastern Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010405T030000',
      'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4',
      'TZOFFSETFROM:+1100',
      'TZOFFSETTO:+1000',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16011004T020000',
      'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10',
      'TZOFFSETFROM:+1000',
      'TZOFFSETTO:+1100',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'END:VCALENDAR',
    ].join('\r\n');
    const cases: [string, string][] = [
      [fixture('outlook.ics'), 'Europe/Berlin'],
      [sydney, 'Australia/Sydney'],
    ];
    for (const [text, zone] of cases) {
      const component = parseDocument(text)[0]?.components.find((c) => c.name === 'VTIMEZONE');
      if (!component) throw new Error('no VTIMEZONE');
      const defined = vtimezoneFrame(component);
      const iana = ianaFrame(zone);
      const mismatches: string[] = [];
      for (
        let t = Date.parse('2026-01-01T00:00Z');
        t < Date.parse('2027-01-01T00:00Z');
        t += 1_800_000
      ) {
        if (defined.toWall(t) !== iana.toWall(t))
          mismatches.push(`instant ${new Date(t).toISOString()}`);
        // The same instant for every wall time, gaps and repeated times included.
        if (defined.toInstant(t) !== iana.toInstant(t))
          mismatches.push(`wall ${new Date(t).toISOString()}`);
      }
      expect(mismatches, zone).toEqual([]);
    }
  });

  it('reads a path-like TZID ending in an IANA name', () => {
    const text = calendar(
      ...event(
        'DTSTART;TZID=/mozilla.org/20070129_1/Europe/Berlin:20260701T090000',
        'DURATION:PT1H',
      ),
    );
    expect(occurrences(text, 'UTC', '2026-07-01T00:00Z', '2026-07-02T00:00Z')).toEqual([
      '2026-07-01T07:00/2026-07-01T08:00',
    ]);
  });
});

// Expansion must terminate and not iterate from DTSTART: a regression shows as the test timeout.
describe('expansion stays bounded', () => {
  it('an infinite daily rule from 1970, asked about a few days in 2090', () => {
    const text = calendar(
      ...event('DTSTART;TZID=Europe/Berlin:19700105T220000', 'DURATION:PT8H', 'RRULE:FREQ=DAILY'),
    );
    const found = occurrences(text, 'UTC', '2090-07-01T00:00Z', '2090-07-04T00:00Z');
    expect(found).toEqual([
      '2090-06-30T20:00/2090-07-01T04:00',
      '2090-07-01T20:00/2090-07-02T04:00',
      '2090-07-02T20:00/2090-07-03T04:00',
      '2090-07-03T20:00/2090-07-04T04:00',
    ]);
  });

  it('a 15-minute rule queried for a year, and a rule that never matches, both finish', () => {
    const every15 = calendar(
      ...event('DTSTART:20000101T000000Z', 'DURATION:PT5M', 'RRULE:FREQ=MINUTELY;INTERVAL=15'),
    );
    expect(occurrences(every15, 'UTC', '2040-01-01T00:00Z', '2041-01-01T00:00Z')).toHaveLength(
      366 * 96,
    );
    const never = calendar(
      ...event(
        'DTSTART:20260101T000000Z',
        'DURATION:PT1H',
        'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      ),
    );
    expect(occurrences(never, 'UTC', '2026-01-02T00:00Z', '2027-01-01T00:00Z')).toEqual([]);
  });

  it('does not invent 30 February (ical.js 2.2.1 would give 2 March)', () => {
    const text = calendar(
      ...event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,30'),
    );
    expect(occurrences(text, 'UTC', '2026-01-02T00:00Z', '2029-01-01T00:00Z')).toEqual([
      '2028-02-29T00:00/2028-03-01T00:00',
    ]);
  });
});

describe('broken calendars are reported by line', () => {
  function problem(text: string) {
    const check = checkCalendar(text);
    expect(check.ok).toBe(false);
    return check.ok ? { line: 0, message: '' } : check;
  }

  it('a line without ":"', () => {
    const found = problem(calendar(...event('DTSTART:20260101T000000Z', 'SUMMARY Freeze')));
    expect(found.line).toBe(7);
    expect(found.message).toBe('SUMMARY: expected ":" before the value');
  });

  it('joins folded lines however they are folded, keeping line numbers', () => {
    // Folded after every character (10,000 pieces, past the batches lines are joined in), a
    // blank line inside the fold, CR, LF and CRLF line ends, a tab as the fold's blank.
    const summary = 'freeze: ask #release first '.repeat(400);
    const folded = [...summary].map((char, i) => (i === 0 ? char : ` ${char}`)).join('\r\n');
    const text = [
      'BEGIN:VCALENDAR\rVERSION:2.0\nBEGIN:VEVENT',
      `SUMMARY:${folded}`,
      '',
      '\tend',
      'DTSTART:2026-01-01',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const [root] = parseDocument(text);
    const vevent = root?.components[0];
    expect(vevent?.properties[0]).toMatchObject({
      name: 'SUMMARY',
      value: `${summary}end`,
      line: 4,
    });
    // The bad DTSTART is reported on its own physical line, after the 10,800 of the summary.
    expect(vevent?.properties[1]).toMatchObject({ name: 'DTSTART', line: 4 + summary.length + 2 });
  });

  it('keeps only the parts a reader names, but still checks the rest', () => {
    const text = calendar(
      ...event('DTSTART:20260601T100000Z', 'X-NOTE:kept nowhere', 'BEGIN:VALARM', 'END:VALARM'),
    );
    const parts = {
      components: new Set(['VCALENDAR', 'VEVENT']),
      properties: new Set(['DTSTART']),
    };
    const [root] = parseDocument(text, parts);
    expect(root?.components.map((component) => component.name)).toEqual(['VEVENT']);
    expect(root?.components[0]?.properties.map((property) => property.name)).toEqual(['DTSTART']);
    expect(root?.components[0]?.components).toEqual([]);
    // An unread component left open and an unread property without a value are still errors.
    const unclosed = calendar(...event('DTSTART:20260601T100000Z', 'BEGIN:VALARM'));
    expect(() => parseDocument(unclosed, parts)).toThrow(/END:VEVENT does not close BEGIN:VALARM/);
    const broken = calendar(...event('DTSTART:20260601T100000Z', 'X-NOTE'));
    expect(() => parseDocument(broken, parts)).toThrow(/expected ":" before the value/);
  });

  it('counts physical lines, folded lines included', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'SUMMARY:A long summary that a calendar app has folded onto',
      '  a second line',
      'DTSTART:2026-01-01',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(problem(text)).toEqual({
      ok: false,
      line: 6,
      message:
        'DTSTART: expected a date (20261224) or date-time (20261224T180000, 20261224T170000Z)',
    });
  });

  it('an event that is never closed, and a mismatched END', () => {
    const unclosed = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART:20260101T000000Z',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(problem(unclosed)).toMatchObject({
      line: 5,
      message: 'END:VCALENDAR does not close BEGIN:VEVENT (line 3)',
    });
    const truncated = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART:20260101T000000Z',
    ].join('\r\n');
    expect(problem(truncated)).toMatchObject({
      line: 3,
      message: 'BEGIN:VEVENT is never closed (no END:VEVENT)',
    });
  });

  it('unknown TZID, bad RRULE, DTEND before DTSTART, missing DTSTART', () => {
    expect(problem(calendar(...event('DTSTART;TZID=Mars/Olympus:20260101T090000')))).toMatchObject({
      line: 6,
      message: expect.stringContaining('unknown TZID: not an IANA zone name'),
    });
    expect(
      problem(calendar(...event('DTSTART:20260101T090000Z', 'RRULE:FREQ=FORTNIGHTLY'))),
    ).toMatchObject({
      line: 7,
      message: expect.stringContaining('RRULE'),
    });
    // The part and what it expects, never the file's own text (test/hostile/ics-content.test.ts).
    const badRules: [string, string][] = [
      ['FREQ=DAILY;BYHOUR=25', 'RRULE: BYHOUR: expected numbers in 0..23'],
      ['FREQ=MONTHLY;BYDAY=2XX', 'RRULE: BYDAY: expected a weekday such as MO'],
      ['FREQ=DAILY;UNTIL=2026-12-31', 'RRULE: UNTIL: expected YYYYMMDD or YYYYMMDDTHHMMSS'],
      [
        'FREQ=DAILY;BYEASTER=1',
        'RRULE: an unknown part: expected FREQ, INTERVAL, COUNT, UNTIL, WKST or a BY... part',
      ],
    ];
    for (const [rule, message] of badRules) {
      expect(problem(calendar(...event('DTSTART:20260101T090000Z', `RRULE:${rule}`)))).toEqual({
        ok: false,
        line: 7,
        message,
      });
    }
    expect(
      problem(calendar(...event('DTSTART:20260101T090000Z', 'DTEND:20260101T080000Z'))),
    ).toMatchObject({
      line: 7,
      message: 'DTEND is before DTSTART (line 6)',
    });
    expect(problem(calendar(...event('SUMMARY:Freeze')))).toMatchObject({
      line: 4,
      message: 'this VEVENT has no DTSTART (when does it start?)',
    });
  });

  it('an event lasting over 3660 days, which a window may not: too long to look back over', () => {
    // An every-minute event ending in 9999 looked back 8,000 years for each question, and a
    // DURATION past the last Date was dropped, opening the gate where it should have denied.
    const tooLong: [string, number, string][] = [
      ['DURATION:P99999999D', 7, 'DURATION: an event may last at most 3660 days'],
      ['DURATION:P523W', 7, 'DURATION: an event may last at most 3660 days'],
      ['DTEND:99991231T000000Z', 7, 'DTEND: an event may last at most 3660 days'],
      [
        'RDATE;VALUE=PERIOD:20260101T090000Z/P3661D',
        7,
        'RDATE: an event may last at most 3660 days',
      ],
    ];
    for (const [line, at, message] of tooLong) {
      expect(
        problem(calendar(...event('DTSTART:20260101T090000Z', line, 'RRULE:FREQ=MINUTELY'))),
        line,
      ).toMatchObject({ line: at, message });
    }
    expect(
      checkCalendar(calendar(...event('DTSTART:20260101T090000Z', 'DURATION:P3660D'))),
    ).toEqual({ ok: true });
  });

  it('a file that is not a calendar', () => {
    expect(problem('')).toMatchObject({
      line: 1,
      message: 'not an iCalendar file: expected BEGIN:VCALENDAR',
    });
    expect(problem('# freeze dates\n2026-12-24\n')).toMatchObject({ line: 1 });
  });

  it('asking a broken calendar for occurrences throws instead of opening the gate', () => {
    expect(() =>
      icsOccurrences(
        { form: 'ics', path: 'x.ics', calendar: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n' },
        'UTC',
        0,
        1,
      ),
    ).toThrow(/never closed/);
  });

  it('an empty calendar is fine and has no occurrences', () => {
    expect(occurrences(calendar(), 'UTC', '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toEqual([]);
  });
});
