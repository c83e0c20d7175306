// The shared model of deploy-window: a validated config, the decision, and the
// pieces between them. Everything in src/core is pure: no I/O, no process.

/** Elapsed minutes. */
export type Minutes = number;
/** Milliseconds since the Unix epoch (an instant). */
export type EpochMs = number;

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export interface LocalDateTime extends LocalDate {
  hour: number; // 0-23
  minute: number; // 0-59
}

export interface TimeOfDay {
  hour: number; // 0-24 (24 only as an end: the end of the day)
  minute: number;
}

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface WeekdayTime extends TimeOfDay {
  weekday: Weekday;
}

export interface MonthDayTime extends TimeOfDay {
  day: number | 'L'; // 1-31, or L: the month's last day
}

/** A local wall time read in the window's zone, or an instant given with an explicit offset. */
export type WallOrInstant =
  | { kind: 'local'; local: LocalDateTime }
  | { kind: 'instant'; epochMs: EpochMs };

/** A parsed 5-field cron expression. Sets are sorted ascending, without duplicates. */
export interface CronFields {
  source: string;
  minutes: number[]; // 0-59
  hours: number[]; // 0-23
  daysOfMonth: number[]; // 1-31
  months: number[]; // 1-12
  daysOfWeek: number[]; // 0-6, 0 = Sunday (7 is folded into 0)
  /** False when the day-of-month field is `*` (Vixie cron: then only day-of-week restricts). */
  dayOfMonthRestricted: boolean;
  /** False when the day-of-week field is `*`. */
  dayOfWeekRestricted: boolean;
}

export type Schedule =
  | {
      form: 'rrule';
      /** The RRULE body without a leading `RRULE:`, e.g. `FREQ=WEEKLY;BYDAY=MO`. */
      rule: string;
      /** From a `DTSTART:` line (local wall time); null: the window's `from` date 00:00, else 1970-01-01. */
      dtstart: LocalDateTime | null;
      duration: Minutes;
    }
  | { form: 'cron'; cron: CronFields; duration: Minutes }
  | { form: 'cron-range'; start: CronFields; end: CronFields }
  | { form: 'once'; start: WallOrInstant; end: WallOrInstant }
  | { form: 'time'; start: TimeOfDay; end: TimeOfDay; days: Weekday[] }
  | { form: 'weekly'; from: WeekdayTime; to: WeekdayTime }
  | { form: 'monthly'; from: MonthDayTime; to: MonthDayTime }
  | { form: 'dates'; dates: LocalDate[] }
  | {
      form: 'holidays';
      country: string;
      state: string | null;
      region: string | null;
      types: string[];
      /** The place's holidays of one year, bound by loadConfig from LoadOptions.holidays. */
      datesInYear: (year: number) => LocalDate[];
    }
  | {
      form: 'ics';
      path: string;
      /** The calendar's text, read by the adapter through LoadOptions.readFile. */
      calendar: string;
    };

export type ScheduleForm = Schedule['form'];
export type WindowKind = 'allow' | 'deny';

export interface WindowConfig {
  name: string;
  kind: WindowKind;
  /** Glob patterns; null: the window applies to every environment. */
  environments: string[] | null;
  /** Resolved IANA zone (the window's, else the file's, else UTC; `local` already resolved). */
  timezone: string;
  message: string | null;
  /** In force from this local date 00:00 ... */
  from: LocalDate | null;
  /** ... to the end of this local date (inclusive). */
  until: LocalDate | null;
  schedule: Schedule;
}

export interface ExemptConfig {
  users: string[];
  teams: string[];
  /** A repository path whose CODEOWNERS owners are exempt. */
  codeowners: string | null;
}

export interface Config {
  version: 1;
  /** The path the config was read from (as given to loadConfig). */
  file: string;
  /** The file's default zone (resolved). */
  timezone: string;
  message: string | null;
  exempt: ExemptConfig;
  windows: WindowConfig[];
}

/** One problem in a config file: where it is, which key, and what was expected. */
export interface ConfigIssue {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  /** Key path such as `windows[2].timezone`; empty for the document itself. */
  path: string;
  message: string;
  /** "did you mean" candidate(s), already phrased: `"America/New_York"`. */
  hint?: string;
}

export type LoadResult =
  | { ok: true; config: Config; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[] };

export interface LoadOptions {
  /** The name shown in errors. */
  file: string;
  /** The zone `timezone: local` stands for (the adapter reads TZ / the system zone). Default UTC. */
  localZone?: string;
  /** Reads a repository file referenced by the config (ics). Returns null when it does not exist. */
  readFile?: (path: string) => string | null;
  /** Public-holiday data (date-holidays), loaded by the adapter only when a config needs it. */
  holidays?: HolidayProvider;
}

export type PlaceCheck = { ok: true } | { ok: false; message: string; hint?: string };

/** Holiday data for `holidays` windows. Implemented in src/node on top of date-holidays. */
export interface HolidayProvider {
  /** Is this country/state/region, and are these types, known? hint: close matches. */
  checkPlace(
    country: string,
    state: string | null,
    region: string | null,
    types: string[],
  ): PlaceCheck;
  /** The holidays of one calendar year, as local dates of that place. */
  holidays(
    country: string,
    state: string | null,
    region: string | null,
    types: string[],
    year: number,
  ): LocalDate[];
}

/** A half-open interval of instants [start, end). */
export interface Interval {
  start: EpochMs;
  end: EpochMs;
}

/** A deny period the platform adds (GitLab's deploy freeze). end null: open-ended. */
export interface ExtraDeny {
  name: string;
  start: EpochMs;
  end: EpochMs | null;
  timezone?: string;
}

export interface DecisionQuery {
  /** null: every window applies (a warning says so). */
  environment: string | null;
  at: EpochMs;
  /** Minimum runway: required open time from the decision instant on. Default 0. */
  minDuration?: Minutes;
  /** How far closesAt / nextOpen look. Default 366 days. */
  horizon?: Minutes;
  extraDeny?: ExtraDeny[];
  /** How many upcoming open periods to list. Default 5. */
  upcomingCount?: number;
}

export type Reason =
  | 'no-windows'
  | 'inside-allow-window'
  | 'no-allow-windows'
  | 'outside-allow-window'
  | 'inside-deny-window'
  | 'exempt';

export interface OpenPeriod {
  start: string; // ISO 8601 UTC
  /** null: still open at the horizon. */
  end: string | null;
}

/** The decision, exactly as `check --format json` prints it. Instants are ISO 8601 UTC with Z. */
export interface Decision {
  allowed: boolean;
  reason: Reason;
  environment: string | null;
  at: string;
  activeWindows: string[];
  blockingWindows: string[];
  closesAt: string | null;
  nextOpen: string | null;
  message: string | null;
  warnings: string[];
  exempt: boolean;
  /** Who or what exempted the actor, e.g. `user:alice`, `team:acme/release`, `codeowners:@acme/ops`. */
  exemptBy: string | null;
  /** The zone local times are shown in: the zone of the window behind nextOpen/closesAt, else the file's. */
  timezone: string;
  /** minDuration and horizon as used, in minutes. */
  minDuration: Minutes;
  horizon: Minutes;
  /** The next open periods from `at` on (the current one first when allowed), within the horizon. */
  upcoming: OpenPeriod[];
}
