// Glob matching is linear in the input: CODEOWNERS and environment patterns written to make a
// backtracking matcher run for minutes are answered at once, with the same answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesEnvironment } from '../../src/core/environments.js';
import { compileGlob, GlobError } from '../../src/core/glob.js';
import { parseCodeowners, ruleFor } from '../../src/github/codeowners.js';
import { ownersOf } from '../../src/gitlab/codeowners.js';

const DEEP_PATH = `${'a/'.repeat(60)}b`;

describe('patterns built to backtrack', () => {
  it('GitHub CODEOWNERS: `**/` 25 times and a deep path that does not match', () => {
    const rules = parseCodeowners(`${'**/'.repeat(25)}x @acme/ops\n`);
    expect(ruleFor(rules, DEEP_PATH)).toBeNull();
    expect(ruleFor(rules, `${DEEP_PATH}/x`)?.owners).toEqual(['@acme/ops']);
  });

  it('GitLab CODEOWNERS: 3 MiB of section headers are read in one pass', () => {
    // Each header used to be looked up among every section so far: quadratic, minutes long.
    const lines: string[] = [];
    for (let i = 0; i < 120_000; i++) lines.push(`[S${i}] @team-${i % 7}`, `/a${i}`);
    lines.push('[s0] @ops', '/.github/ @ops');
    const text = `${lines.join('\n')}\n`;
    expect(ownersOf(text, '.github/deploy-windows.yml')).toEqual([
      { section: 'S0', owners: [{ kind: 'user-or-group', name: 'ops' }] },
    ]);
  });

  it('GitLab CODEOWNERS: the same, and braces cannot multiply without bound', () => {
    const text = `${'**/'.repeat(25)}x @ops\n`;
    expect(ownersOf(text, DEEP_PATH)).toEqual([]);
    expect(() =>
      compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', {
        segments: true,
        ignoreCase: false,
        braces: true,
      }),
    ).toThrow(GlobError);
  });

  // Each line costs its 64 brace alternatives times its length: such a file took over two
  // minutes for one exemption look-up. Now a look-up compiles at most MAX_LOOKUP_CHARACTERS of
  // expanded patterns, then fails; a failed look-up exempts nobody (docs/security.md).
  it('GitLab CODEOWNERS: 3 MiB of long brace patterns end the look-up, which exempts nobody', () => {
    const line = `${'*[a-z]'.repeat(660)}{a,b}{c,d}{e,f}{g,h}{i,j}{k,m} @bob\n`;
    const text = line.repeat(Math.floor((3 * 1024 * 1024) / line.length));
    expect(() => ownersOf(text, '.gitlab/deploy-windows.yml')).toThrow(
      /too long to match in one look-up/,
    );
  }, 20_000);

  it('GitLab CODEOWNERS: the same with patterns the path keeps alive', () => {
    const line = `/**/${'*/**/'.repeat(400)}{a,b}{c,d}{e,f}{g,h}{i,j}{k,m}x @bob\n`;
    const text = line.repeat(Math.floor((3 * 1024 * 1024) / line.length));
    expect(() => ownersOf(text, `${'d/'.repeat(30)}y`)).toThrow(GlobError);
  }, 20_000);

  it('GitLab CODEOWNERS: 3 MiB of ordinary patterns with braces, none matching, are all read', () => {
    const lines: string[] = [];
    for (let size = 0, i = 0; size < 3 * 1024 * 1024 - 200; i++) {
      const line = `/app/module-${i}/**/*.{js,ts} @team-${i % 50}`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('/.gitlab/ @ops');
    const text = `${lines.join('\n')}\n`;
    expect(ownersOf(text, 'lib/none.rb')).toEqual([]);
    expect(ownersOf(text, '.gitlab/deploy-windows.yml')).toEqual([
      { section: '', owners: [{ kind: 'user-or-group', name: 'ops' }] },
    ]);
  }, 20_000);

  it('environment globs: many stars against a long name', () => {
    expect(matchesEnvironment([`${'*a'.repeat(40)}b`], 'a'.repeat(5000))).toBe(false);
  });
});

