// Resolving `extends` (docs/organisation.md): the config and every policy file it builds on, read
// through the PolicyFiles each face supplies, into ordered layers (outermost org first, the file
// itself last). Nested at most 5 deep, cycles refused, each source fetched once per run, and a
// source that cannot be read fails closed: no layer is ever silently left out.
import {
  canonicalSource,
  declaresDeployWindows,
  isSafePolicyRef,
  repositoryOf,
  spellSource,
} from '../core/config/extends.js';
import { errorMessage } from '../core/errors.js';
import type { PolicyLayer } from '../core/layers.js';
import type { Config, ConfigIssue, PolicySource, RepositorySource } from '../core/types.js';
import { type CalendarBudget, calendarBudget, readConfigFile } from './config-file.js';
import {
  FILE_LIMITS,
  type PolicyFiles,
  PolicyReadError,
  repoRelativePath,
} from './policy-files.js';

/** How deeply `extends` may nest: the file's own sources are depth 1. */
export const MAX_EXTENDS_DEPTH = 5;
/** At most this many distinct sources in one run (a bound on requests, whatever the files say). */
export const MAX_POLICY_SOURCES = 50;

/** A layer as resolved: its config, where it came from, and the files it was read from. */
export interface ResolvedLayer extends PolicyLayer {
  /** Where it was read from (repository, path, ref); null for the file itself. */
  origin: PolicySource | null;
  /** The files its own paths (ics, CODEOWNERS) are read from; null for the file itself. */
  files: PolicyFiles | null;
}

export type ResolvedPolicy =
  | { layers: ResolvedLayer[]; warnings: ConfigIssue[] }
  | {
      errors: ConfigIssue[];
      /** The sources left unread as outside `readableRepositories` (each also an error). */
      unread?: string[];
    };

type LoadedSource =
  | { ok: true; config: Config; warnings: ConfigIssue[]; files: PolicyFiles }
  | { ok: false; message: string; errors: ConfigIssue[]; unread?: true };

/** What each source read in a run came to, by canonical source: each is fetched once. */
export type PolicySourceCache = Map<string, Promise<LoadedSource>>;

export function createPolicySourceCache(): PolicySourceCache {
  return new Map();
}

export interface ResolveOptions {
  /**
   * The files of a source, supplied by the face: `github>` the contents API, `gitlab>` the
   * repository files API, a path of this repository (kind `path`) the policy ref's own files.
   * A path inside another repository's file comes as a source of that repository and ref.
   * May throw PolicyReadError (no token, no API URL): the source then fails closed.
   */
  filesFor(source: PolicySource): PolicyFiles;
  /** The platform `local>` stands for in this run, so `local>x` and `github>x` are one source. */
  localPlatform?: 'github' | 'gitlab' | null;
  /**
   * Why this face never reads such a source (a `gitlab>` one on GitHub), else null: such a
   * source fails closed before anything else is asked, so a preview reports the policy as
   * invalid rather than as a source it did not read.
   */
  refuses?: (source: PolicySource) => string | null;
  /** What to grant when a source cannot be read, phrased by the face (`policy-token` ...). */
  grant?: (source: PolicySource) => string;
  /** Shared across calls of one run, so a source is fetched once however often it is named. */
  cache?: PolicySourceCache;
  maxDepth?: number;
  /**
   * Say only that another repository's file is not a valid config, not why: its errors name
   * its keys and quote its values. For configs the change being previewed chose, whose
   * `extends` may name any file the policy token can read (docs/preview.md).
   */
  withholdOtherRepositoryErrors?: boolean;
  /**
   * The other repositories that may be read (by `repositoryOf`); a source in any other is not
   * read, and fails closed. For the config of a change being previewed: its author must not
   * choose what the policy token reads (docs/preview.md). Absent: any.
   */
  readableRepositories?: ReadonlySet<string>;
}

/** Where a layer's own plain paths point: null for this repository at the policy ref. */
type Home = RepositorySource | null;

interface Visit {
  source: PolicySource;
  /** The label of the file that names it, for errors at its `extends` entry. */
  parent: string;
  home: Home;
  chain: string[];
  chainKeys: string[];
  depth: number;
}

