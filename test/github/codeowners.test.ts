import { describe, expect, it } from 'vitest';
import { classifyOwner, parseCodeowners, ruleFor } from '../../src/github/codeowners.js';

const owners = (text: string, path: string) => ruleFor(parseCodeowners(text), path)?.owners ?? null;

describe('CODEOWNERS', () => {
  it('the last matching rule wins', () => {
    const text = '* @acme/everyone\n.github/ @acme/ops\n';
    expect(owners(text, '.github/deploy-windows.yml')).toEqual(['@acme/ops']);
    expect(owners(text, 'src/index.ts')).toEqual(['@acme/everyone']);
  });

  it('a later rule without owners leaves the path unowned', () => {
    expect(owners('* @acme/everyone\n/docs/\n', 'docs/a.md')).toEqual([]);
  });

  it('skips comments and blank lines, and stops owners at an inline comment', () => {
    const rules = parseCodeowners('# owners\n\n*.yml @alice # the yaml person\n');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ pattern: '*.yml', owners: ['@alice'], line: 3 });
  });

  it.each([
    ['*.js', 'a/b/c.js', true],
    ['*.js', 'c.ts', false],
    ['/build/logs/', 'build/logs/x/y.log', true],
    ['/build/logs/', 'src/build/logs/y.log', false],
    ['apps/', 'apps/web/index.ts', true],
    ['apps/', 'packages/apps/web/index.ts', true],
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['**/logs', 'build/logs/x.log', true],
    ['**/logs', 'logs', true],
    ['/docs/**', 'docs/a/b.md', true],
    ['.github/deploy-windows.yml', '.github/deploy-windows.yml', true],
    ['.github/deploy-windows.yml', 'x/.github/deploy-windows.yml', false],
    ['deploy-windows.yml', 'x/deploy-windows.yml', true],
    ['/.github/', '.github/deploy-windows.yml', true],
    ['.github', '.github/deploy-windows.yml', true],
    ['deploy-windows.y?l', 'deploy-windows.yml', true],
    ['src/**/test', 'src/a/b/test/x.ts', true],
    ['src/**/test', 'src/test/x.ts', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(ruleFor(parseCodeowners(`${pattern} @owner`), path) !== null).toBe(expected);
  });

  it('reads the exempt path with or without a leading ./ or /', () => {
    expect(owners('/.github/ @ops', './.github/deploy-windows.yml')).toEqual(['@ops']);
    expect(owners('/.github/ @ops', '/.github/deploy-windows.yml')).toEqual(['@ops']);
  });

  it('tells users, teams and emails apart', () => {
    expect(classifyOwner('@alice')).toEqual({ kind: 'user', login: 'alice' });
    expect(classifyOwner('@acme/ops')).toEqual({ kind: 'team', team: 'acme/ops' });
    expect(classifyOwner('ops@acme.example')).toEqual({ kind: 'email', email: 'ops@acme.example' });
  });
});
