// `extends:`: the policy files a config builds on (docs/organisation.md), read from the YAML
// into typed sources with their positions. Pure: reading the sources is src/node's job.
import {
  POLICY_PLATFORMS,
  type PolicyPlatform,
  type PolicySource,
  type RepositorySource,
  type SourcePosition,
} from '../types.js';
import { closestMatches, phraseHint } from './did-you-mean.js';
import { oneOrList } from './one-or-list.js';
import type { ConfigReader, Entry } from './reader.js';

export type {
  PathSource,
  PolicyPlatform,
  PolicySource,
  RepositorySource,
  SourcePosition,
} from '../types.js';
export { POLICY_PLATFORMS } from '../types.js';

export const EXTENDS_KEY = 'extends';
/** The file read when a source gives no `:PATH`. */
export const DEFAULT_POLICY_PATH = 'deploy-windows.yml';
/** At most this many sources in one file's `extends` (docs/organisation.md, Limits). */
export const MAX_EXTENDS = 20;
/** A source longer than this is not one anybody wrote. */
export const MAX_SOURCE_LENGTH = 1024;

/** Why a source string is not one; `hint` is an already phrased did-you-mean. */
export interface SourceSyntaxError {
  error: string;
  hint?: string;
}

const SOURCE_FORMS =
  'expected PLATFORM>REPO:PATH#REF (github>owner/name:org.yml#v3, gitlab>group/project, local>owner/name) or a path in this repository (./policy/team.yml)';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A repository-relative, '/'-separated path without `.` and `..` segments, or null when it is
 * empty, absolute, leaves the repository, or holds a backslash or a control character. The pure
 * twin of src/node's repoRelativePath, which reads check again.
 */
export function normalizeRepositoryPath(path: string): string | null {
  if (path === '' || path.length > 4096 || CONTROL.test(path) || path.includes('\\')) return null;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return null;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.length === 0 ? null : segments.join('/');
}

