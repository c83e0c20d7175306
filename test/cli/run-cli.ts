// Runs the BUILT CLI bundle the way a user does: `node dist/cli/index.js ...` in a directory.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment without any CI markers, so `gate` does not detect a platform by accident. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' };
  return { ...env, ...extra };
}

/** `cli`: another bundle than the committed one (a copy with a file left out, say). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; cli?: string } = {},
): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? process.cwd(), env: cleanEnv(options.env ?? {}), timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A fresh directory holding the given files (path -> text). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-window-cli-'));
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return dir;
}

/** The config of test/core/worked-examples.yml with exempt users and teams added. */
export const WORKED_CONFIG = `version: 1
timezone: Europe/Berlin
message: 'Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release'
exempt:
  users: [alice]
  teams: [acme/release-managers]
windows:
  - name: core-hours
    kind: maintenance
    environments: [production]
    rrule: FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0
    duration: 6h
  - name: night-0230
    environments: [night]
    rrule: FREQ=DAILY;BYHOUR=2;BYMINUTE=30
    duration: 30
  - name: release-freeze
    kind: blackout
    start: 2026-12-21T00:00
    end: 2027-01-04T00:00
  - name: pilot
    environments: [pilot]
    time: 08:00-12:00
    days: [MO]
    until: 2026-12-31
`;
