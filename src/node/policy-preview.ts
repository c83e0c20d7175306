// The policy at two commits of a change, for the preview comment or note (docs/preview.md): each
// side's config read and validated, every file read recorded, which of those files the change
// touches, and the diff of open time between the two.
import { repositoryOf } from '../core/config/extends.js';
import { diffPolicies, type PolicyDiff, type PolicyVersion } from '../core/diff.js';
import { errorMessage } from '../core/errors.js';
import type { PolicyLayer } from '../core/layers.js';
import type { Config, ConfigIssue } from '../core/types.js';
import { readConfigFile } from './config-file.js';
import {
  FILE_LIMITS,
  formatBytes,
  type PolicyFiles,
  PolicyReadError,
  repoRelativePath,
} from './policy-files.js';
import { type ResolveOptions, resolvePolicyLayers } from './policy-sources.js';

/**
 * What a preview reads of one commit at most. The head of a pull request is anyone's: a config
 * naming a thousand large calendars must not make the job download gigabytes.
 */
export const PREVIEW_READ_LIMITS = { files: 200, bytes: 64 * 1_048_576 } as const;

/** What one read of a policy file came to: its text, no such file, or why it failed. */
export type FileRead = { text: string | null } | { error: string };

export interface PolicySide {
  /** Where it was read: the commit, as PolicyFiles describes it. */
  describe: string;
  /** The files of that commit, within the preview's read budget. */
  files: PolicyFiles;
  /** The validated config, or the issues that keep it (or a policy it extends) from being one. */
  config: Config | null;
  /**
   * With `extends`: every layer, outermost first, the config last (what the gate decides
   * with); null when the config extends nothing or was not layered (no sources given).
   */
  layers: readonly PolicyLayer[] | null;
  errors: ConfigIssue[];
  /**
   * The other repositories its policy reads or tries to read (`github>acme/deploy-policy`):
   * at the base, the ones a preview of the head may read too.
   */
  repositories: ReadonlySet<string>;
  /**
   * Sources of its `extends` (nested ones included) left unread, as in a repository the base
   * does not read; the side then has no config and no layers.
   */
  unread: string[];
  /** Every repository path read while loading, with what came of it. */
  reads: Map<string, FileRead>;
  /**
   * The files this side's policy consists of: the paths read (the config, the default paths
   * tried before it, the `.ics` files it names) and the paths of this repository it `extends`.
   */
  paths: Set<string>;
}

/**
 * A PolicyFiles that notes every path it is asked for and what came of it, and refuses to read
 * more than PREVIEW_READ_LIMITS of the commit.
 */
function recording(files: PolicyFiles, reads: Map<string, FileRead>): PolicyFiles {
  let count = 0;
  let bytes = 0;
  return {
    describe: files.describe,
    ref: files.ref,
    async read(path, limitBytes) {
      const key = repoRelativePath(path) ?? path;
      try {
        count += 1;
        if (count > PREVIEW_READ_LIMITS.files) {
          throw new PolicyReadError(
            `${key}: the policy at ${files.describe} names more than ${PREVIEW_READ_LIMITS.files} files, more than a preview reads`,
          );
        }
        const text = await files.read(path, limitBytes);
        bytes += text === null ? 0 : Buffer.byteLength(text);
        if (bytes > PREVIEW_READ_LIMITS.bytes) {
          throw new PolicyReadError(
            `${key}: the files of the policy at ${files.describe} are larger than ${formatBytes(PREVIEW_READ_LIMITS.bytes)} together, more than a preview reads`,
          );
        }
        reads.set(key, { text });
        return text;
      } catch (error) {
        reads.set(key, { error: errorMessage(error) });
        throw error;
      }
    },
  };
}

/** The paths of this repository a config extends (`./policy/team.yml`), normalised. */
function extendedPaths(config: Config | null): string[] {
  return (config?.extends ?? []).flatMap((source) => (source.kind === 'path' ? [source.path] : []));
}

/**
 * Reads and validates the policy at one commit (`files`), recording what it read. With
 * `sources` (how the platform reads what a config extends, given this commit's files), the
 * policies it extends are read too, as the gate reads them: a source that cannot be read makes
 * the side invalid, like a config error (the gate would fail closed). With `readable` (the
 * base's `repositories`, for the head), a source in any other repository is not read at all.
 */
