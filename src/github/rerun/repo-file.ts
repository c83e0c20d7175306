// One file of the repository at a ref, read through the contents API (raw, size-bounded): the
// scheduler judges a workflow by its copy at the default branch, never by a checkout.

import { describeApiError, type Repo } from './deployments.js';

/** Longest a file read may take, body included. */
const READ_TIMEOUT_MS = 30_000;

/**
 * A read that failed for a reason other than "no such file". `definite`: a fact about the file
 * (too large, not a regular file), not an API failure that a later run may not meet.
 */
export class RepoFileError extends Error {
  override name = 'RepoFileError';
  constructor(
    message: string,
    readonly definite: boolean,
  ) {
    super(message);
  }
}

/** The repository's default branch (`GET /repos/{owner}/{repo}`). */
export async function defaultBranchOf(target: Repo): Promise<string> {
  let branch: unknown;
  try {
    const response = await target.octokit.rest.repos.get({
      owner: target.owner,
      repo: target.repo,
    });
    branch = (response.data as { default_branch?: unknown } | null)?.default_branch;
  } catch (error) {
    const { status, message } = describeApiError(error);
    throw new RepoFileError(
      `could not learn the default branch of ${target.owner}/${target.repo} (${status ?? 'network'}): ${message}`,
      false,
    );
  }
  if (typeof branch !== 'string' || branch === '') {
    throw new RepoFileError(
      `GET /repos/${target.owner}/${target.repo} named no default branch`,
      false,
    );
  }
  return branch;
}

/**
 * The text of `path` at `ref`, or null when there is no such file (404). Throws RepoFileError
 * for a file over `limitBytes` (read no further than that), a directory or submodule, or any
 * other failure. The messages name the path and the ref, never the content.
 */
export async function readRepoFile(
  target: Repo,
  path: string,
  ref: string,
  limitBytes: number,
): Promise<string | null> {
  const where = `${path} at ${ref}`;
  let response: { headers: Record<string, unknown>; data: unknown };
  try {
    response = await target.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: target.owner,
      repo: target.repo,
      path,
      ref,
      mediaType: { format: 'raw' },
      // The body is read here, as a stream, so that a large file is cut off at the limit.
      request: { parseSuccessResponseBody: false, signal: AbortSignal.timeout(READ_TIMEOUT_MS) },
    });
  } catch (error) {
    const { status, message } = describeApiError(error);
    if (status === 404) return null;
    const grant = status === 403 ? ' The token needs `contents: read`.' : '';
    throw new RepoFileError(
      `could not read ${where} (${status ?? 'network'}): ${message}.${grant}`,
      false,
    );
  }
  const body = response.data as ReadableStream<Uint8Array> | null;
  const type = String(response.headers['content-type'] ?? '');
  if (/^application\/json/i.test(type)) {
    // Asked for raw content, GitHub answers JSON only for what is not a file (a directory).
    await body?.cancel().catch(() => undefined);
    throw new RepoFileError(`${where} is not a regular file`, true);
  }
  const bytes = await readBounded(body, limitBytes, where);
  return new TextDecoder('utf-8').decode(bytes);
}

async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  limitBytes: number,
  where: string,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel().catch(() => undefined);
        throw new RepoFileError(
          `${where} is larger than the limit of ${Math.floor(limitBytes / 1024)} KiB`,
          true,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof RepoFileError) throw error;
    throw new RepoFileError(
      `could not read ${where}: ${error instanceof Error ? error.message : String(error)}`,
      false,
    );
  }
  return Buffer.concat(chunks);
}
