// Where the policy's files come from: the checked-out workspace or a git ref, each read inside
// the repository, regular files only, with a size limit (docs/security.md, "Files").
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
} from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { DeployWindowError } from '../core/errors.js';

const MIB = 1_048_576;

/**
 * Size limits of the files a policy reads (GitHub's own CODEOWNERS limit is 3 MiB). `icsTotal`
 * bounds the calendar files one config names together: 1,000 windows may name 1,000 files.
 */
export const FILE_LIMITS = {
  config: MIB,
  ics: 10 * MIB,
  icsTotal: 10 * MIB,
  codeowners: 3 * MIB,
} as const;

/** How long one git command that reads the policy may take. */
const GIT_TIMEOUT_MS = 30_000;

/**
 * A read that failed for a reason other than "no such file". The message is safe to print:
 * it names the path, the ref and what to grant; it never quotes file content.
 */
export class PolicyReadError extends DeployWindowError {
  override name = 'PolicyReadError';
  constructor(
    message: string,
    /**
     * A fact about the file itself (too large, not a regular file) that reading it again would
     * meet again; false: the read failed (access, network, a missing ref).
     */
    readonly aboutFile = false,
  ) {
    super(message);
  }
}

export interface PolicyFiles {
  /** Where files come from, for messages: "the workspace", "main", "refs/tags/v3". */
  readonly describe: string;
  /** The ref read ("main"), or null for the workspace. */
  readonly ref: string | null;
  /**
   * `path` is repository-relative and '/'-separated. Resolves the text, or null when there is
   * no such file. Throws PolicyReadError for anything else: over limitBytes (names the limit),
   * not a regular file, outside the repository, API or git failure.
   */
  read(path: string, limitBytes: number): Promise<string | null>;
}

/** `1 MiB`, `10 MiB`, `512 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function tooLarge(path: string, limitBytes: number): PolicyReadError {
  return new PolicyReadError(
    `${path} is larger than the limit of ${formatBytes(limitBytes)} for this file`,
    true,
  );
}

/**
 * A normalised repository-relative path, or null when it is absolute, escapes the repository
 * with `..`, is empty, or holds a NUL, a backslash or another control character.
 */
export function repoRelativePath(path: string): string | null {
  if (path === '' || path.length > 4096) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return null;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return null;
  const normal = posix.normalize(path).replace(/^\.\/+/, '');
  if (normal === '.' || normal === '' || normal === '..' || normal.startsWith('../')) return null;
  return normal.replace(/\/+$/, '');
}

function outside(path: string): PolicyReadError {
  return new PolicyReadError(
    `${path} is outside the repository; files named by the policy must be inside it (no absolute paths, no .. out of it, no symlinks out of it)`,
  );
}

/**
 * Reads a regular file without blocking (O_NONBLOCK: a FIFO never hangs the open), bounded.
 * Synchronous: a regular file's read is short, and fs/promises would cost start-up time.
 */
async function readRegularFile(
  absolute: string,
  shown: string,
  limitBytes: number,
): Promise<string> {
  const descriptor = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new PolicyReadError(`${shown} is not a regular file (a directory, device or pipe)`);
    }
    if (stats.size > limitBytes) throw tooLarge(shown, limitBytes);
    // The size can lie (a file growing under us): read at most one byte past the limit.
    const buffer = Buffer.alloc(Math.min(limitBytes + 1, stats.size + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(descriptor, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limitBytes) throw tooLarge(shown, limitBytes);
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * Reads a file the operator named outside the repository (`--config /etc/x.yml` on the
 * command line): the same regular-file and size checks, no containment.
 */
export async function readTrustedFile(path: string, limitBytes: number): Promise<string | null> {
  try {
    return await readRegularFile(path, path, limitBytes);
  } catch (error) {
    if (error instanceof PolicyReadError) throw error;
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw new PolicyReadError(`${path} is a directory, not a file`);
    throw new PolicyReadError(`cannot read ${path} (${code ?? 'error'})`);
  }
}

/**
 * The checked-out files under root. Every path stays inside root after symlinks are
 * resolved; only regular files are read; reads never block and are size-bounded.
 */
export function workspaceFiles(root: string): PolicyFiles {
  let realRoot: string | null = null;
  const rootPath = (): string => {
    realRoot ??= (() => {
      try {
        return realpathSync(root);
      } catch {
        return resolve(root);
      }
    })();
    return realRoot;
  };
  return {
    describe: 'the workspace',
    ref: null,
    async read(path, limitBytes) {
      const relativePath = repoRelativePath(path);
      if (relativePath === null) throw outside(path);
      const base = rootPath();
      let real: string;
      try {
        real = realpathSync(resolve(base, relativePath));
      } catch (error) {
        const code = errnoOf(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        if (code === 'ELOOP') throw outside(path);
        throw new PolicyReadError(`cannot read ${relativePath} (${code ?? 'error'})`);
      }
      const inside = relative(base, real);
      if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
        throw outside(path);
      }
      try {
        return await readRegularFile(real, relativePath, limitBytes);
      } catch (error) {
        if (error instanceof PolicyReadError) throw error;
        const code = errnoOf(error);
        if (code === 'ENOENT') return null;
        if (code === 'EISDIR') throw new PolicyReadError(`${relativePath} is a directory`);
        throw new PolicyReadError(`cannot read ${relativePath} (${code ?? 'error'})`);
      }
    },
  };
}

/** A ref git may be asked for: no option-like or control characters, no revision ranges. */
export function isSafeRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 256 &&
    !ref.startsWith('-') &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
    !/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{/.test(ref)
  );
}

interface GitOutput {
  stdout: Buffer;
}

/**
 * The job's environment without git's own variables, which would choose what git reads
 * (GIT_OBJECT_DIRECTORY, GIT_REPLACE_REF_BASE, GIT_CONFIG_*...). GIT_DIR stays: the Jenkins
 * step points it at the repository it fetched the policy into. Replace refs are never
 * followed: a commit id is that commit, whatever `refs/replace/` in the checkout says.
 */
function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.toUpperCase().startsWith('GIT_') || name === 'GIT_DIR') kept[name] = value;
  }
  return {
    ...kept,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
}

