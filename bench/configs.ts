// Configs for the benchmark: a realistic 20-window mix, a dense deny calendar whose only
// opening is almost a year away, and the configs of the cold-start measurements.

/** 20 windows of every schedule form but holidays (which needs the date-holidays data). */
export const MIXED_CONFIG = `version: 1
timezone: Europe/Berlin
message: benchmark
windows:
  - { name: core-hours, environments: [production], rrule: "FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0", duration: 6h }
  - { name: us-hours, environments: [production], timezone: America/New_York, rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9", duration: 8h }
  - { name: apac-hours, environments: ["prod-*"], timezone: Asia/Tokyo, time: "09:00-17:00", days: [MO, TU, WE, TH, FR] }
  - { name: nightly, environments: [staging], cron: "30 2 * * *", duration: 90m }
  - { name: weekend-freeze, kind: deny, weekly: { from: "FR 16:00", to: "MO 08:00" } }
  - { name: month-end, kind: deny, monthly: { from: "L 18:00", to: "2 06:00" } }
  - { name: gitlab-style, kind: deny, cron: { start: "0 23 * * FRI", end: "0 7 * * MON" } }
  - { name: holidays-2026, kind: deny, dates: [2026-12-24, 2026-12-25, 2026-12-31, 2027-01-01] }
  - { name: release-freeze, kind: blackout, start: "2026-12-21T00:00", end: "2027-01-04T00:00" }
  - { name: incident, kind: deny, start: "2026-06-01T10:00+02:00", end: "2026-06-01T14:00+02:00" }
  - { name: patch-tuesday, kind: deny, rrule: "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=18", duration: 4h }
  - { name: lunch, kind: deny, environments: [production], time: "12:00-13:00" }
  - { name: maintenance, kind: maintenance, environments: [db], weekly: { from: "SA 02:00", to: "SA 06:00" } }
  - { name: quarterly, kind: deny, rrule: "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1;BYHOUR=12", duration: 1d }
  - { name: canary, environments: [canary], cron: "*/15 9-17 * * 1-5", duration: 10 }
  - { name: eu-evening, kind: deny, environments: ["prod-eu*"], time: "18:00-08:00" }
  - { name: pilot, environments: [pilot], time: "08:00-12:00", days: [MO], until: 2027-06-30 }
  - { name: summer, kind: deny, from: 2026-07-15, until: 2026-08-15, time: "00:00-24:00" }
  - { name: sydney, environments: [prod-au], timezone: Australia/Sydney, rrule: "FREQ=DAILY;BYHOUR=22", duration: 3h }
  - { name: legacy-window, environments: [legacy], cron: "0 6 1 * *", duration: 2h }
`;

/**
 * Blocked for most of a year: a deny occurrence every hour for 59 minutes, plus daily and
 * weekly denials, and the only allow window opens in November next year.
 */
export const DENSE_DENY_CONFIG = `version: 1
timezone: Europe/Berlin
windows:
  - { name: late-release, start: "2027-11-02T10:00", end: "2027-11-02T12:00" }
  - { name: hourly, kind: deny, cron: "0 * * * *", duration: 59 }
  - { name: half-hour, kind: deny, cron: "30 * * * *", duration: 25 }
  - { name: nights, kind: deny, time: "20:00-07:00" }
  - { name: weekends, kind: deny, weekly: { from: "FR 12:00", to: "MO 09:00" } }
  - { name: mondays, kind: deny, rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=0", duration: 1d }
`;

/** Holiday deny windows: one country, then four (each country costs only its own data). */
const holidays = (countries: string[]) => `version: 1
timezone: America/New_York
windows:
${countries.map((country) => `  - { name: holidays-${country}, kind: deny, holidays: { country: ${country} } }`).join('\n')}
`;

/** The files `deploy-window check` runs on in scripts/bench.mjs (written by bench/index.ts). */
export const COLD_START_CONFIGS: Record<string, string> = {
  'mixed.yml': MIXED_CONFIG,
  'holidays-us.yml': holidays(['US']),
  'holidays-4.yml': holidays(['US', 'DE', 'FR', 'JP']),
};
