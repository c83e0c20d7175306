import { describe, expect, it } from 'vitest';
import { timeline } from '../../src/core/timeline.js';
import type { LocalDate, Schedule, WindowConfig } from '../../src/core/types.js';
import {
  at,
  config,
  cron,
  cronRange,
  date,
  dates,
  monthly,
  once,
  onceInstant,
  rrule,
  time,
  weekly,
  window,
} from './engine-builders.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** The occurrences of one window in [from, to), as `start/end` strings in UTC. */
function occurrences(
  schedule: Schedule,
  zone: string,
  from: string,
  to: string,
  overrides: Partial<WindowConfig> = {},
): string[] {
  const result = timeline(config([window('w', schedule, { timezone: zone, ...overrides })]), {
    environment: 'production',
    from: at(from),
    to: at(to),
  });
  return result.occurrences.map((o) => `${iso(o.start)}/${iso(o.end)}`);
}

describe('time of day', () => {
  it('starts on the listed days and crosses midnight when the end is before the start', () => {
    expect(
      occurrences(
        time('22:00-06:00', ['FR']),
        'Europe/Berlin',
        '2026-11-23T00:00Z',
        '2026-12-01T00:00Z',
      ),
    ).toEqual(['2026-11-27T21:00Z/2026-11-28T05:00Z']);
  });

  it('keeps 09:00-17:00 local on both sides of a DST change', () => {
    expect(
      occurrences(
        time('09:00-17:00', ['FR', 'MO']),
        'America/New_York',
        '2026-03-06T00:00Z',
        '2026-03-10T00:00Z',
      ),
    ).toEqual(['2026-03-06T14:00Z/2026-03-06T22:00Z', '2026-03-09T13:00Z/2026-03-09T21:00Z']);
  });

  it('reads 24:00 as the end of the day and 00:00-24:00 as the whole day', () => {
    expect(
      occurrences(time('20:00-24:00', ['SA']), 'UTC', '2026-11-23T00:00Z', '2026-12-01T00:00Z'),
    ).toEqual(['2026-11-28T20:00Z/2026-11-29T00:00Z']);
    expect(
      occurrences(
        time('00:00-24:00', ['SA', 'SU']),
        'UTC',
        '2026-11-23T00:00Z',
        '2026-12-01T00:00Z',
      ),
    ).toEqual(['2026-11-28T00:00Z/2026-11-29T00:00Z', '2026-11-29T00:00Z/2026-11-30T00:00Z']);
  });

  it('lasts three real hours for 01:00-03:00 on the fall-back night (01:00 is the first pass)', () => {
    expect(
      occurrences(
        time('01:00-03:00'),
        'America/New_York',
        '2026-11-01T00:00Z',
        '2026-11-01T12:00Z',
      ),
    ).toEqual(['2026-11-01T05:00Z/2026-11-01T08:00Z']);
  });

  it('has no window for an hour that does not exist (02:00-03:00 on the spring-forward night)', () => {
    expect(
      occurrences(
        time('02:00-03:00'),
        'America/New_York',
        '2026-03-08T00:00Z',
        '2026-03-08T12:00Z',
      ),
    ).toEqual([]);
  });

  it('handles Lord Howe 30-minute shifts: 01:00-03:00 on the fall-back night is 2h30m', () => {
    expect(
      occurrences(
        time('01:00-03:00'),
        'Australia/Lord_Howe',
        '2026-04-04T12:00Z',
        '2026-04-05T00:00Z',
      ),
    ).toEqual(['2026-04-04T14:00Z/2026-04-04T16:30Z']);
  });
});

