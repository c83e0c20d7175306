import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyOwner,
  codeownersRuleFor,
  findCodeownersFile,
  parseCodeowners,
  ruleFor,
} from '../../src/github/codeowners.js';
import { PolicyReadError, workspaceFiles } from '../../src/node/policy-files.js';

/** The owners of a path, read the way the gate reads them; the parsed rules must agree. */
function owners(text: string, path: string): string[] | null {
  const found = codeownersRuleFor(text, path);
  const parsed = ruleFor(parseCodeowners(text), path);
  expect(found && { ...found, matches: null }).toEqual(parsed && { ...parsed, matches: null });
  return found?.owners ?? null;
}

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

describe('finding the CODEOWNERS file in the policy source', () => {
  const repository = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'dw-codeowners-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it("takes GitHub's first place that has one: .github/, the root, docs/", async () => {
    const root = repository({ CODEOWNERS: '* @root\n', 'docs/CODEOWNERS': '* @docs\n' });
    expect(await findCodeownersFile(workspaceFiles(root))).toEqual({
      path: 'CODEOWNERS',
      text: '* @root\n',
    });
    mkdirSync(join(root, '.github'));
    writeFileSync(join(root, '.github/CODEOWNERS'), '* @github\n');
    expect((await findCodeownersFile(workspaceFiles(root)))?.path).toBe('.github/CODEOWNERS');
  });

  it('none: null', async () => {
    expect(await findCodeownersFile(workspaceFiles(repository({})))).toBeNull();
  });

  it("a file over GitHub's 3 MiB limit is an error naming the limit", async () => {
    const root = repository({ CODEOWNERS: `# ${'x'.repeat(3 * 1_048_576)}\n* @big\n` });
    const error = await findCodeownersFile(workspaceFiles(root)).catch((caught) => caught);
    expect(error).toBeInstanceOf(PolicyReadError);
    expect((error as Error).message).toContain('3 MiB');
  });

  it('a CODEOWNERS that is a symlink out of the repository is an error, not read', async () => {
    const root = repository({});
    symlinkSync('/etc/passwd', join(root, 'CODEOWNERS'));
    const error = await findCodeownersFile(workspaceFiles(root)).catch((caught) => caught);
    expect(error).toBeInstanceOf(PolicyReadError);
    expect((error as Error).message).not.toContain('root:');
  });
});
