// Vitest global set-up: every temporary file of a test run goes under one folder, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Tests, the bundles they start and the tools those start (git, gitlab-ci-local, Groovy) all
 * take their temporary folders from TMPDIR, which the workers inherit. Set here, before the
 * workers start, one run leaves nothing behind however its tests end.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'deploy-window-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