describe('rrule', () => {
  it('starts BYHOUR=9 at 09:00 local on both sides of a DST change', () => {
    expect(
      occurrences(
        rrule('FREQ=DAILY;BYHOUR=9;BYMINUTE=0', 60),
        'America/New_York',
        '2026-03-07T00:00Z',
        '2026-03-10T00:00Z',
      ),
    ).toEqual([
      '2026-03-07T14:00Z/2026-03-07T15:00Z',
      '2026-03-08T13:00Z/2026-03-08T14:00Z',
      '2026-03-09T13:00Z/2026-03-09T14:00Z',
    ]);
  });

  it('measures duration in elapsed time across a DST change', () => {
    expect(
      occurrences(
        rrule('FREQ=DAILY;BYHOUR=22;BYMINUTE=0', 480),
        'America/New_York',
        '2026-03-08T00:00Z',
        '2026-03-08T12:00Z',
      ),
    ).toEqual(['2026-03-08T03:00Z/2026-03-08T11:00Z']);
  });

  it('keeps the INTERVAL phase from DTSTART years later', () => {
    const got = occurrences(
      rrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0', 60, '2026-01-05T09:00'),
      'UTC',
      '2031-01-01T00:00Z',
      '2031-02-01T00:00Z',
    );
    const weeksSinceStart = (text: string) =>
      (Date.parse(text.split('/')[0] as string) - Date.parse('2026-01-05T09:00Z')) /
      (7 * 86_400_000);
    expect(got.length).toBe(2);
    for (const occurrence of got) expect(weeksSinceStart(occurrence) % 2).toBe(0);
  });

  it('keeps a MONTHLY INTERVAL=3 phase and a YEARLY day from DTSTART', () => {
    expect(
      occurrences(
        rrule('FREQ=MONTHLY;INTERVAL=3', 60, '2020-02-15T08:00'),
        'UTC',
        '2030-01-01T00:00Z',
        '2030-12-31T00:00Z',
      ),
    ).toEqual([
      '2030-02-15T08:00Z/2030-02-15T09:00Z',
      '2030-05-15T08:00Z/2030-05-15T09:00Z',
      '2030-08-15T08:00Z/2030-08-15T09:00Z',
      '2030-11-15T08:00Z/2030-11-15T09:00Z',
    ]);
    expect(
      occurrences(
        rrule('FREQ=YEARLY', 1440, '2024-02-29T00:00'),
        'UTC',
        '2025-01-01T00:00Z',
        '2029-01-01T00:00Z',
      ),
    ).toEqual(['2028-02-29T00:00Z/2028-03-01T00:00Z']);
  });

  it('defaults DTSTART to the window from date at 00:00', () => {
    expect(
      occurrences(
        rrule('FREQ=DAILY;INTERVAL=2', 60),
        'UTC',
        '2026-11-01T00:00Z',
        '2026-11-07T00:00Z',
        {
          from: date('2026-11-02'),
        },
      ),
    ).toEqual([
      '2026-11-02T00:00Z/2026-11-02T01:00Z',
      '2026-11-04T00:00Z/2026-11-04T01:00Z',
      '2026-11-06T00:00Z/2026-11-06T01:00Z',
    ]);
  });

  it('honours COUNT and UNTIL', () => {
    expect(
      occurrences(
        rrule('FREQ=DAILY;COUNT=2', 60, '2026-11-02T10:00'),
        'UTC',
        '2026-11-01T00:00Z',
        '2026-11-30T00:00Z',
      ),
    ).toEqual(['2026-11-02T10:00Z/2026-11-02T11:00Z', '2026-11-03T10:00Z/2026-11-03T11:00Z']);
    expect(
      occurrences(
        rrule('FREQ=DAILY;UNTIL=20261103T235959', 60, '2026-11-02T10:00'),
        'UTC',
        '2026-11-01T00:00Z',
        '2026-11-30T00:00Z',
      ),
    ).toHaveLength(2);
  });

  it('includes an occurrence that started before the span and is still running', () => {
    expect(
      occurrences(
        rrule('FREQ=WEEKLY;BYDAY=FR;BYHOUR=18;BYMINUTE=0', 3 * 1440),
        'UTC',
        '2026-11-30T00:00Z',
        '2026-11-30T01:00Z',
      ),
    ).toEqual(['2026-11-27T18:00Z/2026-11-30T18:00Z']);
  });

  for (const rule of [
    'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
    'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
    'FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31',
    'FREQ=HOURLY;INTERVAL=2;BYHOUR=1',
    'FREQ=MINUTELY;INTERVAL=30;BYMINUTE=15',
    'FREQ=MONTHLY;INTERVAL=12;BYMONTH=2',
  ]) {
    it(`returns no occurrence, promptly, for a rule that never matches: ${rule}`, () => {
      expect(
        occurrences(
          rrule(rule, 60, '2026-01-01T00:00'),
          'UTC',
          '2026-01-01T00:00Z',
          '2027-01-01T00:00Z',
        ),
      ).toEqual([]);
    });
  }
});

