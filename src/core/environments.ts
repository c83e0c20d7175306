// Environment globs: `*` any run of characters, `?` one character, `[abc]`, `[a-z]`, `[!x]`.
// Matching ignores case: GitHub treats environment names case-insensitively.
import { compileGlob, type Glob } from './glob.js';

const ENVIRONMENT_GLOB = { segments: false, ignoreCase: true } as const;

/** One environment pattern, compiled; throws GlobError for a pattern it cannot match with. */
export function environmentGlob(pattern: string): Glob {
  return compileGlob(pattern, ENVIRONMENT_GLOB);
}

export type EnvironmentMatcher = (environment: string | null) => boolean;

/** null patterns, or a null environment (no environment given): the window applies. */
export function environmentMatcher(patterns: readonly string[] | null): EnvironmentMatcher {
  if (patterns === null) return () => true;
  const globs = patterns.map(environmentGlob);
  return (environment) => environment === null || globs.some((glob) => glob.matches(environment));
}

export function matchesEnvironment(patterns: readonly string[] | null, environment: string | null) {
  return environmentMatcher(patterns)(environment);
}
