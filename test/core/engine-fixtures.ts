// Configs for performance measurements (also handy for ad-hoc profiling).
import type { Config } from '../../src/core/types.js';
import {
  config,
  cron,
  cronRange,
  date,
  dates,
  monthly,
  once,
  rrule,
  time,
  weekly,
  window,
} from './engine-builders.js';

/** A 20-window config mixing every form, zones and environments. */
export function mixedConfig(): Config {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC'];
  const forms = [
    rrule('FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0', 360),
    time('09:00-17:00', ['MO', 'TU', 'WE', 'TH', 'FR']),
    weekly('FR 18:00', 'MO 06:00'),
    cron('0 9 * * 1-5', 480),
    monthly('L 20:00', '1 08:00'),
    dates('2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'),
    once('2026-12-21T00:00', '2027-01-04T00:00'),
    cronRange('0 23 * * 5', '0 7 * * 1'),
    rrule('FREQ=DAILY;BYHOUR=2;BYMINUTE=30', 30),
    time('22:00-06:00'),
  ];
  const windows = Array.from({ length: 20 }, (_, i) =>
    window(`w${i}`, forms[i % forms.length] as never, {
      kind: i % 3 === 2 ? 'deny' : 'allow',
      timezone: zones[i % zones.length] as string,
      environments: i % 4 === 0 ? null : [i % 2 ? 'production' : 'prod-*', 'staging'],
      until: i === 7 ? date('2027-06-30') : null,
    }),
  );
  return config(windows, { timezone: 'Europe/Berlin' });
}

/** Hourly deny windows all year, with a single open hour at the end. */
export function denseDenyConfig(): Config {
  return config([
    window('open-late', once('2027-11-20T10:00', '2027-11-20T11:00'), { timezone: 'UTC' }),
    window('every-hour', cron('0 * * * *', 59), { kind: 'deny', timezone: 'Europe/Berlin' }),
    window('every-hour-end', cron('59 * * * *', 1), { kind: 'deny', timezone: 'Europe/Berlin' }),
  ]);
}
