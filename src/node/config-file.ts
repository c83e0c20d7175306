// Reading the window config: the one place every adapter (CLI, action, GitLab, Jenkins) turns
// a path and a PolicyFiles source into a validated Config (docs/security.md, "Policy ref").
import { isAbsolute, resolve } from 'node:path';
import { loadConfig } from '../core/config/load.js';
import { errorMessage } from '../core/errors.js';
import type { ConfigIssue, HolidayProvider, LoadOptions, LoadResult } from '../core/types.js';
import { loadHolidayProvider } from './holidays.js';
import {
  FILE_LIMITS,
  formatBytes,
  type PolicyFiles,
  PolicyReadError,
  readTrustedFile,
  repoRelativePath,
  workspaceFiles,
} from './policy-files.js';
import { holdYoungGenerationFor } from './young-generation.js';

export const DEFAULT_CONFIG_PATHS = [
  '.github/deploy-windows.yml',
  '.github/deploy-windows.yaml',
  '.gitlab/deploy-windows.yml',
  '.gitlab/deploy-windows.yaml',
  'deploy-windows.yml',
  'deploy-windows.yaml',
  // Also as a hidden file, found last (docs/config.md).
  '.deploy-windows.yml',
  '.deploy-windows.yaml',
] as const;

/**
 * The zone of this machine: TZ, else the system's. `timezone: local` means this. An empty TZ
 * is UTC (as the C library reads it; ICU calls it Etc/Unknown). '' when ICU names no zone (a
 * POSIX rule such as `JST-9`): the config then gets an error at its `timezone` key.
 */
export function machineZone(): string {
  if (process.env.TZ === '') return 'UTC';
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
}

function fileIssue(file: string, message: string): ConfigIssue {
  return { file, line: 1, column: 1, path: '', message };
}

interface ConfigText {
  /** The name shown in errors: the repository-relative path, or the path as given. */
  shown: string;
  text: string;
}

/** Why there is no config text: `missing` when the place has no such file (not a failed read). */
interface NoConfigText {
  issue: ConfigIssue;
  missing: boolean;
}

const failed = (file: string, message: string): NoConfigText => ({
  issue: fileIssue(file, message),
  missing: false,
});
const missing = (file: string, message: string): NoConfigText => ({
  issue: fileIssue(file, message),
  missing: true,
});

/** Finds and reads the config text, or the one issue that says why there is none. */
async function readConfigText(
  given: string | null | undefined,
  files: PolicyFiles,
  root: string | null,
): Promise<ConfigText | NoConfigText> {
  const where = files.ref === null ? '' : ` at ${files.describe}`;
  const wanted = given?.trim() ?? '';
  if (wanted === '') {
    for (const candidate of DEFAULT_CONFIG_PATHS) {
      try {
        const text = await files.read(candidate, FILE_LIMITS.config);
        if (text !== null) return { shown: candidate, text };
      } catch (error) {
        return failed(candidate, errorMessage(error));
      }
    }
    return missing(
      DEFAULT_CONFIG_PATHS[0],
      `no config file found${where}; expected one of ${DEFAULT_CONFIG_PATHS.join(', ')} (or pass a path)`,
    );
  }
  const relativePath = repoRelativePath(wanted);
  try {
    if (relativePath !== null) {
      const text = await files.read(relativePath, FILE_LIMITS.config);
      return text === null
        ? missing(relativePath, `config file not found${where}`)
        : { shown: relativePath, text };
    }
    // A path outside the repository is the operator's own choice (`--config /etc/x.yml` on
    // the command line), never the policy's: only the workspace reads one.
    if (files.ref !== null || root === null) {
      return failed(wanted, `the config path must be inside the repository to read it${where}`);
    }
    const text = await readTrustedFile(
      isAbsolute(wanted) ? wanted : resolve(root, wanted),
      FILE_LIMITS.config,
    );
    return text === null ? missing(wanted, 'config file not found') : { shown: wanted, text };
  } catch (error) {
    return failed(relativePath ?? wanted, errorMessage(error));
  }
}

/** A provider that accepts every place and has no holidays: the first pass only notes places. */
function recordingHolidays(countries: Set<string>): HolidayProvider {
  return {
    checkPlace(country) {
      countries.add(country);
      return { ok: true };
    },
    holidays: () => [],
  };
}

/**
 * How many bytes of calendar files have been read against FILE_LIMITS.icsTotal: one budget per
 * config, and one that all the policies a config extends share (docs/config.md, "Limits").
 */
export interface CalendarBudget {
  read: number;
  readonly scope: 'config' | 'extended';
}

export function calendarBudget(scope: CalendarBudget['scope']): CalendarBudget {
  return { read: 0, scope };
}

/**
 * Validates the config text. Files it names (ics) and holiday data are known only once it is
 * parsed, so a first pass notes them; when there are any, they are read and a second pass
 * decides. The core stays pure and synchronous.
 */
