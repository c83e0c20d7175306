// Small builders for typed Config objects in engine tests (no YAML involved).
import type {
  Config,
  CronFields,
  LocalDate,
  LocalDateTime,
  Schedule,
  TimeOfDay,
  Weekday,
  WindowConfig,
} from '../../src/core/types.js';

export function config(windows: WindowConfig[], overrides: Partial<Config> = {}): Config {
  return {
    version: 1,
    file: 'test.yml',
    timezone: 'UTC',
    message: null,
    exempt: { users: [], teams: [], codeowners: null },
    windows,
    ...overrides,
  };
}

export function window(
  name: string,
  schedule: Schedule,
  overrides: Partial<WindowConfig> = {},
): WindowConfig {
  return {
    name,
    kind: 'allow',
    environments: null,
    timezone: 'UTC',
    message: null,
    from: null,
    until: null,
    schedule,
    ...overrides,
  };
}

export function date(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function local(text: string): LocalDateTime {
  const [day, time = '00:00'] = text.split('T') as [string, string?];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { ...date(day), hour, minute };
}

export function tod(text: string): TimeOfDay {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

export const rrule = (rule: string, duration: number, dtstart: string | null = null): Schedule => ({
  form: 'rrule',
  rule,
  dtstart: dtstart === null ? null : local(dtstart),
  duration,
});

export const time = (
  range: string,
  days: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
): Schedule => {
  const [start, end] = range.split('-') as [string, string];
  return { form: 'time', start: tod(start), end: tod(end), days };
};

export const once = (start: string, end: string): Schedule => ({
  form: 'once',
  start: { kind: 'local', local: local(start) },
  end: { kind: 'local', local: local(end) },
});

export const onceInstant = (start: string, end: string): Schedule => ({
  form: 'once',
  start: { kind: 'instant', epochMs: Date.parse(start) },
  end: { kind: 'instant', epochMs: Date.parse(end) },
});

export const weekly = (from: string, to: string): Schedule => {
  const [fromDay, fromTime] = from.split(' ') as [Weekday, string];
  const [toDay, toTime] = to.split(' ') as [Weekday, string];
  return {
    form: 'weekly',
    from: { weekday: fromDay, ...tod(fromTime) },
    to: { weekday: toDay, ...tod(toTime) },
  };
};

export const monthly = (from: string, to: string): Schedule => {
  const part = (text: string) => {
    const [day, clock] = text.split(' ') as [string, string];
    return { day: day === 'L' ? ('L' as const) : Number(day), ...tod(clock) };
  };
  return { form: 'monthly', from: part(from), to: part(to) };
};

export const dates = (...days: string[]): Schedule => ({ form: 'dates', dates: days.map(date) });

/**
 * A tiny cron parser for tests: numbers, `*`, lists, ranges and steps, `L` and `-n` (days from
 * the month's end), `weekday#n`, and a trailing `&` on a day field (both day fields must match).
 */
export function cronFields(source: string): CronFields {
  const limits: [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 6],
  ];
  const daysFromMonthEnd: number[] = [];
  const nthDaysOfWeek: { weekday: number; nth: number }[] = [];
  const parts = source.split(' ');
  const bothDaysMustMatch = parts.some((part) => part.endsWith('&'));
  const fields = parts.map((written, index) => {
    const field = written.replace(/&$/, '');
    const [min, max] = limits[index] as [number, number];
    const values = new Set<number>();
    for (const part of field.split(',')) {
      if (part === 'L' || /^-\d+$/.test(part)) {
        daysFromMonthEnd.push(part === 'L' ? 1 : -Number(part));
        continue;
      }
      if (part.includes('#')) {
        const [weekday, nth] = part.split('#').map(Number) as [number, number];
        nthDaysOfWeek.push({ weekday: weekday % 7, nth });
        continue;
      }
      const [range = '*', stepText] = part.split('/');
      const step = stepText ? Number(stepText) : 1;
      const [low, high] =
        range === '*'
          ? [min, max]
          : range.includes('-')
            ? (range.split('-').map(Number) as [number, number])
            : [Number(range), stepText ? max : Number(range)];
      for (let v = low; v <= high; v += step) values.add(index === 4 && v === 7 ? 0 : v);
    }
    return [...values].sort((a, b) => a - b);
  });
  return {
    source,
    minutes: fields[0] ?? [],
    hours: fields[1] ?? [],
    daysOfMonth: fields[2] ?? [],
    months: fields[3] ?? [],
    daysOfWeek: fields[4] ?? [],
    dayOfMonthRestricted: !(parts[2] ?? '*').startsWith('*'),
    dayOfWeekRestricted: !(parts[4] ?? '*').startsWith('*'),
    daysFromMonthEnd,
    nthDaysOfWeek,
    bothDaysMustMatch,
  };
}

export const cron = (expression: string, duration: number): Schedule => ({
  form: 'cron',
  cron: cronFields(expression),
  duration,
});

export const cronRange = (start: string, end: string): Schedule => ({
  form: 'cron-range',
  start: cronFields(start),
  end: cronFields(end),
});

export const at = (iso: string): number => Date.parse(iso);