/** The obvious backtracking translation, fine as a reference on tiny inputs. */
function referenceEnvironment(pattern: string, name: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** GitHub's CODEOWNERS semantics as the old regular expressions had them (tiny inputs only). */
function referenceCodeowners(pattern: string, path: string): boolean {
  let body = pattern;
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const anchored = body.startsWith('/') || body.includes('/');
  body = body.replace(/^\/+/, '');
  const last = body.split('/').pop() ?? '';
  const prefix = anchored || body.startsWith('**') ? '' : '(?:.*/)?';
  const suffix = directoryOnly ? '/.*' : /[*?]/.test(last) && last !== '**' ? '' : '(?:/.*)?';
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '*' && body[i + 1] === '*' && body[i + 2] === '/') {
      out += '(?:.*/)?';
      i += 2;
    } else if (c === '*' && body[i + 1] === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${prefix}${out}${suffix}$`).test(path);
}

/**
 * The obvious regular expression for a glob of letters, `*`, `?` and classes (`[ab]`, `[!a]`,
 * `[a-c]`, a `]` first is a member, an unclosed `[` is itself); `error` for a backwards range.
 */
function referenceClasses(pattern: string, name: string): boolean | 'error' {
  const literal = (c: string) => c.replace(/[\]\\^-]/g, '\\$&');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c !== '[') source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else {
      let j = i + 1;
      const negated = pattern[j] === '!' || pattern[j] === '^';
      if (negated) j++;
      let members = '';
      for (let first = true; j < pattern.length && (pattern[j] !== ']' || first); j++) {
        first = false;
        const low = pattern[j] as string;
        const high = pattern[j + 2];
        if (pattern[j + 1] === '-' && high !== undefined && high !== ']') {
          if (high < low) return 'error';
          members += `${literal(low)}-${literal(high)}`;
          j += 2;
        } else members += literal(low);
      }
      if (j >= pattern.length) source += '\\[';
      else {
        source += `[${negated ? '^' : ''}${members}]`;
        i = j;
      }
    }
  }
  return new RegExp(`^${source}$`, 's').test(name);
}

describe('the linear matcher agrees with the obvious one', () => {
  it('classes, the same class met again in a pattern or a later one included', () => {
    const names = { segments: false, ignoreCase: false } as const;
    // Classes are read once and shared: reading one again must end where it ends.
    expect(compileGlob('[ab]c[ab]d', names).matches('acbd')).toBe(true);
    expect(compileGlob('x[ab]c[ab]', names).matches('xacb')).toBe(true);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', '-', '!', ']', '[', '*', '?', '[ab]', '[a-c]'), {
          maxLength: 8,
        }),
        fc.stringMatching(/^[abc\]!-]{0,8}$/),
        (parts, name) => {
          const pattern = parts.join('');
          const expected = referenceClasses(pattern, name);
          if (expected === 'error') {
            expect(() => compileGlob(pattern, names)).toThrow(GlobError);
            return;
          }
          expect(compileGlob(pattern, names).matches(name)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('environment patterns', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[abA*?-]{0,8}$/),
        fc.stringMatching(/^[abAB-]{0,10}$/),
        (pattern, name) =>
          matchesEnvironment([pattern], name) === referenceEnvironment(pattern, name),
      ),
      { numRuns: 2000 },
    );
  });

  it('GitHub CODEOWNERS patterns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '/', '*', '**', '**/', '?'), { maxLength: 6 }),
        fc.array(fc.constantFrom('a', 'b', 'ab', '/'), { minLength: 1, maxLength: 8 }),
        (parts, pathParts) => {
          const pattern = parts.join('');
          const path = pathParts.join('').replace(/^\/+/, '');
          if (pattern.trim() === '' || path === '') return true;
          const rules = parseCodeowners(`${pattern} @o\n`);
          if (rules.length === 0) return true;
          return (ruleFor(rules, path) !== null) === referenceCodeowners(pattern, path);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
