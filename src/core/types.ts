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
  /**
   * Days counted from the month's end in the day-of-month field: 1 is its last day (`L`), 2 the
   * day before (fugit's `-2`).
   */
  daysFromMonthEnd: number[];
  /** `FRI#2`, `5#-1` in the day-of-week field: the nth such weekday of the month (from its end when negative). */
  nthDaysOfWeek: { weekday: number; nth: number }[];
  /**
   * fugit's `&` (GitLab freeze periods): when both day fields restrict, a day must match both,
   * not either.
   */
  bothDaysMustMatch: boolean;
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
  /**
   * `require-reason`: an exempt actor passes outside the windows only with a non-empty reason
   * (docs/overrides.md). loadConfig always sets it; absent (configs built in code): false.
   */
  requireReason?: boolean;
}

/** What a notification reports: a blocked run, an override, a re-run dispatched. */
export type NotifyEvent = 'blocked' | 'override' | 'rerun';
export const NOTIFY_EVENTS: readonly NotifyEvent[] = ['blocked', 'override', 'rerun'];
export type NotifyFormat = 'slack' | 'teams' | 'json';
export const NOTIFY_FORMATS: readonly NotifyFormat[] = ['slack', 'teams', 'json'];

/** One `notify:` target (docs/overrides.md). The URL itself is never in the config. */
export interface NotifyTarget {
  /** Names the target in warnings (the URL is never shown). */
  name: string;
  /** The environment variable that holds the webhook URL (a CI secret). */
  urlEnv: string;
  format: NotifyFormat;
  /** The events it is sent on, without duplicates, in the order written. */
  on: NotifyEvent[];
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
  /** Webhooks told about blocked runs, overrides and re-runs. loadConfig always sets it; absent: none. */
  notify?: NotifyTarget[];
  /**
   * The policy files this one builds on, in the order written (docs/organisation.md).
   * loadConfig always sets it; absent (configs built in code): none.
   */
  extends?: PolicySource[];
}

/** The platforms a policy source may name before `>` (`local`: the one this run is on). */
export const POLICY_PLATFORMS = ['github', 'gitlab', 'local'] as const;
export type PolicyPlatform = (typeof POLICY_PLATFORMS)[number];

/** Where a policy source was written: its file, line, column and key path (`extends[1]`). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** Key path of the entry, e.g. `extends[1]`. */
  key: string;
}

interface PolicySourceBase {
  /** The source as written (trimmed): names it in messages and its windows as `SOURCE#name`. */
  written: string;
  /** Where it was written; null for sources built in code. */
  position: SourcePosition | null;
}

/** A file of another repository: `github>owner/name:path#ref`, `gitlab>group/sub/project`, `local>...`. */
export interface RepositorySource extends PolicySourceBase {
  kind: PolicyPlatform;
  /** `owner/name` on GitHub, the project's full path on GitLab. */
  repo: string;
  /** Repository-relative, normalised; `deploy-windows.yml` when not given. */
  path: string;
  /** null: the repository's default branch. */
  ref: string | null;
}

/** A file of the repository the extending file lives in, at the same ref: `./policy/team.yml`. */
export interface PathSource extends PolicySourceBase {
  kind: 'path';
  /** Repository-relative, normalised (`policy/team.yml`). */
  path: string;
}

/** One entry of `extends:`. */
export type PolicySource = RepositorySource | PathSource;

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
  /**
   * Reads a repository file referenced by the config (ics): its text, null when it does not
   * exist, or why it cannot be used (outside the repository, over a limit), shown as the error.
   */
  readFile?: (path: string) => string | null | FileRefusal;
  /** Public-holiday data (date-holidays), loaded by the adapter only when a config needs it. */
  holidays?: HolidayProvider;
}

/** A file the config names exists but cannot be used; `reason` is shown to the user. */
export interface FileRefusal {
  readonly refused: string;
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
  start: EpochMs;
  /** null: still open at the horizon. */
  end: EpochMs | null;
}

/**
 * The decision. Its fields are those `check --format json` prints (docs/engine.md); instants
 * are epoch milliseconds here, and ISO 8601 UTC strings in every output (formatInstant in
 * time/instant.ts, at the edges: render/json.ts, the renderers, the platforms' outputs).
 */
export interface Decision {
  allowed: boolean;
  reason: Reason;
  environment: string | null;
  at: EpochMs;
  activeWindows: string[];
  blockingWindows: string[];
  closesAt: EpochMs | null;
  nextOpen: EpochMs | null;
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
  /**
   * Set when an exempt actor passed outside the windows (src/core/override.ts); the JSON
   * decision always has the key (null when none). Absent: none.
   */
  override?: Override | null;
  /**
   * One entry per policy layer, outermost org first, the file itself last (docs/
   * organisation.md). decide() always sets it; absent (decisions built in code): one file.
   */
  layers?: LayerDecision[];
}

/** One policy layer's own verdict at the decision's instant (docs/organisation.md). */
export interface LayerDecision {
  /** The source as written in `extends` (`github>acme/deploy-policy:org.yml#v3`); the file's own path for the file itself. */
  source: string;
  /** This layer alone allows (its windows, zones, environment globs and the runway). */
  allowed: boolean;
  reason: Reason;
  /** Its deny windows in force, named as in the decision's blockingWindows. */
  blockingWindows: string[];
}

/** An exempt pass outside the windows: who, why, past which layers, when (docs/overrides.md). */
export interface Override {
  /** The exempt actor's login. */
  actor: string;
  /** The reason given (one line, at most MAX_REASON_LENGTH characters); null: none given. */
  reason: string | null;
  /** The sources whose windows it overrode (for now the one config file). */
  layers: string[];
  /** The instant the decision was made for (ISO 8601 UTC in every output). */
  at: EpochMs;
}
