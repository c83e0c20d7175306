// Environment globs: `*` any run of characters, `?` one character, `[abc]`, `[a-z]`, `[!x]`.
// Matching ignores case: GitHub treats environment names case-insensitively.

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export type EnvironmentMatcher = (environment: string | null) => boolean;

/** null patterns, or a null environment (no environment given): the window applies. */
export function environmentMatcher(patterns: readonly string[] | null): EnvironmentMatcher {
  if (patterns === null) return () => true;
  const regexps = patterns.map(globToRegExp);
  return (environment) =>
    environment === null || regexps.some((regexp) => regexp.test(environment));
}

export function matchesEnvironment(patterns: readonly string[] | null, environment: string | null) {
  return environmentMatcher(patterns)(environment);
}
