// The engine asks for occurrences span by span: asking in pieces must find exactly what one
// question over the whole span finds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icsOccurrences } from '../../src/core/schedules/ics.js';

const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:a@test',
  'DTSTART;TZID=America/New_York:20260102T220000',
  'DTEND;TZID=America/New_York:20260103T060000',
  'RRULE:FREQ=WEEKLY;BYDAY=FR,SA',
  'EXDATE;TZID=America/New_York:20260313T220000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:b@test',
  'DTSTART:20260101T013000',
  'DURATION:PT45M',
  'RRULE:FREQ=DAILY;INTERVAL=3',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:c@test',
  'DTSTART;VALUE=DATE:20260131',
  'RRULE:FREQ=MONTHLY;BYMONTHDAY=-1',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const schedule = { form: 'ics' as const, path: 'freeze.ics', calendar: CALENDAR };
const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN = 366 * 86_400_000;

function key(zone: string, from: number, to: number): string[] {
  return icsOccurrences(schedule, zone, from, to).map((o) => `${o.start}/${o.end}`);
}

describe('ics occurrences, asked in pieces', () => {
  it('are the same as asked at once, in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'),
        fc.integer({ min: 0, max: SPAN - 14 * 86_400_000 }),
        fc.array(fc.integer({ min: 1, max: 14 * 86_400_000 - 1 }), { minLength: 1, maxLength: 4 }),
        (zone, offset, cuts) => {
          const from = START + offset;
          const to = from + 14 * 86_400_000;
          const edges = [
            from,
            ...[...new Set(cuts)].sort((a, b) => a - b).map((cut) => from + cut),
            to,
          ];
          const pieces = new Set<string>();
          for (let i = 0; i + 1 < edges.length; i++) {
            for (const found of key(zone, edges[i] as number, edges[i + 1] as number))
              pieces.add(found);
          }
          expect([...pieces].sort()).toEqual(key(zone, from, to).sort());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('are the same whatever was asked before (kept spans of recurring events)', () => {
    // Yearly, hourly (too dense to keep), floating and all-day events besides the ones above.
    const calendar = CALENDAR.replace(
      'END:VCALENDAR',
      [
        'BEGIN:VEVENT',
        'UID:d@test',
        'DTSTART:20200229T120000Z',
        'DURATION:PT1H',
        'RRULE:FREQ=YEARLY',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:e@test',
        'DTSTART:20260301T000000',
        'DURATION:PT10M',
        'RRULE:FREQ=HOURLY;INTERVAL=5;UNTIL=20260601T000000',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    const DAY = 86_400_000;
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Berlin', 'Australia/Sydney'),
        fc.array(
          fc.tuple(fc.integer({ min: -400, max: 800 }), fc.integer({ min: 1, max: 90 * 24 })),
          { minLength: 1, maxLength: 8 },
        ),
        (zone, asks) => {
          const kept = { form: 'ics' as const, path: 'freeze.ics', calendar };
          asks.forEach(([day, hours], i) => {
            const from = START + day * DAY;
            const to = from + hours * 3_600_000;
            // A text of its own: loaded afresh, nothing kept from earlier questions.
            const fresh = { ...kept, calendar: `${calendar}${'\r\n'.repeat(i + 1)}` };
            const answer = (schedule: typeof kept) =>
              icsOccurrences(schedule, zone, from, to)
                .filter((o) => o.start < to && o.end > from)
                .map((o) => `${o.start}/${o.end}`)
                .sort();
            expect(answer(kept)).toEqual(answer(fresh));
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