async function validate(
  source: ConfigText,
  files: PolicyFiles,
  calendars: CalendarBudget = calendarBudget('config'),
): Promise<LoadResult> {
  let zone: string | undefined;
  // Asking Intl for the machine's zone costs start-up time: only `timezone:` keys read it.
  const options = (rest: Omit<LoadOptions, 'file' | 'localZone'>): LoadOptions =>
    Object.defineProperty({ file: source.shown, ...rest }, 'localZone', {
      enumerable: true,
      get: () => {
        zone ??= machineZone();
        return zone;
      },
    });
  const wantedFiles = new Set<string>();
  const countries = new Set<string>();
  const textBytes = Buffer.byteLength(source.text, 'utf8');
  holdYoungGenerationFor(textBytes);
  const first = loadConfig(
    source.text,
    options({
      readFile: (path) => {
        wantedFiles.add(path);
        return null;
      },
      holidays: recordingHolidays(countries),
    }),
  );
  if (wantedFiles.size === 0 && countries.size === 0) return first;

  const texts = new Map<string, string>();
  const failures = new Map<string, string>();
  const whose =
    calendars.scope === 'config' ? 'a config names' : 'of the policies a config extends';
  const overTotal = `the calendar files ${whose} may be ${formatBytes(FILE_LIMITS.icsTotal)} in all; with this one they are larger`;
  for (const path of wantedFiles) {
    // Past the total, the rest are not read at all.
    if (calendars.read > FILE_LIMITS.icsTotal) {
      failures.set(path, overTotal);
      continue;
    }
    try {
      const text = await files.read(path, FILE_LIMITS.ics);
      if (text === null) continue;
      calendars.read += Buffer.byteLength(text, 'utf8');
      if (calendars.read > FILE_LIMITS.icsTotal) failures.set(path, overTotal);
      else texts.set(path, text);
    } catch (error) {
      failures.set(path, errorMessage(error));
    }
  }
  const holidays = countries.size > 0 ? await loadHolidayProvider() : undefined;
  holdYoungGenerationFor(textBytes + calendars.read);
  return loadConfig(
    source.text,
    options({
      readFile: (path) => {
        const why = failures.get(path);
        return why === undefined ? (texts.get(path) ?? null) : { refused: why };
      },
      holidays,
    }),
  );
}

/**
 * Reads and validates the config from `source` (ics files it names come from the same
 * source). A string source is a workspace root, where an operator's `--config` may also name
 * a file outside the repository.
 */
export async function readConfigFile(
  given: string | null | undefined,
  source: PolicyFiles | string,
  calendars?: CalendarBudget,
): Promise<LoadResult> {
  const files = typeof source === 'string' ? workspaceFiles(source) : source;
  const root = typeof source === 'string' ? source : null;
  const found = await readConfigText(given, files, root);
  if (!('text' in found)) return { ok: false, errors: [found.issue] };
  return validate(found, files, calendars);
}

export type GateConfigLoad = LoadResult & {
  /** One line for the log when the change being deployed edits the config. */
  notice?: string;
};

/**
 * The gate's read: the config from `policy` (the protected ref). When `workspace` is given
 * and holds a different copy of the same file, `notice` says that the change's edits apply
 * only once merged. Any read failure is a config error: the gate fails closed.
 */
export async function readGateConfig(
  given: string | null | undefined,
  policy: PolicyFiles,
  workspace: PolicyFiles | null,
): Promise<GateConfigLoad> {
  const found = await readConfigText(given, policy, null);
  if (!('text' in found)) {
    const { issue } = found;
    const where = policy.ref === null ? '' : ` (policy ref ${policy.describe})`;
    // Only a policy without the file is told that the change adds one, not a failed read.
    const added =
      workspace && policy.ref !== null && found.missing
        ? await readConfigText(given, workspace, null)
        : null;
    const adds =
      added && 'text' in added
        ? `; this change adds ${added.shown}, which applies once merged into ${policy.describe}`
        : '';
    return { ok: false, errors: [{ ...issue, message: `${issue.message}${where}${adds}` }] };
  }
  const result = await validate(found, policy);
  if (!workspace || policy.ref === null) return result;
  let local: string | null = null;
  try {
    local = await workspace.read(found.shown, FILE_LIMITS.config);
  } catch (error) {
    if (!(error instanceof PolicyReadError)) throw error;
  }
  if (local === null || local === found.text) return result;
  return {
    ...result,
    notice: `this change edits the deploy windows; the edits apply once merged into ${branchName(policy.describe)} (${found.shown}; this run is decided by the policy at ${policy.describe})`,
  };
}

/** `main` for `refs/heads/main` and `refs/remotes/origin/main` (the Jenkins step's ref). */
function branchName(ref: string): string {
  return ref.replace(/^refs\/(heads|remotes\/[^/]+)\/(?=.)/, '');
}
