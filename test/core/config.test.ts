import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/config/format.js';
import { loadConfig } from '../../src/core/config/load.js';
import type {
  Config,
  ConfigIssue,
  HolidayProvider,
  LoadOptions,
  Schedule,
  WindowConfig,
} from '../../src/core/types.js';

const FILE = '.github/deploy-windows.yml';

function load(text: string, options: Partial<LoadOptions> = {}) {
  return loadConfig(text, { file: FILE, ...options });
}

function config(text: string, options: Partial<LoadOptions> = {}): Config {
  const result = load(text, options);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.config;
}

function errors(text: string, options: Partial<LoadOptions> = {}): ConfigIssue[] {
  const result = load(text, options);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

function onlyError(text: string, options: Partial<LoadOptions> = {}): ConfigIssue {
  const found = errors(text, options);
  expect(found.map(formatIssue)).toHaveLength(1);
  return found[0] as ConfigIssue;
}

/** A config with one window made of the given YAML lines (indented under `- `). */
function oneWindow(lines: string, head = 'version: 1\n'): string {
  const body = lines
    .trim()
    .split('\n')
    .map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`))
    .join('\n');
  return `${head}windows:\n${body}\n`;
}

function windowOf(lines: string, options: Partial<LoadOptions> = {}): WindowConfig {
  const window = config(oneWindow(lines), options).windows[0];
  if (!window) throw new Error('no window');
  return window;
}

function scheduleOf(lines: string, options: Partial<LoadOptions> = {}): Schedule {
  return windowOf(`name: w\n${lines}`, options).schedule;
}

describe('loadConfig: the file', () => {
  it('reads the top level: version, timezone, message, exempt, windows', () => {
    const loaded = config(`version: 1
timezone: Europe/Berlin
message: "Deploys: Tue-Thu. Exceptions: #release"
exempt:
  users: [alice, "release-bot[bot]"]
  teams: [acme/release-managers]
  codeowners: .github/deploy-windows.yml
windows:
  - name: business-hours
    rrule: "FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0"
    duration: 6h
`);
    expect(loaded).toMatchObject({
      version: 1,
      file: FILE,
      timezone: 'Europe/Berlin',
      message: 'Deploys: Tue-Thu. Exceptions: #release',
      exempt: {
        users: ['alice', 'release-bot[bot]'],
        teams: ['acme/release-managers'],
        codeowners: '.github/deploy-windows.yml',
      },
    });
    expect(loaded.windows).toHaveLength(1);
  });

  it('defaults: zone UTC, no message, nobody exempt, no windows', () => {
    expect(config('version: 1\n')).toEqual({
      version: 1,
      file: FILE,
      timezone: 'UTC',
      message: null,
      exempt: { users: [], teams: [], codeowners: null, requireReason: false },
      windows: [],
      notify: [],
      extends: [],
    });
  });

  it('a window inherits the file zone, takes its own, and defaults to allow on every environment', () => {
    const loaded = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: berlin
    time: "10:00-16:00"
  - name: new-york
    timezone: America/New_York
    time: "10:00-16:00"
`);
    expect(loaded.windows.map((window) => window.timezone)).toEqual([
      'Europe/Berlin',
      'America/New_York',
    ]);
    expect(loaded.windows[0]).toMatchObject({
      kind: 'allow',
      environments: null,
      message: null,
      from: null,
      until: null,
    });
  });

  it('timezone: local is the zone the adapter passes, else UTC', () => {
    const text =
      'version: 1\ntimezone: local\nwindows:\n  - {name: a, timezone: local, time: "09:00-17:00"}\n';
    const loaded = config(text, { localZone: 'Asia/Tokyo' });
    expect(loaded.timezone).toBe('Asia/Tokyo');
    expect(loaded.windows[0]?.timezone).toBe('Asia/Tokyo');
    expect(config(text).timezone).toBe('UTC');
  });

  // A machine whose zone has no IANA name (TZ=JST-9, a POSIX rule) once made `local` UTC
  // without a word, or ended in an internal error: a config error at the key, in every mode.
  it('timezone: local on a machine whose zone has no IANA name is an error at the key', () => {
    for (const unnamed of ['', 'Etc/Unknown']) {
      const issue = onlyError('version: 1\ntimezone: local\n', { localZone: unnamed });
      expect(issue).toMatchObject({ line: 2, column: 11, path: 'timezone' });
      expect(issue.message).toContain('no IANA name');
      const inWindow = onlyError(
        'version: 1\ntimezone: UTC\nwindows:\n  - {name: a, timezone: local, time: "09:00-17:00"}\n',
        { localZone: unnamed },
      );
      expect(inWindow.path).toBe('windows[0].timezone');
    }
  });

  it('spells a zone the way the zone database does when only the case differs', () => {
    expect(config('version: 1\ntimezone: europe/berlin\n').timezone).toBe('Europe/Berlin');
  });

  it('kind aliases: maintenance is allow, blackout is deny', () => {
    const loaded = config(`version: 1
windows:
  - {name: a, kind: allow, time: "09:00-17:00"}
  - {name: b, kind: deny, time: "09:00-17:00"}
  - {name: c, kind: maintenance, time: "09:00-17:00"}
  - {name: d, kind: blackout, time: "09:00-17:00"}
`);
    expect(loaded.windows.map((window) => window.kind)).toEqual(['allow', 'deny', 'allow', 'deny']);
  });

  it('environments: a list of globs, or a single string', () => {
    expect(
      windowOf('name: a\nenvironments: [production, "prod-*"]\ntime: "09:00-17:00"').environments,
    ).toEqual(['production', 'prod-*']);
    expect(windowOf('name: a\nenvironments: staging\ntime: "09:00-17:00"').environments).toEqual([
      'staging',
    ]);
  });

  it('from and until are local dates, kept as dates (not JS Dates)', () => {
    const window = windowOf('name: a\nfrom: 2026-01-01\nuntil: 2026-12-31\ntime: "09:00-17:00"');
    expect(window.from).toEqual({ year: 2026, month: 1, day: 1 });
    expect(window.until).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it('a %YAML 1.1 directive does not turn dates or times into other types', () => {
    const loaded = config(`%YAML 1.1
---
version: 1
windows:
  - name: a
    time: 08:00-12:00
    from: 2026-01-01
  - name: b
    dates: [2026-12-25]
`);
    expect(loaded.windows[0]?.from).toEqual({ year: 2026, month: 1, day: 1 });
    expect(loaded.windows[1]?.schedule).toEqual({
      form: 'dates',
      dates: [{ year: 2026, month: 12, day: 25 }],
    });
  });

  it('YAML anchors, aliases and merge keys work', () => {
    const loaded = config(`version: 1
windows:
  - &base
    name: a
    environments: &envs [production]
    timezone: Europe/Berlin
    time: "09:00-17:00"
  - <<: *base
    name: b
    environments: *envs
    time: "18:00-20:00"
`);
    expect(loaded.windows[1]).toMatchObject({
      name: 'b',
      environments: ['production'],
      timezone: 'Europe/Berlin',
      schedule: { form: 'time', start: { hour: 18, minute: 0 } },
    });
  });
});

