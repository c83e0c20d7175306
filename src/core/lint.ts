// Warnings for `deploy-window validate`: configs that are valid but probably not what their
// author meant. Looks LINT_DAYS ahead of `now`. Pure.
import { formatDuration } from './duration.js';
import { merge, subtract } from './intervals.js';
import { formatInZone } from './render/zone-time.js';
import { type CompiledWindow, compileConfig } from './schedules/compile.js';
import { collectOccurrences, openTime } from './schedules/open-time.js';
import type { Config, ConfigIssue, Interval, LocalDate } from './types.js';

/** How far ahead the warnings look. */
export const LINT_DAYS = 90;
/** Allow occurrences and open periods shorter than this are too short to deploy in. */
export const SHORT_OPEN_MINUTES = 5;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A name that a glob pattern matches (`prod-*` -> `prod-`), to test which windows apply. */
function sampleEnvironment(pattern: string): string {
  return pattern
    .replace(/\[!?\^?(.)[^\]]*\]/g, (_, first: string) => first)
    .replace(/\*/g, '')
    .replace(/\?/g, 'x');
}

/** The environments the config names (globs by a sample name), in config order. */
function mentionedEnvironments(config: Config): { name: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const window of config.windows) {
    for (const pattern of window.environments ?? []) {
      const name = sampleEnvironment(pattern);
      const key = name.toLowerCase();
      if (!seen.has(key)) seen.set(key, /[*?[]/.test(pattern) ? `"${pattern}"` : name);
    }
  }
  return [...seen].map(([name, label]) => ({ name, label }));
}

function formatDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

function shortest(intervals: readonly Interval[]): Interval | undefined {
  return intervals.reduce<Interval | undefined>(
    (best, interval) =>
      !best || interval.end - interval.start < best.end - best.start ? interval : best,
    undefined,
  );
}

function minutesText(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  return minutes < 1 ? 'less than a minute' : formatDuration(minutes);
}

interface Linter {
  config: Config;
  windows: CompiledWindow[];
  from: number;
  to: number;
  issues: ConfigIssue[];
  position(windowIndex: number | null): { line: number; column: number };
}

/** ConfigIssue.hint is for "did you mean" candidates, so advice goes into the message. */
function warn(linter: Linter, index: number | null, key: string, message: string) {
  const path = index === null ? key : `windows[${index}]${key ? `.${key}` : ''}`;
  linter.issues.push({
    file: linter.config.file,
    ...linter.position(index),
    path,
    message,
  });
}

function lintExpired(linter: Linter, now: number): void {
  linter.config.windows.forEach((window, index) => {
    const compiled = linter.windows[index];
    if (!window.until || !compiled || compiled.validity.end > now) return;
    warn(
      linter,
      index,
      'until',
      `window "${window.name}" expired on ${formatDate(window.until)} (until): it no longer has any effect; remove it or move its until date`,
    );
  });
}

/** Occurrences of the deny windows that apply wherever `allow` applies. */
function denyCovering(linter: Linter, environments: (string | null)[]): Interval[][] {
  return environments.map((environment) =>
    merge(
      linter.windows
        .filter((window) => window.kind === 'deny' && window.appliesTo(environment))
        .flatMap((window) => window.occurrences(linter.from, linter.to)),
    ),
  );
}

function lintAllowWindows(linter: Linter, mentioned: { name: string }[]): void {
  linter.windows.forEach((window, index) => {
    if (window.kind !== 'allow') return;
    const occurrences = window.occurrences(linter.from, linter.to);
    const short = shortest(occurrences.filter((o) => o.start > linter.from && o.end < linter.to));
    if (short && short.end - short.start < SHORT_OPEN_MINUTES * MINUTE_MS) {
      warn(
        linter,
        index,
        '',
        `allow window "${window.name}" opens for only ${minutesText(short.end - short.start)} at a time (e.g. ${formatInZone(short.start, window.timezone)}), too short to deploy in; a duration without a unit is minutes (write 1h for an hour)`,
      );
    }
    if (occurrences.length === 0) return;
    // Where does this window apply? The environments the config names that it matches,
    // else (no environments anywhere) every environment at once.
    const names = mentioned.map((e) => e.name).filter((name) => window.appliesTo(name));
    const environments: (string | null)[] = names.length > 0 ? names : [null];
    const covered = denyCovering(linter, environments).every(
      (deny) => subtract(merge(occurrences), deny).length === 0,
    );
    if (covered) {
      warn(
        linter,
        index,
        '',
        `allow window "${window.name}" never opens in the next ${LINT_DAYS} days: deny windows cover every occurrence`,
      );
    }
  });
}

function openFor(linter: Linter, environment: string | null): Interval[] {
  const windows = linter.windows.filter((window) => window.appliesTo(environment));
  return openTime(collectOccurrences(windows, [], linter.from, linter.to), linter.from, linter.to);
}

function lintOpenTime(linter: Linter, mentioned: { name: string; label: string }[]): void {
  const closed: string[] = [];
  for (const environment of mentioned) {
    const open = openFor(linter, environment.name);
    if (open.length === 0) {
      closed.push(environment.label);
      warn(
        linter,
        null,
        'windows',
        `deploys to ${environment.label} are never allowed in the next ${LINT_DAYS} days`,
      );
      continue;
    }
    // A sliver between windows (deny ends 16:58, allow at 17:00) is usually a mistake.
    const inner = open.filter((o) => o.start > linter.from && o.end < linter.to);
    const short = shortest(inner);
    if (short && short.end - short.start < SHORT_OPEN_MINUTES * MINUTE_MS) {
      warn(
        linter,
        null,
        'windows',
        `deploys to ${environment.label} are open for only ${minutesText(short.end - short.start)} from ${formatInZone(short.start, linter.config.timezone)}: check the edges of the windows around it`,
      );
    }
  }
  if (closed.length === mentioned.length && mentioned.length > 0) return;
  if (openFor(linter, null).length === 0) {
    const message =
      mentioned.length === 0
        ? `deploys are never allowed in the next ${LINT_DAYS} days`
        : `without an environment (every window applies), deploys are never allowed in the next ${LINT_DAYS} days`;
    warn(linter, null, 'windows', message);
  }
}

/**
 * Warnings for a valid config, looking LINT_DAYS ahead of `now`: expired windows, allow
 * windows that deny windows always cover, environments that never open, open periods shorter
 * than SHORT_OPEN_MINUTES. `source`, the config's text, places a warning at its window's
 * `name:` line (else line 1, column 1 and the key path).
 */
export function lintConfig(config: Config, now: number, source?: string): ConfigIssue[] {
  const lines = source?.split(/\r\n|\n|\r/) ?? [];
  const linter: Linter = {
    config,
    windows: compileConfig(config).windows,
    from: now,
    to: now + LINT_DAYS * DAY_MS,
    issues: [],
    position(index) {
      const name = index === null ? undefined : config.windows[index]?.name;
      if (name === undefined || lines.length === 0) return { line: 1, column: 1 };
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`^(\\s*-?\\s*)name\\s*:\\s*["']?${escaped}["']?\\s*(#.*)?$`);
      const found = lines.findIndex((line) => pattern.test(line));
      if (found < 0) return { line: 1, column: 1 };
      const column = (pattern.exec(lines[found] ?? '')?.[1]?.length ?? 0) + 1;
      return { line: found + 1, column };
    },
  };
  const mentioned = mentionedEnvironments(config);
  lintExpired(linter, now);
  lintAllowWindows(linter, mentioned);
  lintOpenTime(linter, mentioned);
  return linter.issues;
}