function issueAt(source: PolicySource, file: string, message: string): ConfigIssue {
  const position = source.position;
  return {
    file,
    line: position?.line ?? 1,
    column: position?.column ?? 1,
    path: position?.key ?? 'extends',
    message,
  };
}

function defaultGrant(source: PolicySource): string {
  if (source.kind === 'path') return 'check that the file is committed at the policy ref';
  const where =
    source.kind === 'local' ? 'this platform' : source.kind === 'github' ? 'GitHub' : 'GitLab';
  return `give the token that reads the policy read access to ${source.repo} on ${where}`;
}

/** Reads one source's file and validates it (its ics files come from the same source). */
async function loadSource(
  source: PolicySource,
  label: string,
  options: ResolveOptions,
  calendars: CalendarBudget,
): Promise<LoadedSource> {
  const grant = (options.grant ?? defaultGrant)(source);
  const refused = (why: string): LoadedSource => ({
    ok: false,
    message: `cannot read ${label}: ${why}; ${grant}`,
    errors: [],
  });
  const path = repoRelativePath(source.path);
  if (path === null) return refused(`${source.path} is not a path inside the repository`);
  if (source.kind !== 'path' && source.ref !== null && !isSafePolicyRef(source.ref)) {
    return refused(`"${source.ref}" is not a branch, tag or commit name`);
  }
  const never = options.refuses?.(source) ?? null;
  if (never !== null) return refused(never);
  const readable = options.readableRepositories;
  if (
    source.kind !== 'path' &&
    readable &&
    !readable.has(repositoryOf(source, options.localPlatform ?? null))
  ) {
    return {
      ok: false,
      message: `${label} is not read: it is in a repository the policy at the base does not read, and a preview reads no repository a change adds`,
      errors: [],
      unread: true,
    };
  }
  let files: PolicyFiles;
  let text: string | null;
  try {
    files = options.filesFor(source);
    text = await files.read(path, FILE_LIMITS.config);
  } catch (error) {
    // Whatever went wrong, the source is not read: it fails closed, with the reason.
    if (error instanceof PolicyReadError) return refused(error.message);
    const why = errorMessage(error);
    return refused(why.split('\n')[0]?.slice(0, 300) || 'the read failed');
  }
  if (text === null) {
    const repository = source.kind === 'path' ? 'this repository' : source.repo;
    const ref = source.kind === 'path' ? files.describe : (source.ref ?? 'its default branch');
    return refused(
      `${path} is not found at ${ref} in ${repository} (404: no such file, or a repository the token cannot see)`,
    );
  }
  // The text just read is what the config reader reads again; its ics files come from `files`.
  const read = text;
  const once: PolicyFiles = {
    describe: files.describe,
    ref: files.ref,
    read: (wanted, limit) => (wanted === path ? Promise.resolve(read) : files.read(wanted, limit)),
  };
  const loaded = await readConfigFile(path, once, calendars);
  const relabel = (issue: ConfigIssue): ConfigIssue => ({ ...issue, file: label });
  if (!loaded.ok) {
    if (!declaresDeployWindows(read)) {
      return {
        ok: false,
        message: `${label} is not a deploy-windows file: it has no top-level version: 1 (nothing of it is shown, as an extends entry can name any file)`,
        errors: [],
      };
    }
    if (options.withholdOtherRepositoryErrors && source.kind !== 'path') {
      return {
        ok: false,
        message: `${label} is not a valid deploy-windows file (its ${loaded.errors.length === 1 ? 'error is' : 'errors are'} not shown here, as it is another repository's file: validate it there)`,
        errors: [],
      };
    }
    return {
      ok: false,
      message: `${label} is not a valid deploy-windows file`,
      errors: loaded.errors.map(relabel),
    };
  }
  const config: Config = { ...loaded.config, file: label };
  config.extends = (loaded.config.extends ?? []).map((nested) =>
    nested.position === null
      ? nested
      : { ...nested, position: { ...nested.position, file: label } },
  );
  return { ok: true, config, warnings: loaded.warnings.map(relabel), files };
}

