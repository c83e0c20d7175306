// The config of worked-examples.yml, built by hand as a typed Config (the engine alone).
import type { Config } from '../../src/core/types.js';
import { config, date, once, rrule, time, window } from './engine-builders.js';

export const workedExamplesConfig: Config = config(
  [
    window('core-hours', rrule('FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0', 360), {
      environments: ['production'],
      timezone: 'Europe/Berlin',
    }),
    window('night-0230', rrule('FREQ=DAILY;BYHOUR=2;BYMINUTE=30', 30), {
      environments: ['night'],
      timezone: 'Europe/Berlin',
    }),
    window('release-freeze', once('2026-12-21T00:00', '2027-01-04T00:00'), {
      kind: 'deny',
      timezone: 'Europe/Berlin',
    }),
    window('pilot', time('08:00-12:00', ['MO']), {
      environments: ['pilot'],
      timezone: 'Europe/Berlin',
      until: date('2026-12-31'),
    }),
  ],
  {
    timezone: 'Europe/Berlin',
    message: 'Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release',
  },
);
