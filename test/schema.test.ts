import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssue } from '../src/core/config/format.js';
import { loadConfig } from '../src/core/config/load.js';
import type { HolidayProvider, LoadResult } from '../src/core/types.js';
import { loadHolidayProvider } from '../src/node/holidays.js';

const schema = JSON.parse(readFileSync('schema/deploy-windows.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
let holidays: HolidayProvider;

beforeAll(async () => {
  holidays = await loadHolidayProvider();
});

function load(text: string, file: string): LoadResult {
  return loadConfig(text, {
    file,
    holidays,
    localZone: 'UTC',
    readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
  });
}

function schemaErrors(data: unknown): string[] {
  return validate(data)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const exampleFiles = readdirSync('examples')
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join('examples', name));

describe('schema/deploy-windows.schema.json', () => {
  it('is a JSON Schema ajv compiles, describing every top-level key', () => {
    expect(Object.keys(schema.properties)).toEqual([
      'version',
      'timezone',
      'message',
      'exempt',
      'windows',
      'notify',
      'extends',
    ]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.definitions.window.additionalProperties).toBe(false);
  });

  it.each(exampleFiles)('%s validates against the schema and loads', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith('# yaml-language-server: $schema=../schema/deploy-windows.schema.json'),
    ).toBe(true);
    expect(schemaErrors(parse(text))).toEqual([]);
    const result = load(text, file);
    expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
  });

  it('the worked-examples config validates against the schema and loads', () => {
    const worked = parse(
      readFileSync(new URL('./core/worked-examples.yml', import.meta.url), 'utf8'),
    ).config;
    expect(schemaErrors(worked)).toEqual([]);
    const result = load(stringify(worked), 'worked-examples.yml');
    expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
  });
});

const window = (lines: string): string =>
  `version: 1\nwindows:\n  - ${lines.split('\n').join('\n    ')}\n`;

const notify = (lines: string): string =>
  `version: 1\nnotify:\n  - ${lines.split('\n').join('\n    ')}\n`;