/**
 * The config and every file it extends, as layers: outermost org first (depth first, in the
 * order written), each source once, the file itself last. Errors name the `extends` entry, the
 * source, the status and what to grant; any error means no layers at all (fail closed).
 */
export async function resolvePolicyLayers(
  root: Config,
  options: ResolveOptions,
): Promise<ResolvedPolicy> {
  const own: ResolvedLayer = { source: root.file, config: root, origin: null, files: null };
  const sources = root.extends ?? [];
  if (sources.length === 0) return { layers: [own], warnings: [] };

  const maxDepth = options.maxDepth ?? MAX_EXTENDS_DEPTH;
  const cache = options.cache ?? createPolicySourceCache();
  // The calendar files of all the sources together are bounded, not only each file's.
  const calendars = calendarBudget('extended');
  const layers: ResolvedLayer[] = [];
  const included = new Set<string>();
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const reported = new Set<string>();
  const unread: string[] = [];
  const rootPath = repoRelativePath(root.file);
  const rootKey = rootPath === null ? `file>${root.file}` : `path>${rootPath}`;
  let distinct = 0;

  /** The source a layer names, placed: a plain path inside another repository's file is a file of that repository. */
  const place = (
    source: PolicySource,
    home: Home,
  ): { source: PolicySource; label: string; key: string } => {
    if (source.kind !== 'path') {
      return {
        source,
        label: source.written,
        key: canonicalSource(source, options.localPlatform ?? null),
      };
    }
    if (home === null) return { source, label: source.written, key: `path>${source.path}` };
    const inHome: RepositorySource = {
      ...home,
      path: source.path,
      position: source.position,
      written: '',
    };
    const label = spellSource(inHome);
    inHome.written = label;
    return { source: inHome, label, key: canonicalSource(inHome, options.localPlatform ?? null) };
  };

  const visit = async (step: Visit): Promise<void> => {
    const { source, label, key } = place(step.source, step.home);
    const chain = [...step.chain, label];
    if (step.chainKeys.includes(key)) {
      errors.push(
        issueAt(
          step.source,
          step.parent,
          `extends cycle: ${chain.join(' -> ')}; a policy file cannot extend itself, directly or through others`,
        ),
      );
      return;
    }
    if (step.depth > maxDepth) {
      errors.push(
        issueAt(
          step.source,
          step.parent,
          `extends nest more than ${maxDepth} levels deep (${chain.join(' -> ')}); expected at most ${maxDepth}`,
        ),
      );
      return;
    }
    if (included.has(key)) return;
    let pending = cache.get(key);
    if (!pending) {
      if (++distinct > MAX_POLICY_SOURCES) {
        errors.push(
          issueAt(
            step.source,
            step.parent,
            `more than ${MAX_POLICY_SOURCES} policy sources in one run; expected at most ${MAX_POLICY_SOURCES}`,
          ),
        );
        return;
      }
      pending = loadSource(source, label, options, calendars);
      cache.set(key, pending);
    }
    const loaded = await pending;
    if (!loaded.ok) {
      // A source named from several files fails once, at the first place that names it.
      if (reported.has(key)) return;
      reported.add(key);
      if (loaded.unread) unread.push(label);
      errors.push(issueAt(step.source, step.parent, loaded.message), ...loaded.errors);
      return;
    }
    const home: Home = source.kind === 'path' ? step.home : source;
    for (const nested of loaded.config.extends ?? []) {
      await visit({
        source: nested,
        parent: label,
        home,
        chain,
        chainKeys: [...step.chainKeys, key],
        depth: step.depth + 1,
      });
    }
    if (included.has(key)) return;
    included.add(key);
    if (!reported.has(`warnings>${key}`)) {
      reported.add(`warnings>${key}`);
      warnings.push(...loaded.warnings);
    }
    layers.push({ source: label, config: loaded.config, origin: source, files: loaded.files });
  };

  for (const source of sources) {
    await visit({
      source,
      parent: root.file,
      home: null,
      chain: [root.file],
      chainKeys: [rootKey],
      depth: 1,
    });
  }
  if (errors.length > 0) return unread.length > 0 ? { errors, unread } : { errors };
  return { layers: [...layers, own], warnings };
}
