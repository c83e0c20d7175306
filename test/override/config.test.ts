// exempt.require-reason and notify: in the config: what loads, and what a user sees when it
// is wrong (file:line:column, key path, did-you-mean), never the webhook URL itself.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/config/format.js';
import { loadConfig } from '../../src/core/config/load.js';
import type { Config, ConfigIssue } from '../../src/core/types.js';

const FILE = '.github/deploy-windows.yml';

function load(text: string): Config {
  const result = loadConfig(text, { file: FILE });
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.config;
}

function errors(text: string): ConfigIssue[] {
  const result = loadConfig(text, { file: FILE });
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.errors;
}

function onlyError(text: string): ConfigIssue {
  const found = errors(text);
  expect(found.map(formatIssue)).toHaveLength(1);
  return found[0] as ConfigIssue;
}

const SECRET_URL = 'https://hooks.slack.com/services/T0AAA/B0BBB/s3cretT0ken';

describe('exempt.require-reason', () => {
  it('defaults to false and reads true', () => {
    expect(load('version: 1\n').exempt.requireReason).toBe(false);
    expect(load('version: 1\nexempt:\n  users: [alice]\n  require-reason: true\n').exempt).toEqual({
      users: ['alice'],
      teams: [],
      codeowners: null,
      requireReason: true,
    });
  });

  it('a word for yes is an error at the value, pointing at true', () => {
    const issue = onlyError('version: 1\nexempt:\n  require-reason: yes\n');
    expect(formatIssue(issue)).toBe(
      `${FILE}:3:19: exempt.require-reason: expected true or false, got the string "yes" (did you mean true?)`,
    );
  });

  it('a word named like an Object.prototype property is an error with no hint', () => {
    for (const word of ['constructor', 'toString', '__proto__']) {
      const issue = onlyError(`version: 1\nexempt:\n  require-reason: ${word}\n`);
      expect(issue).toMatchObject({ line: 3, column: 19, path: 'exempt.require-reason' });
      expect(issue.message).toBe(`expected true or false, got the string "${word}"`);
      expect(issue.hint).toBeUndefined();
    }
  });

  it('a quoted "true" is text, not the boolean: the hint points at the boolean', () => {
    const issue = onlyError('version: 1\nexempt:\n  require-reason: "true"\n');
    expect(issue).toMatchObject({ line: 3, column: 19, path: 'exempt.require-reason' });
    expect(issue.message).toBe('expected true or false, got the string "true"');
    expect(issue.hint).toBe('true');
    expect(onlyError("version: 1\nexempt:\n  require-reason: 'False'\n").hint).toBe('false');
  });

  it.each([
    ['require_reason', 'exempt.require_reason'],
    ['requireReason', 'exempt.requireReason'],
    ['require-reasons', 'exempt.require-reasons'],
  ])('the misspelling %s points at require-reason', (key, path) => {
    const issue = onlyError(`version: 1\nexempt:\n  ${key}: true\n`);
    expect(issue).toMatchObject({ line: 3, column: 3, path, hint: '"require-reason"' });
    expect(issue.message).toContain('expected one of users, teams, codeowners, require-reason');
  });
});

const target = (lines: string): string =>
  `version: 1\nnotify:\n  - ${lines.split('\n').join('\n    ')}\n`;

