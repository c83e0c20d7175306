// GitLab's CODEOWNERS: sections, section default owners, exclusions, and its path matching
// (Ruby File.fnmatch with FNM_PATHNAME | FNM_DOTMATCH after GitLab's pattern normalisation).
// Pure: the caller reads the file.
import { compileGlob, type GlobBudget } from '../core/glob.js';

/**
 * Where GitLab looks for CODEOWNERS, in its order: it uses the first that exists and ignores the
 * others (ee/lib/gitlab/code_owners.rb, FILE_PATHS; docs/gitlab.md).
 */
export const GITLAB_CODEOWNERS_PATHS = [
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
] as const;

export type CodeOwner =
  | { kind: 'user-or-group'; name: string } // @name: a user, else a top-level group
  | { kind: 'group'; path: string } // @group/subgroup
  | { kind: 'role'; role: 'developer' | 'maintainer' | 'owner' } // @@maintainer
  | { kind: 'email'; address: string }; // never matches an actor

export interface OwnersInSection {
  section: string;
  owners: CodeOwner[];
}

/** The characters of patterns, braces expanded, that one ownersOf look-up compiles at most. */
export const MAX_LOOKUP_CHARACTERS = 8 * 1024 * 1024;

const SECTION_HEADER = /^(\^)?\[([^\]]+)\](?:\[(\d+)\])?(?:\s+(.*))?$/;
// A Map: the text after @@ is the key, and a plain object would answer `constructor`.
const ROLES: ReadonlyMap<string, 'developer' | 'maintainer' | 'owner'> = new Map([
  ['developer', 'developer'],
  ['developers', 'developer'],
  ['maintainer', 'maintainer'],
  ['maintainers', 'maintainer'],
  ['owner', 'owner'],
  ['owners', 'owner'],
]);

export function parseOwner(token: string): CodeOwner | null {
  if (token.startsWith('@@')) {
    const role = ROLES.get(token.slice(2).toLowerCase());
    return role ? { kind: 'role', role } : null;
  }
  if (token.startsWith('@')) {
    const name = token.slice(1);
    if (name === '') return null;
    return name.includes('/') ? { kind: 'group', path: name } : { kind: 'user-or-group', name };
  }
  if (/^[^@\s]+@[^@\s]+$/.test(token)) return { kind: 'email', address: token };
  // Anything else (words of an inline "comment", which GitLab does not support) owns nothing.
  return null;
}

function parseOwners(text: string | undefined): CodeOwner[] {
  if (!text) return [];
  return text
    .split(/\s+/)
    .map(parseOwner)
    .filter((owner): owner is CodeOwner => owner !== null);
}

/** Splits an entry line at the first whitespace not escaped with a backslash. */
function splitEntry(line: string): { pattern: string; rest: string } {
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (char === '\\') {
      index++;
      continue;
    }
    if (/\s/.test(char)) return { pattern: line.slice(0, index), rest: line.slice(index + 1) };
  }
  return { pattern: line, rest: '' };
}

/** GitLab's normalisation: relative patterns match at any depth, `dir/` matches everything below. */
export function normalizePattern(raw: string): string {
  let pattern = raw.replace(/^\\#/, '#').replace(/\\(\s)/g, '$1');
  if (pattern === '*') return '/**/*';
  if (!pattern.startsWith('/')) pattern = `/**/${pattern}`;
  if (pattern.endsWith('/')) pattern = `${pattern}**/*`;
  return pattern;
}

/** fnmatch(FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB), as GitLab matches CODEOWNERS paths. */
const GITLAB_GLOB = {
  segments: true,
  ignoreCase: false,
  braces: true,
  doubleStar: 'star',
  dirsAtSegmentStart: true,
} as const;

/** Does a CODEOWNERS pattern (as written in the file) match a repository path? Linear in the path. */
export function patternMatcher(pattern: string, budget?: GlobBudget): (path: string) => boolean {
  const glob = compileGlob(normalizePattern(pattern), GITLAB_GLOB, budget);
  return (path: string) => glob.matches(`/${path.replace(/^\.?\/+/, '')}`);
}

/** A section's state while the file is read for one path. */
interface SectionState {
  name: string;
  /** An exclusion matched: the path needs no owner in this section, whatever else matches. */
  excluded: boolean;
  /** The owners of the last entry that matched so far (its own, else the section's default). */
  owners: CodeOwner[] | null;
}

/**
 * The owners of a path in each section, read from the file's text in one pass: within a
 * section the last matching entry wins, and an exclusion that matches removes the path from the
 * section. Sections of the same name (in any letter case) are one section. Sections without
 * owners are left out. Nothing but one state per section is kept: a 3 MiB file has tens of
 * thousands of entries, each pattern is compiled, tested and dropped.
 */
export function ownersOf(text: string, path: string): OwnersInSection[] {
  // A 3 MiB file's patterns several times over: braces (at most 64 alternatives each) cannot
  // make one look-up cost more; past it the look-up fails, and a failed look-up exempts nobody.
  const budget: GlobBudget = { characters: MAX_LOOKUP_CHARACTERS };
  const sections: SectionState[] = [{ name: '', excluded: false, owners: null }];
  /** Named sections by lower-case name: a file may have tens of thousands of headers. */
  const byName = new Map<string, SectionState>();
  let current = sections[0] as SectionState;
  let defaults: CodeOwner[] = [];

  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;

    const header = SECTION_HEADER.exec(line);
    if (header) {
      const name = (header[2] as string).trim();
      const existing = byName.get(name.toLowerCase());
      if (existing) current = existing;
      else {
        current = { name, excluded: false, owners: null };
        sections.push(current);
        byName.set(name.toLowerCase(), current);
      }
      defaults = parseOwners(header[4]);
      continue;
    }

    if (current.excluded) continue;
    const { pattern: written, rest } = splitEntry(line);
    const exclusion = written.startsWith('!');
    const pattern = exclusion ? written.slice(1) : written;
    if (pattern === '' || !patternMatcher(pattern, budget)(path)) continue;
    if (exclusion) current.excluded = true;
    else {
      const own = parseOwners(rest);
      current.owners = own.length > 0 ? own : defaults;
    }
  }
  return sections.flatMap((section) =>
    !section.excluded && section.owners && section.owners.length > 0
      ? [{ section: section.name, owners: section.owners }]
      : [],
  );
}

export function describeOwner(owner: CodeOwner): string {
  switch (owner.kind) {
    case 'user-or-group':
      return `@${owner.name}`;
    case 'group':
      return `@${owner.path}`;
    case 'role':
      return `@@${owner.role}`;
    case 'email':
      return owner.address;
  }
}
