// `extends:` in the config: every source form, its defaults, and bad syntax as a config error
// at the entry, with a did-you-mean where the intent is clear.
import { describe, expect, it } from 'vitest';
import { parsePolicySource, parseRepositoryList } from '../../src/core/config/extends.js';
import { formatIssue } from '../../src/core/config/format.js';
import { loadConfig } from '../../src/core/config/load.js';
import type { LoadResult } from '../../src/core/types.js';

const load = (extendsYaml: string): LoadResult =>
  loadConfig(`version: 1\nextends:\n${extendsYaml}windows: []\n`, { file: 'deploy-windows.yml' });

function errorsOf(result: LoadResult): string[] {
  return result.ok ? [] : result.errors.map(formatIssue);
}

describe('extends sources', () => {
  it('reads each form with its repository, path and ref, defaults filled in', () => {
    const result = load(
      [
        '  - github>acme/deploy-policy:org.yml#v3',
        '  - gitlab>platform/infra/deploy-policy:policies/org.yml#main',
        '  - local>acme/deploy-policy',
        '  - ./policy/team.yml',
        '  - policy/../shared/base.yml',
        '',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.extends).toEqual([
      {
        kind: 'github',
        repo: 'acme/deploy-policy',
        path: 'org.yml',
        ref: 'v3',
        written: 'github>acme/deploy-policy:org.yml#v3',
        position: { file: 'deploy-windows.yml', line: 3, column: 5, key: 'extends[0]' },
      },
      expect.objectContaining({
        kind: 'gitlab',
        repo: 'platform/infra/deploy-policy',
        path: 'policies/org.yml',
        ref: 'main',
      }),
      expect.objectContaining({
        kind: 'local',
        repo: 'acme/deploy-policy',
        path: 'deploy-windows.yml',
        ref: null,
      }),
      expect.objectContaining({
        kind: 'path',
        path: 'policy/team.yml',
        written: './policy/team.yml',
      }),
      expect.objectContaining({ kind: 'path', path: 'shared/base.yml' }),
    ]);
  });

  it('is empty without the key, and a single string counts as a list of one', () => {
    const none = loadConfig('version: 1\n', { file: 'x.yml' });
    expect(none.ok && none.config.extends).toEqual([]);
    const one = loadConfig('version: 1\nextends: github>acme/policy\n', { file: 'x.yml' });
    expect(one.ok && one.config.extends?.map((source) => source.written)).toEqual([
      'github>acme/policy',
    ]);
  });

  it('names a misspelt platform and suggests the source it meant', () => {
    expect(errorsOf(load('  - githb>acme/deploy-policy:org.yml#v3\n'))).toEqual([
      'deploy-windows.yml:3:5: extends[0]: unknown platform "githb" in "githb>acme/deploy-policy:org.yml#v3"; expected github>, gitlab> or local> (did you mean "github>acme/deploy-policy:org.yml#v3"?)',
    ]);
    expect(errorsOf(load('  - GitLab>group/project\n'))[0]).toContain(
      '(did you mean "gitlab>group/project"?)',
    );
    expect(errorsOf(load('  - github:acme/policy\n'))[0]).toContain(
      '(did you mean "github>acme/policy"?)',
    );
  });

  it('points a URL or a platform-less repository at the source form', () => {
    expect(
      errorsOf(load('  - https://github.com/acme/deploy-policy/blob/v3/org.yml\n'))[0],
    ).toContain('(did you mean "github>acme/deploy-policy:org.yml#v3"?)');
    expect(errorsOf(load('  - acme/deploy-policy:org.yml\n'))[0]).toContain(
      '(did you mean "local>acme/deploy-policy:org.yml"?)',
    );
  });

  it('refuses paths out of the repository, bad repositories, empty parts and unsafe refs', () => {
    const cases: [string, string][] = [
      ['../other/policy.yml', 'is not a path inside this repository'],
      ['/etc/policy.yml', 'is not a path inside this repository'],
      ['github>acme:org.yml', 'expected owner/name after github>'],
      ['github>acme/policy/extra', 'expected owner/name after github>'],
      ['gitlab>project', 'expected the project path'],
      ['github>acme/policy:#v3', 'after ":" is not a path inside acme/policy'],
      ['github>acme/policy:../x.yml', 'after ":" is not a path inside acme/policy'],
      ['github>acme/policy#', 'after "#" is not a branch, tag or commit name'],
      ['github>acme/policy#--upload-pack=x', 'after "#" is not a branch, tag or commit name'],
      ['github>acme/policy#a..b', 'after "#" is not a branch, tag or commit name'],
      ['', 'empty source'],
    ];
    for (const [text, expected] of cases) {
      const parsed = parsePolicySource(text);
      expect('error' in parsed ? parsed.error : 'parsed', text).toContain(expected);
    }
  });

  it('reports every bad entry at its own line, and non-text entries', () => {
    const errors = errorsOf(load('  - github>acme/policy\n  - 42\n  - gitlob>a/b\n  - [x]\n'));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('deploy-windows.yml:5:5: extends[2]: unknown platform "gitlob"');
    expect(errors[1]).toContain('deploy-windows.yml:6:5: extends[3]: expected a policy source');
  });

  it('refuses a map, and more than 20 sources', () => {
    expect(errorsOf(loadConfig('version: 1\nextends: {a: 1}\n', { file: 'x.yml' }))[0]).toContain(
      'x.yml:2:10: extends: expected a list of policy sources',
    );
    const many = Array.from({ length: 21 }, (_, i) => `  - ./p${i}.yml\n`).join('');
    expect(errorsOf(load(many))[0]).toContain('21 sources; expected at most 20');
  });

  it('warns about a source listed twice (letter case of the repository aside)', () => {
    const result = load('  - github>acme/policy:org.yml\n  - github>ACME/policy:org.yml\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.extends).toHaveLength(1);
    expect(result.warnings.map(formatIssue)).toEqual([
      'deploy-windows.yml:4:5: extends[1]: "github>ACME/policy:org.yml" is already listed at extends[0]; it counts once',
    ]);
  });
});

describe("a preview's readable repositories (the workflow's or pipeline's list)", () => {
  it('reads PLATFORM>REPO entries separated by spaces, commas or lines, local> as this platform', () => {
    expect(
      parseRepositoryList(
        'github>acme/deploy-policy, local>ACME/Deploy-Policy\n gitlab>ops/sub/policy',
        'github',
      ),
    ).toEqual({ repositories: ['github>acme/deploy-policy', 'gitlab>ops/sub/policy'] });
    expect(parseRepositoryList('  ', 'gitlab')).toEqual({ repositories: [] });
    expect(parseRepositoryList('local>group/policy', 'gitlab')).toEqual({
      repositories: ['gitlab>group/policy'],
    });
  });

  it('refuses a file, a ref, a path of this repository or a bad platform, naming the entry', () => {
    expect(parseRepositoryList('github>acme/p:org.yml', 'github')).toEqual({
      error:
        '"github>acme/p:org.yml" is not a repository; expected PLATFORM>REPO such as github>acme/deploy-policy (no :PATH or #REF: every file of it may be read)',
    });
    expect(parseRepositoryList('github>acme/p#v3', 'github')).toMatchObject({
      error: expect.stringContaining('"github>acme/p#v3" is not a repository'),
    });
    expect(parseRepositoryList('policy/team.yml', 'gitlab')).toMatchObject({
      error: expect.stringContaining('"policy/team.yml" is not a repository'),
    });
    expect(parseRepositoryList('githab>acme/p', 'github')).toMatchObject({
      error: expect.stringContaining('"githab>acme/p": unknown platform "githab"'),
    });
    expect(parseRepositoryList(Array(51).fill('github>a/b').join(' '), 'github')).toEqual({
      error: 'more than 50 repositories',
    });
  });
});