describe('notify', () => {
  it('is empty when absent; on defaults to every event, duplicates dropped', () => {
    expect(load('version: 1\n').notify).toEqual([]);
    const config = load(`version: 1
notify:
  - name: slack
    url-env: DEPLOY_WINDOW_SLACK_URL
    format: slack
  - name: ops
    url-env: OPS_HOOK
    format: json
    on: override
  - name: teams
    url-env: TEAMS_HOOK
    format: teams
    on: [rerun, blocked, rerun]
`);
    expect(config.notify).toEqual([
      {
        name: 'slack',
        urlEnv: 'DEPLOY_WINDOW_SLACK_URL',
        format: 'slack',
        on: ['blocked', 'override', 'rerun'],
      },
      { name: 'ops', urlEnv: 'OPS_HOOK', format: 'json', on: ['override'] },
      { name: 'teams', urlEnv: 'TEAMS_HOOK', format: 'teams', on: ['rerun', 'blocked'] },
    ]);
  });

  it('a misspelt top-level key points at notify', () => {
    const issue = onlyError('version: 1\nnotfy: []\n');
    expect(issue).toMatchObject({ line: 2, column: 1, path: 'notfy', hint: '"notify"' });
  });

  it('a URL in url-env is an error that says to use a secret, and never repeats the URL', () => {
    const issue = onlyError(target(`name: slack\nurl-env: ${SECRET_URL}\nformat: slack`));
    expect(issue).toMatchObject({ line: 4, column: 14, path: 'notify[0].url-env' });
    expect(issue.message).toContain('not a URL');
    expect(issue.message).toContain('CI secret');
    expect(issue.message).toContain('rotate');
    expect(formatIssue(issue)).not.toContain('s3cretT0ken');
    expect(formatIssue(issue)).not.toContain('hooks.slack.com');
  });

  it('a url: key is an error pointing at url-env, without the URL and without a second error', () => {
    const issue = onlyError(target(`name: slack\nurl: ${SECRET_URL}\nformat: slack`));
    expect(issue).toMatchObject({ line: 4, column: 5, path: 'notify[0].url', hint: '"url-env"' });
    expect(issue.message).toContain('the URL never goes in the config');
    expect(formatIssue(issue)).not.toContain('s3cretT0ken');
  });

  it.each([
    ['slack-url', '"SLACK_URL"'],
    ['deploy_window_slack_url', '"DEPLOY_WINDOW_SLACK_URL"'],
    ['$SLACK_URL', '"SLACK_URL"'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as people write it.
    ['"${{ secrets.SLACK_URL }}"', '"SLACK_URL"'],
    ['1ST_HOOK', undefined],
  ])('url-env %s is no variable name (hint %s)', (value, hint) => {
    const issue = onlyError(target(`name: slack\nurl-env: ${value}\nformat: slack`));
    expect(issue).toMatchObject({ line: 4, column: 14, path: 'notify[0].url-env' });
    expect(issue.message).toContain('expected the name of an environment variable');
    expect(issue.hint).toBe(hint);
  });

  it('an unknown format and an unknown event, each at its value, with did-you-mean', () => {
    const found = errors(target('name: t\nurl-env: T_URL\nformat: Slack\non: [blocked, overide]'));
    expect(found.map((issue) => [issue.line, issue.column, issue.path, issue.hint])).toEqual([
      [5, 13, 'notify[0].format', '"slack"'],
      [6, 19, 'notify[0].on[1]', '"override"'],
    ]);
    expect(found[1]?.message).toBe('unknown event "overide"; expected blocked, override, rerun');
  });

  it('a missing name, url-env and format are each named at the target', () => {
    const found = errors('version: 1\nnotify:\n  - on: blocked\n');
    expect(found.map((issue) => [issue.line, issue.column, issue.path])).toEqual([
      [3, 5, 'notify[0].name'],
      [3, 5, 'notify[0].url-env'],
      [3, 5, 'notify[0].format'],
    ]);
  });

  it('a misspelt key of a target points at the right one', () => {
    const issue = onlyError(target('name: t\nurl-env: T_URL\nfromat: json'));
    expect(issue).toMatchObject({ line: 5, column: 5, path: 'notify[0].fromat', hint: '"format"' });
    expect(issue.message).toContain('expected one of name, url-env, format, on');
  });

  it('names are unique', () => {
    const found = errors(`version: 1
notify:
  - {name: ops, url-env: A_URL, format: json}
  - {name: ops, url-env: B_URL, format: slack}
`);
    expect(found.map(formatIssue)).toEqual([
      `${FILE}:4:12: notify[1].name: duplicate notify target name "ops" (first used on line 3); expected every name to be unique`,
    ]);
  });

  it('an empty on: list is an error saying to leave it out', () => {
    const issue = onlyError(target('name: t\nurl-env: T_URL\nformat: json\non: []'));
    expect(issue.path).toBe('notify[0].on');
    expect(issue.message).toContain('leave on: out');
  });

  it('a YAML boolean as an event is refused like any non-event', () => {
    const issue = onlyError(target('name: t\nurl-env: T_URL\nformat: json\non: [true]'));
    expect(issue).toMatchObject({ path: 'notify[0].on[0]' });
    expect(issue.message).toContain('quote it if you mean the text');
  });
});
