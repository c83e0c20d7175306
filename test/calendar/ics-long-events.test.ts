// Recurring .ics events whose occurrences last longer than the gap between them: the engine
// joins the ones still running at the start of the span it is asked about (docs/engine.md),
// so the covered time must equal what every occurrence, counted by arithmetic, covers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, merge } from '../../src/core/intervals.js';
import { icsOccurrences } from '../../src/core/schedules/ics.js';
import type { Interval } from '../../src/core/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIRST = Date.UTC(2024, 0, 1);

const icsTime = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

describe('long recurring .ics events', () => {
  it('cover what each of their occurrences covers, excluded ones left out', () => {
    fc.assert(
      fc.property(
        fc.record({
          offsetMinutes: fc.integer({ min: 0, max: 7 * 1440 }),
          frequency: fc.constantFrom('HOURLY', 'DAILY'),
          interval: fc.integer({ min: 1, max: 30 }),
          durationMinutes: fc.oneof(
            fc.integer({ min: 1, max: 3 * 1440 }),
            fc.integer({ min: 3 * 1440, max: 60 * 1440 }),
          ),
          excluded: fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 4 }),
          fromMinutes: fc.integer({ min: 0, max: 3 * 365 * 1440 }),
          spanMinutes: fc.integer({ min: 1, max: 20 * 1440 }),
        }),
        (c) => {
          const dtstart = FIRST + c.offsetMinutes * MINUTE;
          const step = (c.frequency === 'HOURLY' ? HOUR : DAY) * c.interval;
          const length = c.durationMinutes * MINUTE;
          const excluded = new Set(c.excluded.map((n) => dtstart + n * step));
          const text = [
            'BEGIN:VCALENDAR',
            'BEGIN:VEVENT',
            'UID:long@test',
            `DTSTART:${icsTime(dtstart)}`,
            `DURATION:PT${c.durationMinutes}M`,
            `RRULE:FREQ=${c.frequency};INTERVAL=${c.interval}`,
            ...[...excluded].map((ms) => `EXDATE:${icsTime(ms)}`),
            'END:VEVENT',
            'END:VCALENDAR',
            '',
          ].join('\r\n');
          const from = FIRST + c.fromMinutes * MINUTE;
          const to = from + c.spanMinutes * MINUTE;

          const expected: Interval[] = [];
          for (let start = dtstart; start < to; start += step) {
            if (start + length > from && !excluded.has(start)) {
              expected.push({ start, end: start + length });
            }
          }
          const found = icsOccurrences(
            { form: 'ics', path: 'long.ics', calendar: text },
            'UTC',
            from,
            to,
          );
          expect(clip(merge(found), from, to)).toEqual(clip(merge(expected), from, to));
        },
      ),
      { numRuns: 150 },
    );
  });
});