describe('loadConfig: schedule forms', () => {
  it('rrule + duration, with or without a leading RRULE:', () => {
    expect(
      scheduleOf('rrule: "FREQ=WEEKLY;BYDAY=MO,TU;BYHOUR=9;BYMINUTE=0"\nduration: 8h'),
    ).toEqual({
      form: 'rrule',
      rule: 'FREQ=WEEKLY;BYDAY=MO,TU;BYHOUR=9;BYMINUTE=0',
      dtstart: null,
      duration: 480,
    });
    expect(scheduleOf('rrule: "RRULE:FREQ=DAILY;BYHOUR=2"\nduration: 90')).toMatchObject({
      rule: 'FREQ=DAILY;BYHOUR=2',
      duration: 90,
    });
  });

  it('rrule with a DTSTART line (local wall time)', () => {
    const schedule = scheduleOf(
      'rrule: |\n  DTSTART:20260105T090000\n  RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO\nduration: 1h30m',
    );
    expect(schedule).toEqual({
      form: 'rrule',
      rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
      dtstart: { year: 2026, month: 1, day: 5, hour: 9, minute: 0 },
      duration: 90,
    });
  });

  it('rrule: lower case is fine, and a date-only UNTIL runs through the end of that day', () => {
    expect(scheduleOf('rrule: freq=daily;byhour=9;until=20261231\nduration: 1h')).toMatchObject({
      rule: 'FREQ=DAILY;BYHOUR=9;UNTIL=20261231T235959',
    });
  });

  it('cron + duration', () => {
    const schedule = scheduleOf('cron: "30 9 * * MON-FRI"\nduration: 2h');
    expect(schedule).toMatchObject({
      form: 'cron',
      duration: 120,
      cron: { minutes: [30], hours: [9], daysOfWeek: [1, 2, 3, 4, 5], dayOfWeekRestricted: true },
    });
  });

  it('cron start/end (GitLab deploy-freeze style), no duration', () => {
    const schedule = scheduleOf('cron: {start: "0 23 * * FRI", end: "0 7 * * MON"}');
    expect(schedule).toMatchObject({
      form: 'cron-range',
      start: { source: '0 23 * * FRI', hours: [23], daysOfWeek: [5] },
      end: { source: '0 7 * * MON', hours: [7], daysOfWeek: [1] },
    });
  });

  it('once: local date-times, or instants with an explicit offset', () => {
    expect(scheduleOf('start: 2026-12-24T18:00\nend: 2026-12-27T08:00')).toEqual({
      form: 'once',
      start: { kind: 'local', local: { year: 2026, month: 12, day: 24, hour: 18, minute: 0 } },
      end: { kind: 'local', local: { year: 2026, month: 12, day: 27, hour: 8, minute: 0 } },
    });
    expect(scheduleOf('start: 2026-12-24T18:00+01:00\nend: "2026-12-27T08:00Z"')).toEqual({
      form: 'once',
      start: { kind: 'instant', epochMs: Date.parse('2026-12-24T17:00:00Z') },
      end: { kind: 'instant', epochMs: Date.parse('2026-12-27T08:00:00Z') },
    });
  });

  it('time of day, with days (default every day) and 24:00 as an end', () => {
    expect(scheduleOf('time: "22:00-06:00"')).toEqual({
      form: 'time',
      start: { hour: 22, minute: 0 },
      end: { hour: 6, minute: 0 },
      days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
    });
    expect(scheduleOf('time: 18:00-24:00\ndays: [FR, MO]')).toEqual({
      form: 'time',
      start: { hour: 18, minute: 0 },
      end: { hour: 24, minute: 0 },
      days: ['MO', 'FR'],
    });
  });

  it('weekly range', () => {
    expect(scheduleOf('weekly: {from: "FR 18:00", to: "MO 06:00"}')).toEqual({
      form: 'weekly',
      from: { weekday: 'FR', hour: 18, minute: 0 },
      to: { weekday: 'MO', hour: 6, minute: 0 },
    });
  });

  it('monthly range, with L for the last day', () => {
    expect(scheduleOf('monthly: {from: "1 22:30", to: "2 06:30"}')).toEqual({
      form: 'monthly',
      from: { day: 1, hour: 22, minute: 30 },
      to: { day: 2, hour: 6, minute: 30 },
    });
    expect(scheduleOf('monthly: {from: "L 18:00", to: "1 08:00"}')).toMatchObject({
      from: { day: 'L', hour: 18, minute: 0 },
    });
  });

  it('dates: a list (sorted) or a single date', () => {
    expect(scheduleOf('dates: [2027-01-01, 2026-12-25]')).toEqual({
      form: 'dates',
      dates: [
        { year: 2026, month: 12, day: 25 },
        { year: 2027, month: 1, day: 1 },
      ],
    });
    expect(scheduleOf('dates: 2026-12-25')).toEqual({
      form: 'dates',
      dates: [{ year: 2026, month: 12, day: 25 }],
    });
  });

  it('holidays: checked with the provider and bound to it', () => {
    const asked: unknown[] = [];
    const provider: HolidayProvider = {
      checkPlace: (...place) => {
        asked.push(place);
        return { ok: true };
      },
      holidays: (_country, _state, _region, _types, year) => [{ year, month: 7, day: 4 }],
    };
    const schedule = scheduleOf('holidays: {country: US, state: CA}', { holidays: provider });
    expect(schedule).toMatchObject({
      form: 'holidays',
      country: 'US',
      state: 'CA',
      region: null,
      types: ['public'],
    });
    expect(asked).toEqual([['US', 'CA', null, ['public']]]);
    if (schedule.form !== 'holidays') throw new Error('not holidays');
    expect(schedule.datesInYear(2027)).toEqual([{ year: 2027, month: 7, day: 4 }]);
  });

  it('holidays: types given', () => {
    const provider: HolidayProvider = { checkPlace: () => ({ ok: true }), holidays: () => [] };
    const schedule = scheduleOf('holidays: {country: DE, region: BY, types: [public, bank]}', {
      holidays: provider,
    });
    expect(schedule).toMatchObject({ country: 'DE', region: 'BY', types: ['public', 'bank'] });
  });

  it('ics: reads the calendar file through readFile', () => {
    const calendar = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:1@test',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20261225',
      'SUMMARY:Christmas',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const read: string[] = [];
    const schedule = scheduleOf('ics: .github/freeze.ics', {
      readFile: (path) => {
        read.push(path);
        return calendar;
      },
    });
    expect(read).toEqual(['.github/freeze.ics']);
    expect(schedule).toEqual({ form: 'ics', path: '.github/freeze.ics', calendar });
  });
});