describe('cron', () => {
  it('starts at each match in local wall time', () => {
    expect(
      occurrences(
        cron('0 9 * * 1-5', 480),
        'America/New_York',
        '2026-03-06T00:00Z',
        '2026-03-10T00:00Z',
      ),
    ).toEqual(['2026-03-06T14:00Z/2026-03-06T22:00Z', '2026-03-09T13:00Z/2026-03-09T21:00Z']);
  });

  it('matches either day field when both are restricted (Vixie cron)', () => {
    // November 2026: the 13th is a Friday; Fridays are 6, 13, 20, 27.
    const starts = occurrences(
      cron('0 0 13 * 5', 60),
      'UTC',
      '2026-11-01T00:00Z',
      '2026-12-01T00:00Z',
    ).map((o) => o.slice(8, 10));
    expect(starts).toEqual(['06', '13', '20', '27']);
    const thirteenthsOrMondays = occurrences(
      cron('0 0 1 * 1', 60),
      'UTC',
      '2026-11-01T00:00Z',
      '2026-11-10T00:00Z',
    );
    expect(thirteenthsOrMondays.map((o) => o.slice(8, 10))).toEqual(['01', '02', '09']);
  });

  it('runs a start/end range from each start to the first end after it', () => {
    expect(
      occurrences(
        cronRange('0 23 * * 5', '0 7 * * 1'),
        'Europe/Berlin',
        '2026-11-28T12:00Z',
        '2026-11-29T12:00Z',
      ),
    ).toEqual(['2026-11-27T22:00Z/2026-11-30T06:00Z']);
  });

  it('pairs a start/end range in wall time: none on the night 02:30 does not exist', () => {
    expect(
      occurrences(
        cronRange('30 2 * * *', '0 3 * * *'),
        'America/New_York',
        '2026-03-07T00:00Z',
        '2026-03-10T00:00Z',
      ),
    ).toEqual(['2026-03-07T07:30Z/2026-03-07T08:00Z', '2026-03-09T06:30Z/2026-03-09T07:00Z']);
  });

  it('fires a 02:30 cron once on both DST nights', () => {
    expect(
      occurrences(
        cron('30 2 * * *', 10),
        'America/New_York',
        '2026-03-08T00:00Z',
        '2026-03-08T12:00Z',
      ),
    ).toEqual(['2026-03-08T07:30Z/2026-03-08T07:40Z']);
    expect(
      occurrences(
        cron('30 1 * * *', 10),
        'America/New_York',
        '2026-11-01T00:00Z',
        '2026-11-01T12:00Z',
      ),
    ).toEqual(['2026-11-01T05:30Z/2026-11-01T05:40Z']);
  });
});