async function git(
  root: string,
  args: string[],
  maxBytes: number,
  input?: string,
): Promise<GitOutput> {
  // Loaded here: child_process costs start-up time, and only a policy ref needs git.
  const { execFile } = await import('node:child_process');
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: root,
        encoding: 'buffer',
        maxBuffer: maxBytes,
        timeout: GIT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        env: gitEnvironment(process.env),
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr ?? '')
            .split('\n')[0]
            ?.slice(0, 200);
          reject(Object.assign(error, { detail }));
        } else {
          resolvePromise({ stdout });
        }
      },
    );
    // git may exit before reading what it is given (or does not read at all): not an error.
    child.stdin?.on('error', () => {});
    if (input === undefined) child.stdin?.end();
    else child.stdin?.end(input);
  });
}

/** The refs git would try for a short name, in its order (gitrevisions(7), "<refname>"). */
function candidateRefs(ref: string): string[] {
  if (ref.startsWith('refs/')) return [ref];
  return [
    `refs/${ref}`,
    `refs/tags/${ref}`,
    `refs/heads/${ref}`,
    `refs/remotes/${ref}`,
    `refs/remotes/${ref}/HEAD`,
  ];
}

/** A full commit id (SHA-1 or SHA-256), in either letter case. */
export const FULL_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const ABBREVIATED_COMMIT = /^[0-9a-f]{4,39}$/i;

/** Is this a short ref name, which a platform's API reads as a tag or a branch (not `refs/...`, not a full commit id)? */
export function isShortRef(ref: string): boolean {
  return !ref.startsWith('refs/') && !FULL_COMMIT.test(ref);
}

/**
 * Why a short ref that a platform's API reports as a branch and/or a tag of `where` cannot name
 * the policy; null: it can. The API reads a name that is both as one of them, and one named
 * like an abbreviated commit id as the branch or tag: whoever may create the other (a tag beside
 * a protected branch) would choose the policy (docs/security.md, section 1).
 */
export function ambiguousRef(
  ref: string,
  where: string,
  exists: { branch: boolean; tag: boolean },
): string | null {
  if (exists.branch && exists.tag) {
    return `the ref ${ref} names both a branch and a tag of ${where}; name the one you mean in full (refs/heads/${ref} or refs/tags/${ref}), after checking who created the other`;
  }
  if ((exists.branch || exists.tag) && /^[0-9a-f]{7,39}$/i.test(ref)) {
    const kind = exists.branch ? 'branch' : 'tag';
    return `the ref ${ref} looks like an abbreviated commit id and names a ${kind} of ${where}; give the commit's full id, or the ${kind} in full (refs/${exists.branch ? 'heads' : 'tags'}/${ref})`;
  }
  return null;
}
/**
 * git's own files in the git directory (HEAD, FETCH_HEAD, ORIG_HEAD, MERGE_HEAD, ...,
 * AUTO_MERGE), which it tries before refs. Other names in capitals are refs like any other.
 */
const PSEUDO_REF = /^(?:HEAD|[A-Z_]+_HEAD|AUTO_MERGE)$/;

/** Does a commit or tag object's id start with `prefix` (so that the name also reads as an id)? */
async function namesAnObject(root: string, prefix: string): Promise<boolean> {
  const ids = (
    await git(root, ['rev-parse', `--disambiguate=${prefix.toLowerCase()}`], 1024 * 1024)
  ).stdout.toString('utf8');
  if (ids.trim() === '') return false;
  const types = (
    await git(root, ['cat-file', '--batch-check=%(objecttype)'], 1024 * 1024, ids)
  ).stdout.toString('utf8');
  return /^(?:commit|tag)$/m.test(types);
}

/**
 * The commit `ref` names, chosen so that nobody who can push a tag or a branch can stand in for
 * it (docs/cli.md, "Policy ref"): a full commit id is itself; a full `refs/...` name is that
 * ref or nothing; HEAD, FETCH_HEAD and the like are that file of the git directory or
 * nothing; a short name must match exactly one of the refs git would try (`origin/main` is
 * refused while a tag `origin/main` exists beside refs/remotes/origin/main, and a branch named
 * like an abbreviated commit id makes that id ambiguous too).
 */
