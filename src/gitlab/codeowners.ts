// GitLab's CODEOWNERS: sections, section default owners, exclusions, and its path matching
// (Ruby File.fnmatch with FNM_PATHNAME | FNM_DOTMATCH after GitLab's pattern normalisation).
// Pure: the caller reads the file.

export const GITLAB_CODEOWNERS_PATHS = [
  '.gitlab/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

export type CodeOwner =
  | { kind: 'user-or-group'; name: string } // @name: a user, else a top-level group
  | { kind: 'group'; path: string } // @group/subgroup
  | { kind: 'role'; role: 'developer' | 'maintainer' | 'owner' } // @@maintainer
  | { kind: 'email'; address: string }; // never matches an actor

export interface CodeOwnersEntry {
  line: number;
  pattern: string;
  /** `!pattern`: the path needs no owner in this section, whatever follows. */
  exclusion: boolean;
  /** The entry's owners, else its section's default owners. */
  owners: CodeOwner[];
  matches: (path: string) => boolean;
}

export interface CodeOwnersSection {
  /** '' for entries before the first section header. */
  name: string;
  optional: boolean;
  entries: CodeOwnersEntry[];
}

export interface OwnersInSection {
  section: string;
  owners: CodeOwner[];
}

const SECTION_HEADER = /^(\^)?\[([^\]]+)\](?:\[(\d+)\])?(?:\s+(.*))?$/;
const ROLES: Record<string, 'developer' | 'maintainer' | 'owner'> = {
  developer: 'developer',
  developers: 'developer',
  maintainer: 'maintainer',
  maintainers: 'maintainer',
  owner: 'owner',
  owners: 'owner',
};

export function parseOwner(token: string): CodeOwner | null {
  if (token.startsWith('@@')) {
    const role = ROLES[token.slice(2).toLowerCase()];
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Splits `a,b` at top-level commas (not inside nested braces). */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function findClosingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let index = open; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

/** fnmatch(FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB) glob -> regular expression source. */
function globToRegExpSource(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '\\' && index + 1 < glob.length) {
      source += escapeRegExp(glob[++index] as string);
    } else if (char === '*') {
      const atSegmentStart = index === 0 || glob[index - 1] === '/';
      if (glob[index + 1] === '*' && atSegmentStart && glob[index + 2] === '/') {
        source += '(?:[^/]*/)*'; // `**/`: zero or more directories
        index += 2;
      } else {
        while (glob[index + 1] === '*') index++;
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(index + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const escaped = body.replace(/[\\\]]/g, '\\$&');
      source += negated ? `(?!/)[^${escaped}]` : `[${escaped}]`;
      index = close;
    } else if (char === '{') {
      const close = findClosingBrace(glob, index);
      if (close === -1) {
        source += '\\{';
        continue;
      }
      const alternatives = splitAlternatives(glob.slice(index + 1, close));
      source += `(?:${alternatives.map(globToRegExpSource).join('|')})`;
      index = close;
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

/** Does a CODEOWNERS pattern (as written in the file) match a repository path? */
export function patternMatcher(pattern: string): (path: string) => boolean {
  const regex = new RegExp(`^${globToRegExpSource(normalizePattern(pattern))}$`);
  return (path: string) => regex.test(`/${path.replace(/^\.?\/+/, '')}`);
}

export function parseGitLabCodeOwners(text: string): CodeOwnersSection[] {
  const sections: CodeOwnersSection[] = [{ name: '', optional: false, entries: [] }];
  let current = sections[0] as CodeOwnersSection;
  let defaults: CodeOwner[] = [];

  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;

    const header = SECTION_HEADER.exec(line);
    if (header) {
      const name = (header[2] as string).trim();
      const optional = header[1] === '^';
      // Section names are case-insensitive; duplicates are combined (required wins over optional).
      const existing = sections.find(
        (section) => section.name !== '' && section.name.toLowerCase() === name.toLowerCase(),
      );
      if (existing) {
        existing.optional = existing.optional && optional;
        current = existing;
      } else {
        current = { name, optional, entries: [] };
        sections.push(current);
      }
      defaults = parseOwners(header[4]);
      return;
    }

    const { pattern: written, rest } = splitEntry(line);
    const exclusion = written.startsWith('!');
    const pattern = exclusion ? written.slice(1) : written;
    if (pattern === '') return;
    const own = parseOwners(rest);
    current.entries.push({
      line: index + 1,
      pattern,
      exclusion,
      owners: own.length > 0 ? own : defaults,
      matches: patternMatcher(pattern),
    });
  });
  return sections;
}

/**
 * The owners of a path in each section: within a section the last matching entry wins, and an
 * exclusion that matches removes the path from the section. Sections without owners are left out.
 */
export function ownersOf(sections: CodeOwnersSection[], path: string): OwnersInSection[] {
  const result: OwnersInSection[] = [];
  for (const section of sections) {
    if (section.entries.some((entry) => entry.exclusion && entry.matches(path))) continue;
    const last = section.entries.findLast((entry) => !entry.exclusion && entry.matches(path));
    if (last && last.owners.length > 0) result.push({ section: section.name, owners: last.owners });
  }
  return result;
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
