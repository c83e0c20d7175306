import { describe, expect, it } from 'vitest';
import { describeOwner, ownersOf, patternMatcher } from '../../src/gitlab/codeowners.js';

function owners(text: string, path: string): string[] {
  return ownersOf(text, path).flatMap((entry) => entry.owners.map(describeOwner));
}

function bySection(text: string, path: string): Record<string, string[]> {
  return Object.fromEntries(
    ownersOf(text, path).map((entry) => [entry.section, entry.owners.map(describeOwner)]),
  );
}

describe('GitLab CODEOWNERS path matching', () => {
  it.each([
    ['README.md', 'README.md', true],
    ['README.md', 'internal/README.md', true],
    ['/README.md', 'internal/README.md', false],
    ['/README.md', 'README.md', true],
    ['/docs/', 'docs/a/b/c.md', true],
    ['/docs/', 'other/docs/c.md', false],
    ['docs/', 'other/docs/c.md', true],
    ['/docs/*', 'docs/index.md', true],
    ['/docs/*', 'docs/api/index.md', false],
    ['/docs/**/*.md', 'docs/index.md', true],
    ['/docs/**/*.md', 'docs/api/graphql/index.md', true],
    ['*.yml', '.github/deploy-windows.yml', true],
    ['*', '.gitlab/deploy-windows.yml', true],
    ['/.gitlab/*.yml', '.gitlab/deploy-windows.yml', true],
    ['/docs/*/README.md', 'docs/api/README.md', true],
    ['/docs/*/README.md', 'docs/README.md', false],
    ['/docs', 'docs/index.md', false],
    ['/config/deploy-windows.{yml,yaml}', 'config/deploy-windows.yaml', true],
    ['/config/deploy-window?.yml', 'config/deploy-windows.yml', true],
    ['/config/[a-c].yml', 'config/b.yml', true],
    ['/config/[!a-c].yml', 'config/b.yml', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(patternMatcher(pattern)(path)).toBe(expected);
  });

  it('reads escaped spaces and a leading escaped # as part of the pattern', () => {
    const text = ['/my\\ docs/ @writer', '\\#notes.md @scribe', '# a comment @nobody'].join('\n');
    expect(owners(text, 'my docs/x.md')).toEqual(['@writer']);
    expect(owners(text, '#notes.md')).toEqual(['@scribe']);
    expect(owners(text, 'a comment')).toEqual([]);
  });
});

describe('GitLab CODEOWNERS sections and owners', () => {
  const file = [
    '* @admin',
    '',
    '[Deploys] @release-team',
    '.gitlab/deploy-windows.yml',
    '/.github/ @github-admins',
    '',
    '^[Optional reviewers]',
    '*.yml @acme/platform/sre @@maintainer jane@example.com',
    '',
    '[deploys]',
    '/.gitlab/deploy-windows.yml @alice',
  ].join('\n');

  it('takes the last matching pattern within a section and an owner from every section', () => {
    expect(bySection(file, '.gitlab/deploy-windows.yml')).toEqual({
      '': ['@admin'],
      // Duplicate section names (case-insensitive) are one section: its last match wins.
      Deploys: ['@alice'],
      'Optional reviewers': ['@acme/platform/sre', '@@maintainer', 'jane@example.com'],
    });
  });

  it('gives entries without owners their section default owners', () => {
    expect(bySection(file, 'sub/.gitlab/deploy-windows.yml').Deploys).toEqual(['@release-team']);
  });

  it('classifies owners: users or groups, nested groups, roles, emails', () => {
    expect(
      ownersOf('/x @alice @acme/ops @@developers bob@example.com words #comment', 'x'),
    ).toEqual([
      {
        section: '',
        owners: [
          { kind: 'user-or-group', name: 'alice' },
          { kind: 'group', path: 'acme/ops' },
          { kind: 'role', role: 'developer' },
          { kind: 'email', address: 'bob@example.com' },
        ],
      },
    ]);
  });

  it('reads @@ followed by an Object.prototype name as no role (no owner)', () => {
    expect(ownersOf('/x @@constructor @@toString @@__proto__ @@maintainers', 'x')).toEqual([
      { section: '', owners: [{ kind: 'role', role: 'maintainer' }] },
    ]);
  });

  it('reads optional sections and approval counts as sections', () => {
    const text = ['^[Docs][2] @writers', 'docs/', '[Ops] @ops', '/ops/', '* @all'].join('\n');
    expect(bySection(text, 'docs/a.md')).toEqual({ Docs: ['@writers'], Ops: ['@all'] });
    expect(bySection(text, 'ops/run.sh')).toEqual({ Ops: ['@all'] });
  });

  it('combines sections of the same name in any letter case, in the order first seen', () => {
    const text = ['[Ops] @ops', '/a', '[Docs] @docs', '/b', '[ops] @late', '/c'].join('\n');
    expect(ownersOf(text, 'c')).toEqual([
      { section: 'Ops', owners: [{ kind: 'user-or-group', name: 'late' }] },
    ]);
    expect(bySection(text, 'a')).toEqual({ Ops: ['@ops'] });
    expect(
      bySection(['[Ops]', '!/a', '[Docs] @d', '/a', '[OPS] @o', '/a'].join('\n'), 'a'),
    ).toEqual({ Docs: ['@d'] });
  });

  it('reads CRLF files', () => {
    expect(owners('[Ops] @ops\r\n/deploy.yml\r\n', 'deploy.yml')).toEqual(['@ops']);
  });

  it('drops a path excluded in a section, even when a later entry names it', () => {
    const text = [
      '* @everyone',
      '!*.yml',
      '/.gitlab/deploy-windows.yml @ignored',
      '[Ops]',
      '*.yml @ops',
    ].join('\n');
    expect(bySection(text, '.gitlab/deploy-windows.yml')).toEqual({ Ops: ['@ops'] });
    expect(bySection(text, 'README.md')).toEqual({ '': ['@everyone'] });
  });

  it('leaves a path without owners when the last match in its section has none', () => {
    expect(owners(['*.yml @ops', '/ci/*.yml'].join('\n'), 'ci/deploy.yml')).toEqual([]);
  });
});
