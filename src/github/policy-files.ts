// Files as committed at a ref, read with the contents API: the policy (config, CODEOWNERS, .ics
// files; docs/github-action.md, "Where the policy comes from"), the `github>` sources a config
// extends (docs/organisation.md), and the workflow files the re-run scheduler judges
// (docs/rerun.md). No checkout needed; the change being deployed cannot edit them.
// Only types come from client.ts, so the CLI can import this without loading Octokit.

import { errorMessage } from '../core/errors.js';
import type { RepositorySource } from '../core/types.js';
import {
  ambiguousRef,
  isSafeRef,
  isShortRef,
  type PolicyFiles,
  PolicyReadError,
  repoRelativePath,
  tooLarge,
} from '../node/policy-files.js';
import type { GitHubClient } from './api.js';

export interface Repository {
  owner: string;
  repo: string;
}

/** What to grant when GitHub refuses the read. */
export const CONTENTS_GRANT =
  "give the job's token `contents: read` in the workflow's `permissions:` (or pass a github-token that can read this repository)";

/** Media types of a file's raw text (GitHub's, and what a proxy in front of GHES may say). */
const RAW_TYPES =
  /^(?:application\/vnd\.github(?:\.v3)?\.raw(?:\+json)?|text\/plain|application\/octet-stream)$/;

/** The HTTP status of a failed call (GitHubApiError's `status`, Octokit's); null: no answer. */
function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status > 0 ? status : null;
}

/** Room for a JSON file object: base64 (4/3), a newline every 60 characters, the metadata. */
function jsonBound(limitBytes: number): number {
  return Math.ceil(((limitBytes * 4) / 3) * (61 / 60)) + 65_536;
}

/** A media type from an API answer, short and printable, for an error message. */
function shownType(mediaType: string): string {
  const printable = mediaType.replace(/[^\w.+/-]/g, '').slice(0, 60);
  return printable === '' ? 'no content type' : printable;
}

/** Reads at most `bound` bytes of the answer; more is `onTooLarge()`. */
async function readBounded(body: unknown, bound: number, onTooLarge: () => Error): Promise<Buffer> {
  if (!body || typeof (body as ReadableStream).getReader !== 'function') return Buffer.alloc(0);
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > bound) {
      await reader.cancel().catch(() => {});
      throw onTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The text of a JSON answer that is a file object; anything else is not a file. */
function fileObjectText(bytes: Buffer, where: string, limitBytes: number, path: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new PolicyReadError(`cannot read ${where}: GitHub's answer is not valid JSON`);
  }
  if (Array.isArray(parsed)) {
    throw new PolicyReadError(`${where} is a directory, not a file`, true);
  }
  const object = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  if (object.type === 'symlink') {
    throw new PolicyReadError(
      `${where} is a symlink whose target is not a file in the repository; point the policy at a regular file`,
      true,
    );
  }
  if (object.type === 'submodule') {
    throw new PolicyReadError(`${where} is a submodule, not a file`, true);
  }
  if (object.type !== 'file' || typeof object.content !== 'string') {
    throw new PolicyReadError(`${where} is not a file (GitHub's answer has no file content)`, true);
  }
  if (object.encoding !== 'base64') {
    throw new PolicyReadError(`cannot read ${where}: GitHub sent the file without its content`);
  }
  const decoded = Buffer.from(object.content, 'base64');
  if (decoded.length > limitBytes) throw tooLarge(path, limitBytes);
  return decoded.toString('utf8');
}

/**
 * The files of `ref` in the repository, read with `GET /repos/{o}/{r}/contents/{path}?ref=`.
 * A missing file is null; every other failure (403, 5xx after the retries, a time-out, a
 * redirect to another host, an answer that is not a regular file's text, a file over the
 * limit) is a PolicyReadError naming the path, the ref and what to do.
 */
export function githubContentsFiles(
  client: GitHubClient,
  repository: Repository,
  ref: string,
  /** What to do when the ref does not exist: where the ref was written (policy-ref, a #REF). */
  missingRefAdvice = 'name a branch, tag or commit that does',
): PolicyFiles {
  const { owner, repo } = repository;
  return {
    describe: ref,
    ref,
    async read(path, limitBytes) {
      const relativePath = repoRelativePath(path);
      if (relativePath === null) {
        throw new PolicyReadError(
          `${path} is outside the repository; files named by the policy must be inside it (no absolute paths, no .. out of it)`,
        );
      }
      const where = `${relativePath} at ${ref}`;
      const encoded = relativePath.split('/').map(encodeURIComponent).join('/');
      let response: Awaited<ReturnType<GitHubClient['request']>>;
      try {
        response = await client.request({
          method: 'GET',
          url: `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${encoded}`,
          ref,
          headers: { accept: 'application/vnd.github.raw+json' },
          // The body is read here, bounded, instead of whole by Octokit.
          request: { parseSuccessResponseBody: false },
        });
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) {
          if (/no commit found for the ref/i.test(errorMessage(error))) {
            throw new PolicyReadError(
              `cannot read ${where}: there is no ref "${ref}" in ${owner}/${repo} (GitHub answered 404: no commit found for the ref); ${missingRefAdvice}`,
            );
          }
          return null;
        }
        if (status === 401 || status === 403) {
          throw new PolicyReadError(
            `cannot read ${where}: GitHub refused (${status}); ${CONTENTS_GRANT}`,
          );
        }
        throw new PolicyReadError(`cannot read ${where}: ${errorMessage(error)}`);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      const isJson = mediaType === 'application/json';
      if (response.status !== 200 || (!isJson && !RAW_TYPES.test(mediaType))) {
        await (response.data as ReadableStream | null)?.cancel?.().catch(() => {});
        throw new PolicyReadError(
          `cannot read ${where}: GitHub answered ${response.status} with ${shownType(mediaType)} instead of the file's text`,
        );
      }
      const declared = Number(response.headers['content-length']);
      const bound = isJson ? jsonBound(limitBytes) : limitBytes;
      if (Number.isFinite(declared) && declared > bound) {
        await (response.data as ReadableStream | null)?.cancel?.().catch(() => {});
        throw tooLarge(relativePath, limitBytes);
      }
      let bytes: Buffer;
      try {
        bytes = await readBounded(response.data, bound, () => tooLarge(relativePath, limitBytes));
      } catch (error) {
        if (error instanceof PolicyReadError) throw error;
        throw new PolicyReadError(
          `cannot read ${where}: the answer broke off (${errorMessage(error)})`,
        );
      }
      if (isJson) return fileObjectText(bytes, where, limitBytes, relativePath);
      return bytes.toString('utf8');
    },
  };
}

