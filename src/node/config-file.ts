// Reading the window config from disk: the one place every adapter (CLI, action, GitLab,
// Jenkins) turns a path into a validated Config.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfig } from '../core/config/load.js';
import type { ConfigIssue, LoadResult } from '../core/types.js';
import { loadHolidayProvider } from './holidays.js';

export const DEFAULT_CONFIG_PATHS = [
  '.github/deploy-windows.yml',
  '.github/deploy-windows.yaml',
  '.gitlab/deploy-windows.yml',
  '.gitlab/deploy-windows.yaml',
  'deploy-windows.yml',
  'deploy-windows.yaml',
] as const;

/** The zone of this machine: TZ, else the system's. `timezone: local` means this. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The config path to use: the given one, else the first default path that exists under root. */
export function findConfigPath(given: string | null | undefined, root: string): string | null {
  if (given && given.trim() !== '') return given.trim();
  return DEFAULT_CONFIG_PATHS.find((candidate) => existsSync(join(root, candidate))) ?? null;
}

function fileIssue(file: string, message: string): ConfigIssue {
  return { file, line: 1, column: 1, path: '', message };
}

/**
 * Reads and validates the config. `root` is the repository root: relative config paths and
 * files the config references (ics) are read from there.
 */
export async function readConfigFile(
  given: string | null | undefined,
  root: string,
): Promise<LoadResult> {
  const path = findConfigPath(given, root);
  if (path === null) {
    return {
      ok: false,
      errors: [
        fileIssue(
          DEFAULT_CONFIG_PATHS[0],
          `no config file found; expected one of ${DEFAULT_CONFIG_PATHS.join(', ')} (or pass a path)`,
        ),
      ],
    };
  }
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  const shown = isAbsolute(path) ? relative(root, path) || path : path;
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read (${code ?? 'error'})`;
    return {
      ok: false,
      errors: [fileIssue(shown.startsWith('..') ? path : shown, `config ${why}`)],
    };
  }
  return loadConfig(text, {
    file: shown.startsWith('..') ? path : shown,
    localZone: machineZone(),
    // The holiday data is large: load it only for configs that mention holidays.
    holidays: /\bholidays\s*:/.test(text) ? await loadHolidayProvider() : undefined,
    readFile: (referenced) => {
      const target = isAbsolute(referenced) ? referenced : resolve(root, referenced);
      try {
        return readFileSync(target, 'utf8');
      } catch {
        return null;
      }
    },
  });
}
