// GitHub's CODEOWNERS: where the file lives, its gitignore-style patterns, and who owns a path
// (the last matching rule wins).

import { compileGlob } from '../core/glob.js';
import { FILE_LIMITS, type PolicyFiles } from '../node/policy-files.js';

/** Where GitHub looks, in its order. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  pattern: string;
  /** `@user`, `@org/team` or an email, as written. */
  owners: string[];
  line: number;
  matches: (path: string) => boolean;
}

export type Owner =
  | { kind: 'user'; login: string }
  | { kind: 'team'; team: string }
  | { kind: 'email'; email: string };

/**
 * The CODEOWNERS file of the policy source (the policy ref, not the change being deployed):
 * the first of GitHub's places that has one, read with GitHub's own 3 MiB limit. null when
 * there is none; a PolicyReadError when one cannot be read.
 */
export async function findCodeownersFile(
  files: PolicyFiles,
): Promise<{ path: string; text: string } | null> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await files.read(path, FILE_LIMITS.codeowners);
    if (text !== null) return { path, text };
  }
  return null;
}

const GITHUB_GLOB = { segments: true, ignoreCase: false, classes: false } as const;

/**
 * A CODEOWNERS pattern as a matcher of repository paths (no leading slash). Follows GitHub's
 * documented behaviour: a leading or inner `/` anchors at the root; `dir/` matches everything
 * under any such directory; `docs/*` matches files directly in docs only; a name without
 * wildcards also matches everything under it when it is a directory. Linear in the path
 * (src/core/glob.ts), whatever the pattern.
 */
export function patternMatcher(pattern: string): (path: string) => boolean {
  let body = pattern;
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const anchored = body.startsWith('/') || body.includes('/');
  body = body.replace(/^\/+/, '');
  const lastSegment = body.split('/').pop() ?? '';
  const prefix = anchored || body.startsWith('**') ? '' : '**/';
  // An escaped `/`: the body's trailing `**` and this suffix must not read as `**/`.
  const suffix = directoryOnly ? '\\/**' : '';
  const subpaths = !directoryOnly && (!/[*?]/.test(lastSegment) || lastSegment === '**');
  const glob = compileGlob(`${prefix}${body}${suffix}`, GITHUB_GLOB);
  return (path) => glob.matches(path, { subpaths });
}

/** One line of a CODEOWNERS file as a rule; null for blank and comment lines. */
function parseRule(raw: string, line: number): CodeownersRule | null {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  // A pattern may contain escaped spaces (`my\ file`).
  const tokens = trimmed.match(/(?:\\.|[^\s\\])+/g) ?? [];
  const [pattern, ...rest] = tokens;
  if (!pattern) return null;
  const commentAt = rest.findIndex((token) => token.startsWith('#'));
  const owners = commentAt === -1 ? rest : rest.slice(0, commentAt);
  // Compiled when asked and not kept: a 3 MiB file has tens of thousands of rules.
  return { pattern, owners, line, matches: (path) => patternMatcher(pattern)(path) };
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const rule = parseRule(raw, index + 1);
    if (rule) rules.push(rule);
  });
  return rules;
}

const normalizePath = (path: string) => path.trim().replace(/^\.\//, '').replace(/^\/+/, '');

/** The rule that decides who owns `path` (the last that matches), or null when none does. */
export function ruleFor(rules: readonly CodeownersRule[], path: string): CodeownersRule | null {
  const normalized = normalizePath(path);
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i] as CodeownersRule;
    if (rule.matches(normalized)) return rule;
  }
  return null;
}

/**
 * ruleFor(parseCodeowners(text), path), read from the last line up: only the rule found is
 * kept, so a 3 MiB file of tens of thousands of rules costs one line at a time.
 */
export function codeownersRuleFor(text: string, path: string): CodeownersRule | null {
  const normalized = normalizePath(path);
  const lines = text.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index--) {
    const rule = parseRule(lines[index] as string, index + 1);
    if (rule?.matches(normalized)) return rule;
  }
  return null;
}

export function classifyOwner(owner: string): Owner {
  if (owner.startsWith('@')) {
    const name = owner.slice(1);
    return name.includes('/') ? { kind: 'team', team: name } : { kind: 'user', login: name };
  }
  return { kind: 'email', email: owner };
}