describe('once, weekly, monthly, dates, holidays', () => {
  it('once: local date-times in the zone, or explicit instants', () => {
    expect(
      occurrences(
        once('2026-12-24T18:00', '2026-12-27T00:00'),
        'Europe/Berlin',
        '2026-12-01T00:00Z',
        '2027-01-01T00:00Z',
      ),
    ).toEqual(['2026-12-24T17:00Z/2026-12-26T23:00Z']);
    expect(
      occurrences(
        onceInstant('2026-12-24T18:00+01:00', '2026-12-25T00:00+01:00'),
        'America/New_York',
        '2026-12-01T00:00Z',
        '2027-01-01T00:00Z',
      ),
    ).toEqual(['2026-12-24T17:00Z/2026-12-24T23:00Z']);
  });

  it('weekly: Friday 18:00 to Monday 06:00 across the autumn change', () => {
    expect(
      occurrences(
        weekly('FR 18:00', 'MO 06:00'),
        'Europe/Berlin',
        '2026-10-24T00:00Z',
        '2026-10-25T00:00Z',
      ),
    ).toEqual(['2026-10-23T16:00Z/2026-10-26T05:00Z']);
  });

  it('weekly: the same day and time is a full week', () => {
    expect(
      occurrences(weekly('MO 06:00', 'MO 06:00'), 'UTC', '2026-11-25T00:00Z', '2026-11-26T00:00Z'),
    ).toEqual(['2026-11-23T06:00Z/2026-11-30T06:00Z']);
  });

  it('monthly: L is the last day, including Feb 29 in a leap year', () => {
    expect(
      occurrences(monthly('L 22:00', '1 06:00'), 'UTC', '2028-02-02T00:00Z', '2028-03-15T00:00Z'),
    ).toEqual(['2028-02-29T22:00Z/2028-03-01T06:00Z']);
  });

  it('monthly: a month without the start day has no window', () => {
    expect(
      occurrences(monthly('31 20:00', '1 08:00'), 'UTC', '2026-11-02T00:00Z', '2027-01-03T00:00Z'),
    ).toEqual(['2026-12-31T20:00Z/2027-01-01T08:00Z']);
  });

  it('monthly: 1 22:30 to 2 06:30 local', () => {
    expect(
      occurrences(
        monthly('1 22:30', '2 06:30'),
        'Europe/Berlin',
        '2026-11-01T00:00Z',
        '2026-12-01T00:00Z',
      ),
    ).toEqual(['2026-11-01T21:30Z/2026-11-02T05:30Z']);
  });

  it('dates: whole local days', () => {
    expect(
      occurrences(
        dates('2026-12-25', '2027-01-01'),
        'Australia/Sydney',
        '2026-12-01T00:00Z',
        '2027-02-01T00:00Z',
      ),
    ).toEqual(['2026-12-24T13:00Z/2026-12-25T13:00Z', '2026-12-31T13:00Z/2027-01-01T13:00Z']);
  });

  it('holidays: each year asked for its dates, whole local days', () => {
    const asked: number[] = [];
    const holidays: Schedule = {
      form: 'holidays',
      country: 'US',
      state: null,
      region: null,
      types: ['public'],
      datesInYear: (year): LocalDate[] => {
        asked.push(year);
        return [{ year, month: 7, day: 4 }];
      },
    };
    expect(
      occurrences(holidays, 'America/New_York', '2026-06-01T00:00Z', '2027-08-01T00:00Z'),
    ).toEqual(['2026-07-04T04:00Z/2026-07-05T04:00Z', '2027-07-04T04:00Z/2027-07-05T04:00Z']);
    expect(asked).toContain(2027);
  });

  it('holidays: the year before is asked for only from 1 January (its last day can reach past midnight)', () => {
    const asked: number[] = [];
    const holidays: Schedule = {
      form: 'holidays',
      country: 'CN',
      state: null,
      region: null,
      types: ['public'],
      datesInYear: (year): LocalDate[] => {
        asked.push(year);
        return [{ year, month: 12, day: 31 }];
      },
    };
    // A lunar calendar's year costs milliseconds: a span within one year asks for that year.
    expect(
      occurrences(holidays, 'Asia/Shanghai', '2026-11-30T16:00Z', '2026-12-08T16:00Z'),
    ).toEqual([]);
    expect(asked).toEqual([2026]);
    asked.length = 0;
    expect(
      occurrences(holidays, 'Asia/Shanghai', '2026-12-31T16:00Z', '2027-01-02T16:00Z'),
    ).toEqual([]);
    expect(asked).toEqual([2026, 2027]);
    asked.length = 0;
    expect(
      occurrences(holidays, 'Asia/Shanghai', '2026-12-31T15:00Z', '2027-01-02T16:00Z'),
    ).toEqual(['2026-12-30T16:00Z/2026-12-31T16:00Z']);
  });
});

describe('validity (from / until)', () => {
  it('cuts occurrences at the local edges of the span', () => {
    expect(
      occurrences(time('22:00-06:00'), 'Europe/Berlin', '2026-12-30T00:00Z', '2027-01-03T00:00Z', {
        until: date('2026-12-31'),
      }),
    ).toEqual([
      '2026-12-29T21:00Z/2026-12-30T05:00Z',
      '2026-12-30T21:00Z/2026-12-31T05:00Z',
      '2026-12-31T21:00Z/2026-12-31T23:00Z',
    ]);
    expect(
      occurrences(time('22:00-06:00'), 'Europe/Berlin', '2026-12-30T00:00Z', '2027-01-01T12:00Z', {
        from: date('2027-01-01'),
      }),
    ).toEqual(['2026-12-31T23:00Z/2027-01-01T05:00Z']);
  });
});