const INVALID: [name: string, text: string, firstErrorPath: string][] = [
  ['missing version', 'windows: []\n', 'version'],
  ['version 2', 'version: 2\n', 'version'],
  ['a misspelt top-level key', 'version: 1\ntimezon: UTC\n', 'timezon'],
  ['a list at the top', '- version: 1\n', ''],
  [
    'an unknown window key',
    window('name: a\ntime: "09:00-17:00"\nenviroments: [prod]'),
    'windows[0].enviroments',
  ],
  ['a window without a name', window('time: "09:00-17:00"'), 'windows[0].name'],
  ['an empty name', window('name: ""\ntime: "09:00-17:00"'), 'windows[0].name'],
  ['no schedule form', window('name: a\nkind: deny'), 'windows[0]'],
  [
    'two schedule forms',
    window('name: a\ntime: "09:00-17:00"\nrrule: FREQ=DAILY\nduration: 1h'),
    'windows[0].rrule',
  ],
  [
    'cron and once',
    window(
      'name: a\ncron: {start: "0 1 * * *", end: "0 2 * * *"}\nstart: 2026-01-01T00:00\nend: 2026-01-02T00:00',
    ),
    'windows[0].start',
  ],
  ['rrule without duration', window('name: a\nrrule: FREQ=DAILY'), 'windows[0].duration'],
  ['rrule without FREQ', window('name: a\nrrule: BYDAY=MO\nduration: 1h'), 'windows[0].rrule'],
  ['cron without duration', window('name: a\ncron: "0 9 * * *"'), 'windows[0].duration'],
  ['cron with 3 fields', window('name: a\ncron: "0 9 *"\nduration: 1h'), 'windows[0].cron'],
  [
    'cron range with duration',
    window('name: a\ncron: {start: "0 23 * * FRI", end: "0 7 * * MON"}\nduration: 1h'),
    'windows[0].duration',
  ],
  [
    'cron range without end',
    window('name: a\ncron: {start: "0 23 * * FRI"}'),
    'windows[0].cron.end',
  ],
  ['a bad duration', window('name: a\nrrule: FREQ=DAILY\nduration: 1x'), 'windows[0].duration'],
  ['a zero duration', window('name: a\nrrule: FREQ=DAILY\nduration: 0'), 'windows[0].duration'],
  [
    'a duration over 3660 days',
    window('name: a\nrrule: FREQ=DAILY\nduration: 5270401'),
    'windows[0].duration',
  ],
  [
    'duration with time',
    window('name: a\ntime: "09:00-17:00"\nduration: 1h'),
    'windows[0].duration',
  ],
  ['an unknown kind', window('name: a\nkind: alow\ntime: "09:00-17:00"'), 'windows[0].kind'],
  [
    'a three-letter weekday',
    window('name: a\ntime: "09:00-17:00"\ndays: [MON]'),
    'windows[0].days[0]',
  ],
  ['days without time', window('name: a\ndates: [2026-12-25]\ndays: [MO]'), 'windows[0].days'],
  ['a time without minutes', window('name: a\ntime: "9-17"'), 'windows[0].time'],
  [
    'once with a date only',
    window('name: a\nstart: 2026-12-24\nend: 2026-12-27T00:00'),
    'windows[0].start',
  ],
  ['once without end', window('name: a\nstart: 2026-12-24T00:00'), 'windows[0].end'],
  [
    'weekly with a long weekday',
    window('name: a\nweekly: {from: "FRI 18:00", to: "MO 06:00"}'),
    'windows[0].weekly.from',
  ],
  ['weekly without to', window('name: a\nweekly: {from: "FR 18:00"}'), 'windows[0].weekly.to'],
  [
    'monthly day 32',
    window('name: a\nmonthly: {from: "32 22:30", to: "2 06:30"}'),
    'windows[0].monthly.from',
  ],
  ['dates with slashes', window('name: a\ndates: [2026/12/25]'), 'windows[0].dates[0]'],
  ['no dates', window('name: a\ndates: []'), 'windows[0].dates'],
  [
    'holidays without country',
    window('name: a\nholidays: {state: CA}'),
    'windows[0].holidays.country',
  ],
  [
    'empty environments',
    window('name: a\nenvironments: []\ntime: "09:00-17:00"'),
    'windows[0].environments',
  ],
  [
    'from as a date-time',
    window('name: a\nfrom: 2026-01-01T00:00\ntime: "09:00-17:00"'),
    'windows[0].from',
  ],
  ['exempt users as a map', 'version: 1\nexempt:\n  users: {alice: true}\n', 'exempt.users'],
  ['an unknown exempt key', 'version: 1\nexempt:\n  user: [alice]\n', 'exempt.user'],
  ['windows as a map', 'version: 1\nwindows: {name: a}\n', 'windows'],
  [
    'require-reason as a word',
    'version: 1\nexempt:\n  require-reason: yes\n',
    'exempt.require-reason',
  ],
  [
    'require-reason as a string',
    'version: 1\nexempt:\n  require-reason: "true"\n',
    'exempt.require-reason',
  ],
  ['notify as a map', 'version: 1\nnotify: {name: slack}\n', 'notify'],
  ['a notify target without url-env', notify('name: slack\nformat: slack'), 'notify[0].url-env'],
  ['a notify target without a name', notify('url-env: SLACK_URL\nformat: slack'), 'notify[0].name'],
  [
    'a notify target without a format',
    notify('name: slack\nurl-env: SLACK_URL'),
    'notify[0].format',
  ],
  [
    'a URL in url-env',
    notify('name: slack\nurl-env: https://hooks.slack.com/services/T0/B0/x\nformat: slack'),
    'notify[0].url-env',
  ],
  [
    'a lower-case url-env',
    notify('name: slack\nurl-env: slack_url\nformat: slack'),
    'notify[0].url-env',
  ],
  [
    'a url key instead of url-env',
    notify('name: slack\nurl: https://hooks.slack.com/services/T0/B0/x\nformat: slack'),
    'notify[0].url',
  ],
  ['an unknown format', notify('name: t\nurl-env: T_URL\nformat: msteams'), 'notify[0].format'],
  [
    'an unknown event',
    notify('name: t\nurl-env: T_URL\nformat: json\non: [blocked, deploy]'),
    'notify[0].on[1]',
  ],
  ['no events', notify('name: t\nurl-env: T_URL\nformat: json\non: []'), 'notify[0].on'],
  ['an empty name', notify('name: " "\nurl-env: T_URL\nformat: json'), 'notify[0].name'],
  [
    'a 101-character name',
    notify(`name: ${'n'.repeat(101)}\nurl-env: T_URL\nformat: json`),
    'notify[0].name',
  ],
  [
    '21 notify targets',
    `version: 1\nnotify:\n${Array.from({ length: 21 }, (_, i) => `  - {name: t${i}, url-env: T_URL, format: json}\n`).join('')}`,
    'notify',
  ],
];

describe('invalid configs are rejected by both the schema and loadConfig', () => {
  it.each(INVALID)('%s', (_, text, path) => {
    expect(schemaErrors(parse(text)), 'schema').not.toEqual([]);
    const result = load(text, 'invalid.yml');
    expect(result.ok ? [] : result.errors.map((issue) => issue.path), 'loadConfig').toEqual([path]);
  });
});

describe('notify and require-reason, valid', () => {
  it('a config with every notify form and require-reason validates and loads', () => {
    const text = `version: 1
exempt:
  users: [alice]
  require-reason: true
notify:
  - name: slack
    url-env: DEPLOY_WINDOW_SLACK_URL
    format: slack
    on: [blocked, override, rerun]
  - name: teams
    url-env: DEPLOY_WINDOW_TEAMS_URL
    format: teams
    on: override
  - name: audit-sink
    url-env: _AUDIT_HOOK_2
    format: json
`;
    expect(schemaErrors(parse(text))).toEqual([]);
    const result = load(text, 'notify.yml');
    expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
    if (!result.ok) return;
    expect(result.config.exempt.requireReason).toBe(true);
    expect(result.config.notify).toEqual([
      {
        name: 'slack',
        urlEnv: 'DEPLOY_WINDOW_SLACK_URL',
        format: 'slack',
        on: ['blocked', 'override', 'rerun'],
      },
      { name: 'teams', urlEnv: 'DEPLOY_WINDOW_TEAMS_URL', format: 'teams', on: ['override'] },
      {
        name: 'audit-sink',
        urlEnv: '_AUDIT_HOOK_2',
        format: 'json',
        on: ['blocked', 'override', 'rerun'],
      },
    ]);
  });
});