export async function readPolicySide(
  configPath: string | null,
  files: PolicyFiles,
  sources?: (files: PolicyFiles) => ResolveOptions,
  readable?: ReadonlySet<string>,
): Promise<PolicySide> {
  const reads = new Map<string, FileRead>();
  const repositories = new Set<string>();
  const budgeted = recording(files, reads);
  const load = await readConfigFile(configPath, budgeted);
  let config = load.ok ? load.config : null;
  let errors = load.ok ? [] : load.errors;
  let layers: readonly PolicyLayer[] | null = null;
  let unread: string[] = [];
  if (config && sources && (config.extends ?? []).length > 0) {
    const options = sources(budgeted);
    const resolved = await resolvePolicyLayers(config, {
      ...options,
      filesFor(source) {
        if (source.kind !== 'path') {
          repositories.add(repositoryOf(source, options.localPlatform ?? null));
        }
        return options.filesFor(source);
      },
      // A change's `extends` may name any file the policy token can read: such a file must not
      // be quoted into the comment through its errors, and a repository the base does not
      // read is not read for the change at all (docs/preview.md).
      withholdOtherRepositoryErrors: true,
      ...(readable ? { readableRepositories: readable } : {}),
    });
    if ('errors' in resolved) {
      errors = resolved.errors;
      unread = resolved.unread ?? [];
      config = null;
    } else {
      layers = resolved.layers.map(({ source, config: layer }) => ({ source, config: layer }));
    }
  }
  const paths = new Set([...reads.keys(), ...extendedPaths(config)]);
  return {
    describe: files.describe,
    files: budgeted,
    config,
    layers,
    errors,
    repositories,
    unread,
    reads,
    paths,
  };
}

/**
 * What the head of a change may read for its `extends`: the repositories the base's policy
 * reads, and those the workflow or pipeline lists (`preview-repositories`, docs/preview.md).
 */
export function readableForHead(
  base: PolicySide,
  listed: readonly string[] = [],
): ReadonlySet<string> {
  return new Set([...base.repositories, ...listed]);
}

/** Every path either side's policy consists of, sorted. */
export function policyPaths(base: PolicySide, head: PolicySide): string[] {
  return [...new Set([...base.paths, ...head.paths])].sort();
}

/** The policy files among a change's files (as the platform lists them), sorted. */
export function touchedPolicyFiles(
  changedFiles: Iterable<string>,
  base: PolicySide,
  head: PolicySide,
): string[] {
  const policy = new Set(policyPaths(base, head));
  const touched = new Set<string>();
  for (const file of changedFiles) {
    const path = repoRelativePath(file);
    if (path !== null && policy.has(path)) touched.add(path);
  }
  return [...touched].sort();
}

function sameRead(a: FileRead, b: FileRead): boolean {
  if ('error' in a || 'error' in b) return false;
  return a.text === b.text;
}

async function readAt(side: PolicySide, path: string): Promise<FileRead> {
  const known = side.reads.get(path);
  if (known) return known;
  try {
    // An extended file or a calendar only the other side names: the larger of the limits.
    return { text: await side.files.read(path, FILE_LIMITS.ics) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

/**
 * The policy files whose text differs between the two commits (added, removed or edited; a
 * file either side could not read counts as differing), sorted. For a change whose list of
 * files is not known (GitLab, or a pull request with more files than GitHub lists) when the
 * base is where the change branched off.
 */
export async function differingPolicyFiles(base: PolicySide, head: PolicySide): Promise<string[]> {
  const differing: string[] = [];
  for (const path of policyPaths(base, head)) {
    const before = await readAt(base, path);
    const after = await readAt(head, path);
    if (!sameRead(before, after)) differing.push(path);
  }
  return differing;
}

/** What the preview shows for a change that touches the policy. */
export type PolicyPreview =
  | {
      kind: 'diff';
      diff: PolicyDiff;
      /**
       * Why the base's policy could not be used (missing, invalid, unreadable), when it could
       * not: the gate blocks every deploy then, so the new policy's open time is all gained.
       */
      baseErrors: ConfigIssue[];
    }
  | { kind: 'invalid'; errors: ConfigIssue[] }
  /** The head extends repositories the base does not read: not read, so nothing to compare. */
  | { kind: 'unread'; sources: string[] };

export interface PreviewQuery {
  /** Empty: the environments the two policies name. */
  environments: readonly string[];
  from: number;
  days: number;
}

/** The diff of open time from the base's policy to the head's, or the head's config errors. */
export function previewPolicies(
  base: PolicySide,
  head: PolicySide,
  query: PreviewQuery,
): PolicyPreview {
  // Only when nothing else is wrong with the head: errors of its own come first.
  const unreadOnly = head.unread.length > 0 && head.unread.length === head.errors.length;
  if (unreadOnly) return { kind: 'unread', sources: head.unread };
  if (!head.config) return { kind: 'invalid', errors: head.errors };
  const after: PolicyVersion = head.layers ?? head.config;
  if (base.config) {
    const before: PolicyVersion = base.layers ?? base.config;
    return { kind: 'diff', diff: diffPolicies(before, after, query), baseErrors: [] };
  }
  // Compared with itself: the periods and findings of the new policy, then nothing before.
  const alone = diffPolicies(after, after, query);
  const environments = alone.environments.map((environment) => ({
    ...environment,
    before: [],
    gained: environment.after,
    lost: [],
  }));
  return {
    kind: 'diff',
    diff: {
      ...alone,
      environments,
      changed: environments.some((environment) => environment.gained.length > 0),
    },
    baseErrors: base.errors,
  };
}