/**
 * The repository's default branch (`GET /repos/{owner}/{repo}`). A failed look-up (saying
 * whether GitHub answered 404, refused, or did not answer), or an answer that names no usable
 * branch, is a PolicyReadError.
 */
export async function repositoryDefaultBranch(
  client: GitHubClient,
  repository: Repository,
): Promise<string> {
  const { owner, repo } = repository;
  let branch: unknown;
  try {
    const { data } = await client.rest.repos.get({ owner, repo });
    branch = (data as { default_branch?: unknown } | null)?.default_branch;
  } catch (error) {
    const status = statusOf(error);
    const why =
      status === 404
        ? 'GitHub answered 404 (no such repository, or the token cannot see it)'
        : status === 401 || status === 403
          ? `GitHub refused (${status})`
          : `GitHub did not answer as expected (${errorMessage(error).split('\n')[0]})`;
    throw new PolicyReadError(`cannot find the default branch of ${owner}/${repo}: ${why}`);
  }
  if (typeof branch === 'string' && isSafeRef(branch)) return branch;
  throw new PolicyReadError(`GitHub named no usable default branch for ${owner}/${repo}`);
}

/**
 * Refuses a short ref that names both a branch and a tag of the repository: GitHub reads such a
 * name as one of them, and whoever may create the other (a branch beside a protected tag) would
 * choose the policy (docs/github-action.md, "Where the policy comes from"). A full `refs/...`
 * name or a commit id is itself. A look-up that fails is a PolicyReadError: the gate fails closed.
 */
export async function refuseAmbiguousRef(
  client: GitHubClient,
  { owner, repo }: Repository,
  ref: string,
  /** What the token needs, said when the look-up fails; null: the caller says it. */
  grant: string | null = CONTENTS_GRANT,
): Promise<void> {
  if (!isShortRef(ref)) return;
  const exists = async (kind: 'heads' | 'tags') => {
    try {
      await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
        owner,
        repo,
        ref: `${kind}/${ref}`,
      });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw new PolicyReadError(
        `cannot tell whether ${ref} is a branch or a tag of ${owner}/${repo}: ${errorMessage(error)}${grant ? `; ${grant}` : ''}`,
      );
    }
  };
  const [branch, tag] = await Promise.all([exists('heads'), exists('tags')]);
  const ambiguity = ambiguousRef(ref, `${owner}/${repo}`, { branch, tag });
  if (ambiguity !== null) throw new PolicyReadError(ambiguity);
}

/** A PolicyFiles whose reader is opened on its first read (a token check, a default-branch look-up). */
export function deferredFiles(
  describe: string,
  ref: string | null,
  open: () => Promise<PolicyFiles>,
): PolicyFiles {
  let opened: Promise<PolicyFiles> | null = null;
  return {
    describe,
    ref,
    async read(path, limitBytes) {
      opened ??= open();
      return (await opened).read(path, limitBytes);
    },
  };
}

/**
 * The files of a `github>` (or, on GitHub, `local>`) source, shared by every face that reads
 * them: at the source's ref, else at the repository's default branch, asked for once on the
 * first read. `client` opens the API client (it throws PolicyReadError when there is no token);
 * `onRef` learns the ref actually read (links to the file name it).
 */
export function githubSourceFiles(
  source: RepositorySource,
  client: () => Promise<GitHubClient>,
  onRef?: (ref: string) => void,
): PolicyFiles {
  const [owner = '', repo = ''] = source.repo.split('/');
  const repository = { owner, repo };
  return deferredFiles(source.ref ?? 'the default branch', source.ref, async () => {
    const api = await client();
    // What the token needs is the face's to say (the extends resolver adds it).
    if (source.ref !== null) await refuseAmbiguousRef(api, repository, source.ref, null);
    const ref = source.ref ?? (await repositoryDefaultBranch(api, repository));
    onRef?.(ref);
    const advice =
      source.ref === null
        ? undefined
        : `change #${source.ref} of ${source.written} to a branch, tag or commit that does`;
    return githubContentsFiles(api, repository, ref, advice);
  });
}