/** A ref git and the platforms' APIs may be asked for (as src/node's isSafeRef). */
export function isSafePolicyRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 256 &&
    !ref.startsWith('-') &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
    !/[\u0000-\u0020\u007f~^:?*[\\#]|\.\.|@\{/.test(ref)
  );
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const GITLAB_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
/** GitLab nests groups at most 20 deep. */
const MAX_GITLAB_SEGMENTS = 21;

function checkRepo(kind: PolicyPlatform, repo: string): string | null {
  const segments = repo.split('/');
  const github = 'owner/name';
  const gitlab = 'the project path, group/project or group/sub/project';
  if (kind === 'github') {
    const [owner = '', name = ''] = segments;
    const ok =
      segments.length === 2 &&
      GITHUB_OWNER.test(owner) &&
      GITHUB_NAME.test(name) &&
      name !== '.' &&
      name !== '..';
    return ok ? null : `expected ${github} after github>, got "${repo}"`;
  }
  const ok =
    segments.length >= 2 &&
    segments.length <= MAX_GITLAB_SEGMENTS &&
    segments.every((segment) => GITLAB_SEGMENT.test(segment) && !/^\.+$/.test(segment));
  if (ok) return null;
  const what = kind === 'gitlab' ? gitlab : `${github} (GitHub) or ${gitlab} (GitLab)`;
  return `expected ${what} after ${kind}>, got "${repo}"`;
}

/** `github>acme/x:org.yml` for a misspelt platform word or a `:` in its place. */
function platformHint(word: string, rest: string): string | undefined {
  const [near] = closestMatches(word, POLICY_PLATFORMS, 1);
  return near === undefined ? undefined : phraseHint([`${near}>${rest}`]);
}

/** A source written as a URL: the form it stands for, when it is a GitHub or GitLab one. */
function urlHint(text: string): string | undefined {
  const match = /^https?:\/\/(github\.com|gitlab\.com)\/([^?#]+?)(?:\.git)?\/?$/i.exec(text);
  if (!match) return undefined;
  const platform = match[1]?.toLowerCase().startsWith('github') ? 'github' : 'gitlab';
  const parts = (match[2] ?? '').split('/');
  // .../owner/name/blob/REF/PATH (GitHub), .../group/project/-/blob/REF/PATH (GitLab)
  const blob = parts.indexOf('blob');
  if (blob === -1) return phraseHint([`${platform}>${parts.join('/')}`]);
  const repo = parts.slice(0, blob).filter((part) => part !== '-');
  const ref = parts[blob + 1];
  const path = parts.slice(blob + 2).join('/');
  if (!ref || path === '') return undefined;
  return phraseHint([`${platform}>${repo.join('/')}:${path}#${ref}`]);
}

/** Parses one source as written; an error says what is wrong and, when it can, what was meant. */
export function parsePolicySource(
  text: string,
  position: SourcePosition | null = null,
): PolicySource | SourceSyntaxError {
  const written = text.trim();
  if (written === '') return { error: `empty source; ${SOURCE_FORMS}` };
  if (written.length > MAX_SOURCE_LENGTH) {
    return { error: `a source longer than ${MAX_SOURCE_LENGTH} characters; ${SOURCE_FORMS}` };
  }
  if (CONTROL.test(written)) return { error: `a source with control characters; ${SOURCE_FORMS}` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) {
    return { error: `a URL is not a source; ${SOURCE_FORMS}`, hint: urlHint(written) };
  }
  const arrow = written.indexOf('>');
  if (arrow === -1) {
    // `github:acme/x` (Renovate's old form) or `acme/policy:org.yml` (no platform).
    const colon = /^([A-Za-z]+):(.+)$/.exec(written);
    if (colon && closestMatches(colon[1] ?? '', POLICY_PLATFORMS, 1).length > 0) {
      return {
        error: `"${written}" names no platform with ">"; ${SOURCE_FORMS}`,
        hint: platformHint(colon[1] ?? '', colon[2] ?? ''),
      };
    }
    if (written.includes(':') || written.includes('#')) {
      return {
        error: `"${written}" is not a path in this repository (":" and "#" belong to PLATFORM>REPO:PATH#REF); ${SOURCE_FORMS}`,
        hint: phraseHint([`local>${written}`]),
      };
    }
    const path = normalizeRepositoryPath(written);
    if (path === null) {
      return {
        error: `"${written}" is not a path inside this repository (no absolute paths, no .. out of it); ${SOURCE_FORMS}`,
      };
    }
    return { kind: 'path', path, written, position };
  }

  const word = written.slice(0, arrow);
  const rest = written.slice(arrow + 1);
  const kind = POLICY_PLATFORMS.find((platform) => platform === word);
  if (kind === undefined) {
    const lower = POLICY_PLATFORMS.find((platform) => platform === word.toLowerCase());
    return {
      error: `unknown platform "${word}" in "${written}"; expected github>, gitlab> or local>`,
      hint: lower ? phraseHint([`${lower}>${rest}`]) : platformHint(word, rest),
    };
  }
  const hash = rest.indexOf('#');
  const beforeRef = hash === -1 ? rest : rest.slice(0, hash);
  const refText = hash === -1 ? null : rest.slice(hash + 1);
  const colon = beforeRef.indexOf(':');
  const repo = colon === -1 ? beforeRef : beforeRef.slice(0, colon);
  const pathText = colon === -1 ? null : beforeRef.slice(colon + 1);

  const repoProblem = checkRepo(kind, repo);
  if (repoProblem !== null) return { error: `${repoProblem}; ${SOURCE_FORMS}` };
  let path = DEFAULT_POLICY_PATH;
  if (pathText !== null) {
    const normal = normalizeRepositoryPath(pathText);
    if (normal === null) {
      return {
        error: `"${pathText}" after ":" is not a path inside ${repo} (empty, absolute, or .. out of it); expected e.g. :${DEFAULT_POLICY_PATH}, or leave ":PATH" out for ${DEFAULT_POLICY_PATH}`,
      };
    }
    path = normal;
  }
  if (refText !== null && !isSafePolicyRef(refText)) {
    return {
      error: `"${refText}" after "#" is not a branch, tag or commit name; leave "#REF" out for the default branch of ${repo}`,
    };
  }
  return { kind, repo, path, ref: refText, written, position };
}

export function isSourceSyntaxError(
  parsed: PolicySource | SourceSyntaxError,
): parsed is SourceSyntaxError {
  return 'error' in parsed;
}

/**
 * One key per source read, for "fetched once" and cycles: platform (`local` as the platform
 * this run is on, when known), repository (letter case ignored, as both platforms do), path
 * and ref. A path source has no repository of its own: the resolver gives it its home's.
 */
export function canonicalSource(
  source: RepositorySource,
  localPlatform: 'github' | 'gitlab' | null = null,
): string {
  return `${repositoryOf(source, localPlatform)}:${source.path}#${source.ref ?? ''}`;
}

/** The repository a source is in, on its platform (`github>acme/deploy-policy`), in one spelling. */
export function repositoryOf(
  source: RepositorySource,
  localPlatform: 'github' | 'gitlab' | null = null,
): string {
  const platform = source.kind === 'local' ? (localPlatform ?? 'local') : source.kind;
  return `${platform}>${source.repo.toLowerCase()}`;
}

/** At most this many repositories in a preview's list of readable repositories. */
export const MAX_PREVIEW_REPOSITORIES = 50;

/**
 * Reads the list of repositories a policy-change preview may read for the change's `extends`
 * although the base's policy does not (`github>acme/deploy-policy`, separated by spaces,
 * commas or lines; docs/preview.md), as `repositoryOf` keys. The text comes from a workflow or
 * pipeline file; an entry that is not `PLATFORM>REPO` is an error that names it.
 */
export function parseRepositoryList(
  text: string,
  localPlatform: 'github' | 'gitlab',
): { repositories: string[] } | { error: string } {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length > MAX_PREVIEW_REPOSITORIES) {
    return { error: `more than ${MAX_PREVIEW_REPOSITORIES} repositories` };
  }
  const repositories = new Set<string>();
  for (const entry of entries) {
    const source = parsePolicySource(entry);
    if ('error' in source) return { error: `"${entry}": ${source.error}` };
    if (source.kind === 'path' || entry.includes(':') || entry.includes('#')) {
      return {
        error: `"${entry}" is not a repository; expected PLATFORM>REPO such as ${localPlatform}>acme/deploy-policy (no :PATH or #REF: every file of it may be read)`,
      };
    }
    repositories.add(repositoryOf(source, localPlatform));
  }
  return { repositories: [...repositories] };
}

/** The source as it would be written with every part spelt out (`github>acme/p:org.yml#v3`). */
export function spellSource(source: RepositorySource): string {
  const ref = source.ref === null ? '' : `#${source.ref}`;
  return `${source.kind}>${source.repo}:${source.path}${ref}`;
}

/** Reads `extends:`: a list of source strings (one string alone counts as a list of one). */
export function readExtends(
  reader: ConfigReader,
  entry: Entry | undefined,
): PolicySource[] | undefined {
  if (!entry) return [];
  const items = oneOrList(
    reader,
    entry,
    (value) => typeof value === 'string',
    'a list of policy sources (e.g. - github>acme/deploy-policy:org.yml#v3)',
  );
  if (items === undefined) return undefined;
  if (items.length > MAX_EXTENDS) {
    reader.error(
      entry.key,
      entry.path,
      `${items.length} sources; expected at most ${MAX_EXTENDS} in one file's extends (put shared ones in a policy file that the others extend)`,
    );
    return undefined;
  }
  const sources: PolicySource[] = [];
  const seen = new Map<string, string>();
  let failed = false;
  for (const item of items) {
    const text = reader.textOf(item.node, item.path, 'a policy source (text)');
    if (text === undefined) {
      failed = true;
      continue;
    }
    const position = { file: reader.file, ...reader.positionOf(item.node), key: item.path };
    const parsed = parsePolicySource(text, position);
    if (isSourceSyntaxError(parsed)) {
      reader.error(item.node, item.path, parsed.error, parsed.hint);
      failed = true;
      continue;
    }
    const key = parsed.kind === 'path' ? `path>${parsed.path}` : canonicalSource(parsed);
    const first = seen.get(key);
    if (first !== undefined) {
      reader.warn(
        item.node,
        item.path,
        `"${parsed.written}" is already listed at ${first}; it counts once`,
      );
      continue;
    }
    seen.set(key, item.path);
    sources.push(parsed);
  }
  return failed ? undefined : sources;
}

/**
 * Does this text say it is a deploy-windows file: a top-level `version: 1` (block or JSON
 * style)? An `extends` entry can name any file the job can read (`.env`, another project's
 * secrets); errors quote only a file that says so (docs/organisation.md, "Errors").
 */
export function declaresDeployWindows(text: string): boolean {
  return /^(?:\{\s*)?(?:version|"version"|'version')\s*:\s*1(?![\d.])/m.test(text);
}