async function resolveCommit(root: string, ref: string): Promise<string> {
  const peel = async (name: string) => {
    try {
      return (
        await git(root, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], 4096)
      ).stdout
        .toString('utf8')
        .trim();
    } catch (error) {
      // --quiet: a name that is no commit here fails with status 1 and says nothing.
      const { code, detail } = error as { code?: unknown; detail?: string };
      if (code === 1 && !detail) {
        throw Object.assign(error as Error, {
          detail: `no branch, tag or commit ${ref} in this clone`,
        });
      }
      throw error;
    }
  };
  if (FULL_COMMIT.test(ref)) return peel(ref.toLowerCase());
  const wanted = candidateRefs(ref);
  const listed = (
    await git(root, ['for-each-ref', '--format=%(refname)', ...wanted], 1024 * 1024)
  ).stdout
    .toString('utf8')
    .split('\n');
  const found = wanted.filter((name) => listed.includes(name));
  const ambiguous = (others: string[]) =>
    new PolicyReadError(
      `policy ref ${ref} names more than one ref (${[...others, ...found].join(', ')}); name the one you mean in full (a refs/... name, or the commit's full id), after checking who created the others`,
    );
  if (PSEUDO_REF.test(ref)) {
    const path = (await git(root, ['rev-parse', '--git-path', ref], 4096)).stdout
      .toString('utf8')
      .trim();
    if (!existsSync(resolve(root, path))) {
      throw new PolicyReadError(`no ${ref} in this repository; give a branch, tag or commit`);
    }
    if (found.length > 0) throw ambiguous([ref]);
    return peel(ref);
  }
  if (found.length > 1) throw ambiguous([]);
  if (found.length === 1 && ABBREVIATED_COMMIT.test(ref) && (await namesAnObject(root, ref))) {
    throw ambiguous(['a commit id']);
  }
  const [only] = found;
  if (only !== undefined) return peel(only);
  if (ref.startsWith('refs/')) {
    throw new PolicyReadError(
      `no ref ${ref} in this repository; fetch it first (git fetch origin ${ref.replace(/^refs\/remotes\/[^/]+\//, 'refs/heads/')}:${ref}) or give another policy ref`,
    );
  }
  // Not a ref: an abbreviated commit id.
  return peel(ref);
}

/**
 * Files of `ref` in the git repository at root (`git ls-tree` + `git cat-file`): the policy as
 * committed there, whatever the working tree holds. The ref is resolved to one commit first
 * (resolveCommit) and every file is read from that commit. Symlinks and submodules are not
 * files.
 */
export function gitFiles(root: string, ref: string): PolicyFiles {
  if (!isSafeRef(ref)) {
    throw new PolicyReadError(
      `"${ref.slice(0, 80)}" is not a git ref this tool reads (a branch, tag or commit name)`,
    );
  }
  const failure = (what: string, error: unknown): PolicyReadError => {
    if (error instanceof PolicyReadError) return error;
    const detail = (error as { detail?: string }).detail;
    const killed = (error as { killed?: boolean }).killed;
    // One line: execFile's own message holds the command line and git's whole stderr.
    const why = killed
      ? `git did not answer within ${GIT_TIMEOUT_MS / 1000} s`
      : (detail || (error as Error).message).split('\n')[0]?.trim();
    return new PolicyReadError(
      `cannot read ${what} at ${ref} with git: ${why}; fetch the ref first (git fetch origin ${ref}) or give another policy ref`,
    );
  };
  let commit: Promise<string> | undefined;
  return {
    describe: ref,
    ref,
    async read(path, limitBytes) {
      const relativePath = repoRelativePath(path);
      if (relativePath === null) throw outside(path);
      commit ??= resolveCommit(root, ref);
      let listing: string;
      try {
        listing = (
          await git(
            root,
            ['ls-tree', '-l', '--full-tree', await commit, '--', relativePath],
            64 * 1024,
          )
        ).stdout.toString('utf8');
      } catch (error) {
        throw failure(relativePath, error);
      }
      const line = listing.split('\n').find((entry) => entry.endsWith(`\t${relativePath}`));
      if (!line) return null;
      const match = /^(\d{6}) (\w+) ([0-9a-f]{40,64}) +(\d+|-)\t/.exec(line);
      if (!match) throw new PolicyReadError(`cannot read ${relativePath} at ${ref}`);
      const [, mode, type, object, size] = match;
      if (type !== 'blob' || mode === '120000') {
        throw new PolicyReadError(
          `${relativePath} at ${ref} is not a regular file (${mode === '120000' ? 'a symlink' : type})`,
        );
      }
      if (Number(size) > limitBytes) throw tooLarge(relativePath, limitBytes);
      try {
        const { stdout } = await git(root, ['cat-file', 'blob', object as string], limitBytes + 1);
        return stdout.toString('utf8');
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          throw tooLarge(relativePath, limitBytes);
        }
        throw failure(relativePath, error);
      }
    },
  };
}