describe('loadConfig: errors name line, column, path, what was expected and a hint', () => {
  it('an unknown time zone, at the value, with did-you-mean', () => {
    const text = oneWindow('name: a\ntimezone: America/NewYork\ntime: "09:00-17:00"');
    const issue = onlyError(text);
    expect(issue).toEqual({
      file: FILE,
      line: 4,
      column: 15,
      path: 'windows[0].timezone',
      message: expect.stringContaining('unknown time zone "America/NewYork"'),
      hint: '"America/New_York"',
    });
    expect(issue.message).toContain('expected an IANA zone such as Europe/Berlin');
    expect(formatIssue(issue)).toBe(
      `${FILE}:4:15: windows[0].timezone: unknown time zone "America/NewYork"; expected an IANA zone such as Europe/Berlin (did you mean "America/New_York"?)`,
    );
  });

  it('an unknown key, at the key, with did-you-mean', () => {
    const issue = onlyError('version: 1\ntimezon: Europe/Berlin\n');
    expect(issue).toMatchObject({ line: 2, column: 1, path: 'timezon', hint: '"timezone"' });
    expect(issue.message).toContain('unknown key "timezon"');
    expect(issue.message).toContain('expected one of version, timezone, message, exempt, windows');
  });

  it('unknown keys inside a window and inside exempt', () => {
    const found = errors(`version: 1
exempt:
  user: [alice]
windows:
  - name: a
    enviroments: [production]
    time: "09:00-17:00"
`);
    expect(found.map((issue) => [issue.line, issue.column, issue.path, issue.hint])).toEqual([
      [3, 3, 'exempt.user', '"users"'],
      [6, 5, 'windows[0].enviroments', '"environments"'],
    ]);
  });

  it('a missing or unsupported version', () => {
    expect(onlyError('windows: []\n')).toMatchObject({
      line: 1,
      column: 1,
      path: 'version',
      message: expect.stringContaining('expected version: 1'),
    });
    expect(onlyError('version: "1"\n').message).toBe(
      'expected version: 1 (the number), got the string "1"',
    );
    expect(onlyError('version: 2\n')).toMatchObject({
      line: 1,
      column: 10,
      path: 'version',
      message: expect.stringContaining('expected 1'),
    });
  });

  it('common synonyms of keys get a hint too', () => {
    const found = errors(oneWindow('name: a\ntz: Europe/Berlin\ntype: deny\ntime: "09:00-17:00"'));
    expect(found.map((issue) => [issue.path, issue.hint])).toEqual([
      ['windows[0].tz', '"timezone"'],
      ['windows[0].type', '"kind"'],
    ]);
  });

  it('an environment glob the matcher cannot compile', () => {
    expect(
      onlyError(oneWindow('name: a\nenvironments: ["prod-[z-a]"]\ntime: "09:00-17:00"')),
    ).toMatchObject({
      path: 'windows[0].environments',
      message: expect.stringContaining('invalid environment pattern "prod-[z-a]"'),
    });
  });

  it('an unknown kind, with did-you-mean', () => {
    const issue = onlyError(oneWindow('name: a\nkind: alow\ntime: "09:00-17:00"'));
    expect(issue).toMatchObject({ line: 4, column: 11, path: 'windows[0].kind', hint: '"allow"' });
    expect(issue.message).toContain('expected allow or deny');
  });

  it('an unknown weekday, at the list item, with did-you-mean', () => {
    const issue = onlyError(oneWindow('name: a\ntime: "09:00-17:00"\ndays: [MO, TUE]'));
    expect(issue).toMatchObject({ line: 5, column: 16, path: 'windows[0].days[1]', hint: '"TU"' });
    expect(issue.message).toContain('expected one of MO, TU, WE, TH, FR, SA, SU');
  });

  it('a window without a name, and duplicate names', () => {
    const found = errors(`version: 1
windows:
  - time: "09:00-17:00"
  - name: a
    time: "09:00-17:00"
  - name: a
    time: "10:00-11:00"
`);
    expect(found.map((issue) => [issue.line, issue.column, issue.path])).toEqual([
      [3, 5, 'windows[0].name'],
      [6, 11, 'windows[2].name'],
    ]);
    expect(found[1]?.message).toBe(
      'duplicate window name "a" (first used on line 4); expected every name to be unique',
    );
  });

  it('no schedule form, and two schedule forms', () => {
    const none = onlyError(oneWindow('name: a\nkind: deny'));
    expect(none).toMatchObject({ line: 3, column: 5, path: 'windows[0]' });
    expect(none.message).toContain('expected one of rrule (with duration), cron, start/end');
    const two = onlyError(oneWindow('name: a\ntime: "09:00-17:00"\ndates: [2026-12-25]'));
    expect(two).toMatchObject({ line: 5, column: 5, path: 'windows[0].dates' });
    expect(two.message).toContain('exactly one schedule form, this one has 2 (time, dates)');
  });

  it('a missing or bad duration', () => {
    const missing = onlyError(oneWindow('name: a\nrrule: FREQ=DAILY'));
    expect(missing).toMatchObject({ line: 3, column: 5, path: 'windows[0].duration' });
    expect(missing.message).toContain('needs a duration');
    const bad = onlyError(oneWindow('name: a\nrrule: FREQ=DAILY\nduration: 1h90x'));
    expect(bad).toMatchObject({ line: 5, column: 15, path: 'windows[0].duration' });
    expect(bad.message).toContain(
      'invalid duration "1h90x"; expected a positive whole number of minutes',
    );
    expect(onlyError(oneWindow('name: a\ncron: "0 9 * * *"\nduration: 0')).path).toBe(
      'windows[0].duration',
    );
  });

  it('duration and days with forms they do not go with', () => {
    expect(onlyError(oneWindow('name: a\ntime: "09:00-17:00"\nduration: 1h'))).toMatchObject({
      line: 5,
      column: 5,
      path: 'windows[0].duration',
      message: expect.stringContaining('duration only goes with rrule or cron'),
    });
    expect(onlyError(oneWindow('name: a\ndates: [2026-12-25]\ndays: [MO]'))).toMatchObject({
      path: 'windows[0].days',
      message: expect.stringContaining('days only goes with time'),
    });
    expect(
      onlyError(
        oneWindow('name: a\ncron: {start: "0 23 * * FRI", end: "0 7 * * MON"}\nduration: 1h'),
      ),
    ).toMatchObject({
      path: 'windows[0].duration',
      message: expect.stringContaining('takes no duration'),
    });
  });

  it('wrong types say what was expected and what was given', () => {
    const found = errors(`version: 1
message: [a, b]
exempt: alice
windows:
  - name: a
    environments: {prod: true}
    time: "09:00-17:00"
`);
    expect(found.map((issue) => [issue.line, issue.column, issue.path, issue.message])).toEqual([
      [2, 10, 'message', 'expected a message (text), got a list'],
      [3, 9, 'exempt', expect.stringContaining('(a map), got the string "alice"')],
      [6, 19, 'windows[0].environments', expect.stringContaining('got a map')],
    ]);
    expect(onlyError(oneWindow('name: true\ntime: "09:00-17:00"')).message).toBe(
      'expected a window name, got the boolean true (quote it if you mean the text)',
    );
    expect(windowOf('name: 2026\ntime: "09:00-17:00"').name).toBe('2026');
    expect(onlyError('version: 1\nwindows: {name: a}\n')).toMatchObject({
      path: 'windows',
      message: expect.stringContaining('expected a list of windows'),
    });
  });

  it('rrule problems: missing FREQ, out-of-range values, DTSTART with Z or TZID', () => {
    const rule = (value: string) =>
      onlyError(oneWindow(`name: a\nrrule: "${value}"\nduration: 1h`));
    expect(rule('BYDAY=MO')).toMatchObject({ line: 4, column: 12, path: 'windows[0].rrule' });
    expect(rule('BYDAY=MO').message).toContain('has no FREQ');
    expect(rule('FREQ=DAILY;BYHOUR=25').message).toContain('expected a list of 0..23');
    expect(rule('FREQ=DAYLY').hint).toBe('"DAILY"');
    expect(rule('FREQ=DAILY;BYDAY=XX').message).toContain('is not a weekday');
    expect(rule('FREQ=DAILY;BYHUOR=9').hint).toBe('"BYHOUR"');
    expect(rule('DTSTART:20260105T090000Z\\nRRULE:FREQ=DAILY').message).toContain(
      'local wall time without Z',
    );
    expect(rule('DTSTART;TZID=Europe/Berlin:20260105T090000\\nFREQ=DAILY').message).toContain(
      'DTSTART takes no parameters such as TZID',
    );
    expect(rule('FREQ=DAILY;COUNT=3;UNTIL=20261231').message).toContain('COUNT or UNTIL, not both');
    expect(rule('FREQ=DAILY;UNTIL=20261231T000000Z').message).toContain(
      'local wall time without Z',
    );
    expect(rule('FREQ=SECONDLY').message).toContain('precise to the minute');
    expect(rule('FREQ=MINUTELY;BYSECOND=30').message).toContain('precise to the minute');
    expect(rule('FREQ=WEEKLY;BYDAY=1MO').message).toContain('needs FREQ=MONTHLY or FREQ=YEARLY');
  });

  it('rrule parts RFC 5545 forbids for the FREQ are refused, not given a meaning', () => {
    // BYMONTHDAY "MUST NOT be specified when the FREQ rule part is set to WEEKLY"; BYYEARDAY
    // not with DAILY, WEEKLY or MONTHLY. ical.js refuses them; a freeze of "weekly on the 1st"
    // blocked only the 1st of the month.
    const rule = (value: string) =>
      onlyError(oneWindow(`name: a\nkind: deny\nrrule: "${value}"\nduration: 1d`));
    expect(rule('FREQ=WEEKLY;BYMONTHDAY=1')).toMatchObject({
      line: 5,
      path: 'windows[0].rrule',
      message: expect.stringContaining('BYMONTHDAY cannot be used with FREQ=WEEKLY'),
    });
    for (const freq of ['DAILY', 'WEEKLY', 'MONTHLY']) {
      expect(rule(`FREQ=${freq};BYYEARDAY=1`).message).toContain(
        `BYYEARDAY cannot be used with FREQ=${freq}`,
      );
    }
    for (const allowed of [
      'FREQ=YEARLY;BYYEARDAY=1',
      'FREQ=HOURLY;BYYEARDAY=1',
      'FREQ=MONTHLY;BYMONTHDAY=1',
      'FREQ=DAILY;BYMONTHDAY=1',
    ]) {
      expect(windowOf(`name: a\nkind: deny\nrrule: "${allowed}"\nduration: 1d`).name).toBe('a');
    }
  });

  it('cron problems name the field and its range', () => {
    const issue = onlyError(oneWindow('name: a\ncron: "0 25 * * *"\nduration: 1h'));
    expect(issue).toMatchObject({ line: 4, column: 11, path: 'windows[0].cron' });
    expect(issue.message).toBe(
      'invalid cron expression "0 25 * * *": hour field "25": 25 is out of range; expected 0-23',
    );
    const end = onlyError(oneWindow('name: a\ncron: {start: "0 23 * * FRI", end: "0 7 * MON"}'));
    expect(end).toMatchObject({ path: 'windows[0].cron.end', column: 40 });
    expect(end.message).toContain('expected 5 fields');
  });

  it('a duration over 3660 days is refused: looking back that far bounds every decision', () => {
    for (const duration of ['3661d', '99999999999d', '5270401']) {
      const issue = onlyError(oneWindow(`name: a\ncron: "0 0 * * *"\nduration: ${duration}`));
      expect(issue).toMatchObject({ line: 5, column: 15, path: 'windows[0].duration' });
      expect(issue.message).toContain('at most 3660d');
    }
    expect(windowOf('name: a\ncron: "0 0 * * *"\nduration: 3660d').schedule).toMatchObject({
      duration: 3660 * 1440,
    });
  });

  it('a kind named like an Object.prototype property is an unknown kind, not a window of no kind', () => {
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const issue = onlyError(oneWindow(`name: a\nkind: ${kind}\ntime: "00:00-24:00"`));
      expect(issue).toMatchObject({ line: 4, column: 11, path: 'windows[0].kind' });
      expect(issue.message).toBe(
        `unknown kind "${kind}"; expected allow or deny (or their aliases maintenance, blackout)`,
      );
    }
  });

  it('a cron named like an Object.prototype property is a cron problem, not a crash', () => {
    for (const text of ['constructor', '__proto__', '@toString', 'hasOwnProperty']) {
      const issue = onlyError(oneWindow(`name: a\ncron: "${text}"\nduration: 1h`));
      expect(issue).toMatchObject({ line: 4, column: 11, path: 'windows[0].cron' });
      expect(issue.message).toBe(
        `invalid cron expression "${text}": expected 5 fields (minute hour day-of-month month day-of-week), got 1`,
      );
    }
  });

  it('once problems: a date without time, end not after start', () => {
    const dateOnly = onlyError(oneWindow('name: a\nstart: 2026-12-24\nend: 2026-12-27T00:00'));
    expect(dateOnly).toMatchObject({ path: 'windows[0].start', hint: '"2026-12-24T00:00"' });
    const backwards = onlyError(
      oneWindow('name: a\nstart: 2026-12-24T18:00\nend: 2026-12-24T18:00'),
    );
    expect(backwards).toMatchObject({
      line: 5,
      column: 10,
      path: 'windows[0].end',
      message: 'end must be after start',
    });
    const missing = onlyError(oneWindow('name: a\nstart: 2026-12-24T18:00'));
    expect(missing).toMatchObject({
      path: 'windows[0].end',
      message: expect.stringContaining('needs end too'),
    });
  });

  it('time, weekly, monthly and dates problems', () => {
    expect(onlyError(oneWindow('name: a\ntime: "24:00-06:00"')).message).toContain(
      '24:00 is only allowed as an end',
    );
    expect(onlyError(oneWindow('name: a\ntime: "9-17"')).message).toBe(
      'expected a time range HH:MM-HH:MM such as 22:00-06:00, got "9-17"',
    );
    expect(onlyError(oneWindow('name: a\ntime: "9:00 - 17:60"')).message).toBe(
      'end of "9:00 - 17:60": invalid time "17:60": expected 00:00-24:00',
    );
    const weekly = onlyError(oneWindow('name: a\nweekly: {from: "FRI 18:00", to: "MO 06:00"}'));
    expect(weekly).toMatchObject({ path: 'windows[0].weekly.from', hint: '"FR"', column: 20 });
    expect(onlyError(oneWindow('name: a\nweekly: {from: "FR 18:00"}'))).toMatchObject({
      path: 'windows[0].weekly.to',
      message: expect.stringContaining('weekly needs both from and to'),
    });
    expect(
      onlyError(oneWindow('name: a\nmonthly: {from: "32 22:30", to: "2 06:30"}')).message,
    ).toContain('1-31 or L');
    expect(onlyError(oneWindow('name: a\ndates: [2026-12-25, 2026-02-30]'))).toMatchObject({
      path: 'windows[0].dates[1]',
      column: 25,
      message: expect.stringContaining('day 30 does not exist in 2026-02'),
    });
  });

  it('from after until', () => {
    expect(
      onlyError(oneWindow('name: a\nfrom: 2027-01-01\nuntil: 2026-01-01\ntime: "09:00-17:00"')),
    ).toMatchObject({
      line: 5,
      column: 12,
      path: 'windows[0].until',
      message: 'until (2026-01-01) is before from (2027-01-01); expected from <= until',
    });
  });

  it('holidays without holiday data, and an unknown place', () => {
    expect(onlyError(oneWindow('name: a\nholidays: {country: US}'))).toMatchObject({
      path: 'windows[0].holidays',
      message: expect.stringContaining('holiday data is unavailable'),
    });
    const provider: HolidayProvider = {
      checkPlace: () => ({ ok: false, message: 'unknown country "USA"', hint: '"US"' }),
      holidays: () => [],
    };
    expect(
      onlyError(oneWindow('name: a\nholidays: {country: USA}'), { holidays: provider }),
    ).toMatchObject({
      line: 4,
      column: 15,
      path: 'windows[0].holidays',
      message: 'unknown country "USA"',
      hint: '"US"',
    });
  });

  it('ics: a missing file, and a broken calendar reported with its own line at the ics key', () => {
    expect(
      onlyError(oneWindow('name: a\nics: missing.ics'), { readFile: () => null }),
    ).toMatchObject({
      line: 4,
      column: 10,
      path: 'windows[0].ics',
      message: expect.stringContaining('calendar file "missing.ics" not found'),
    });
    const broken = onlyError(oneWindow('name: a\nics: broken.ics'), {
      readFile: () => 'BEGIN:VCALENDAR\nthis is not a calendar\n',
    });
    expect(broken).toMatchObject({ line: 4, column: 5, path: 'windows[0].ics' });
    expect(broken.message).toMatch(/^broken\.ics:\d+: /);
  });

  it('YAML syntax errors become issues with their position', () => {
    const found = errors('version: 1\nwindows: [\n  {name: a\n');
    expect(found.length).toBeGreaterThan(0);
    for (const issue of found) {
      expect(issue.line).toBeGreaterThanOrEqual(2);
      expect(issue.message).toMatch(/^invalid YAML: /);
    }
    expect(onlyError('version: 1\nmessage: Deploys: Tue-Thu\n')).toMatchObject({
      line: 2,
      message: expect.stringContaining('put a value that contains ": " in quotes'),
    });
    expect(onlyError('version: 1\nwindows:\n\t- name: a\n')).toMatchObject({
      line: 3,
      column: 1,
      message: 'invalid YAML: Tabs are not allowed as indentation; indent with spaces',
    });
    expect(onlyError('version: 1\nversion: 1\n')).toMatchObject({
      line: 2,
      column: 1,
      message: expect.stringContaining('duplicate key'),
    });
  });

  it('a duplicate key names its key path, and what was expected', () => {
    const text = [
      'version: 1',
      'windows:',
      '  - name: a',
      '    time: "09:00-10:00"',
      '  - name: b',
      '    time: "09:00-10:00"',
      '    time: "10:00-11:00"',
      '  - { name: c, time: "09:00-10:00", days: [MO], days: [TU] }',
      'version: 1',
    ].join('\n');
    expect(errors(text)).toEqual([
      expect.objectContaining({
        line: 7,
        column: 5,
        path: 'windows[1].time',
        message: 'duplicate key; expected each key once in a map',
      }),
      expect.objectContaining({
        line: 8,
        column: 49,
        path: 'windows[2].days',
        message: 'duplicate key; expected each key once in a map',
      }),
      expect.objectContaining({ line: 9, column: 1, path: 'version' }),
    ]);
  });

  it('an empty file, a list at the top, an unknown alias', () => {
    expect(onlyError('')).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringContaining('empty'),
    });
    expect(onlyError('- a\n').message).toContain('got a list');
    expect(onlyError('version: 1\nwindows: *nowhere\n')).toMatchObject({
      line: 2,
      column: 10,
      message: expect.stringContaining('unknown alias *nowhere'),
    });
  });

  it('reports every error of the file at once, ordered by position', () => {
    const found = errors(`version: 1
timezone: Europe/Berln
windows:
  - name: a
    kind: alow
    rrule: FREQ=DAILY
    duration: soon
  - name: b
    time: "09:00-17:00"
    days: [MO, XX]
    enviroment: [prod]
`);
    expect(found.map((issue) => `${issue.line}:${issue.column} ${issue.path}`)).toEqual([
      '2:11 timezone',
      '5:11 windows[0].kind',
      '7:15 windows[0].duration',
      '10:16 windows[1].days[1]',
      '11:5 windows[1].enviroment',
    ]);
    expect(found[0]?.hint).toBe('"Europe/Berlin"');
  });

  it('control characters and long values stay on one readable line', () => {
    const issue = onlyError(`version: 1\ntimezone: "Bad\\u0007Zone${'x'.repeat(500)}"\n`);
    expect([...issue.message].filter((char) => char.charCodeAt(0) < 32)).toEqual([]);
    expect(issue.message.length).toBeLessThan(300);
  });
});

describe('loadConfig: warnings', () => {
  it('warns when a rule with COUNT has no DTSTART and no from date', () => {
    const result = load(oneWindow('name: a\nrrule: FREQ=DAILY;COUNT=3\nduration: 1h'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ line: 4, path: 'windows[0].rrule' });
    expect(result.warnings[0]?.message).toContain('COUNT but no DTSTART');
  });
});

describe('formatIssue', () => {
  it('prints file:line:column: path: message (did you mean ...?)', () => {
    expect(
      formatIssue({
        file: 'a.yml',
        line: 3,
        column: 7,
        path: 'windows[1].kind',
        message: 'bad',
        hint: '"allow"',
      }),
    ).toBe('a.yml:3:7: windows[1].kind: bad (did you mean "allow"?)');
    expect(formatIssue({ file: 'a.yml', line: 1, column: 1, path: '', message: 'empty' })).toBe(
      'a.yml:1:1: empty',
    );
  });
});
