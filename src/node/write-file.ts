// Writes a file the gate owns (reports, the decision, an override record, a calendar page) into
// a directory whose files may come from the change being deployed: a symlink committed at the
// path is replaced, never written through (docs/security.md, "Files and sizes").
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A temporary name nobody can commit in advance (a process id can be guessed). */
export function temporaryName(): string {
  return `.deploy-window-${randomBytes(12).toString('hex')}.partial`;
}

/**
 * Writes `text` to a new file beside `path`, then renames it over `path`. A rename replaces a
 * symlink itself, not what it points to, and the new file is created exclusively (`wx`), so a
 * link planted at the temporary name is not followed either. When the write fails, a file or
 * link the checkout holds at `path` is removed before the error is thrown: a report the change
 * committed must never stand in for the one that could not be written. A directory at `path`
 * stays (nothing reads it as the report).
 */
export function writeOwnFile(
  path: string,
  text: string,
  { root, partialName = temporaryName() }: { root?: string; partialName?: string } = {},
): void {
  if (root !== undefined) ownDirectory(dirname(path), root);
  const partial = join(dirname(path), partialName);
  try {
    writeFileSync(partial, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(partial, path);
  } catch (error) {
    removeQuietly(partial);
    if (!isDirectory(path)) removeQuietly(path);
    throw error;
  }
}

/**
 * Makes sure `dir` is a folder, creating what is missing. Below `root` (the checkout, whose
 * folders the change may have committed as symlinks) each part is created or checked one at a
 * time, and a symlink or a file on the way is refused: a report must not land outside the
 * checkout (or loop through `/proc/self`). Folders outside `root` are the pipeline's choice.
 */
function ownDirectory(dir: string, root: string): void {
  const inside = relative(resolve(root), resolve(dir));
  if (inside === '') return;
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    makeFolders(resolve(dir));
    return;
  }
  let at = resolve(root);
  for (const part of inside.split(sep)) {
    at = join(at, part);
    const found = lstatSync(at, { throwIfNoEntry: false });
    if (found === undefined) mkdirSync(at);
    else if (!found.isDirectory()) {
      const what = found.isSymbolicLink() ? 'a symbolic link' : 'not a folder';
      throw new Error(
        `${at} is ${what} in the checkout; reports are written only into its real folders`,
      );
    }
  }
}

/**
 * `mkdir -p`, one folder at a time. Node's own recursive mkdir spins forever where mkdir answers
 * ENOENT for a folder whose parent exists (under /proc); here every answer but EEXIST on a
 * folder is thrown, so the walk ends after one step per path part.
 */
function makeFolders(dir: string): void {
  const parent = dirname(dir);
  if (isFolder(dir)) return;
  if (parent !== dir) makeFolders(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder(dir)) throw error;
  }
}

/** A folder, or a link to one (outside the checkout a link is the machine's, /tmp on macOS). */
function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // A directory planted at the temporary name: the write failed on it already.
  }
}
