// Writes a file the gate owns (reports, the decision, an override record, a calendar page) into
// a directory whose files may come from the change being deployed: a symlink committed at the
// path is replaced, never written through (docs/security.md, "Hostile input").
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to a new file beside `path`, then renames it over `path`. A rename replaces a
 * symlink itself, not what it points to, and the new file is created exclusively (`wx`), so a
 * link planted at the temporary name is not followed either.
 */
export function writeOwnFile(path: string, text: string): void {
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  try {
    writeFileSync(partial, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
