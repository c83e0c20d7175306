// Warnings for `deploy-window validate`: configs that are valid but probably not what their
// author meant. Looks LINT_DAYS ahead of `now`. Pure.
import { formatDuration } from './duration.js';
import { clip, merge, subtract } from './intervals.js';
import { quotedName } from './render/escape.js';
import { formatInZone } from './render/zone-time.js';
import { type CompiledWindow, compileConfig } from './schedules/compile.js';
import { openWithAllows } from './schedules/open-time.js';
import type { Config, ConfigIssue, Interval, LocalDate } from './types.js';

/** How far ahead the warnings look. */
export const LINT_DAYS = 90;
/** Allow occurrences and open periods shorter than this are too short to deploy in. */
export const SHORT_OPEN_MINUTES = 5;
/** The warnings about environments look at the first this many environments the config names. */
export const LINTED_ENVIRONMENTS = 10;

const DAY_MS = 86_400_000;
/** Deny occurrences are merged this many days at a time (see deniedFor). */
const DENY_STRETCH_MS = 8 * DAY_MS;
const MINUTE_MS = 60_000;

/** A name that a glob pattern matches (`prod-*` -> `prod-`), to test which windows apply. */
function sampleEnvironment(pattern: string): string {
  return pattern
    .replace(/\[!?\^?(.)[^\]]*\]/g, (_, first: string) => first)
    .replace(/\*/g, '')
    .replace(/\?/g, 'x');
}

/**
 * The environments the config names (globs by a sample name), in config order: the first
 * LINTED_ENVIRONMENTS of them, so that a config naming thousands stays quick to check.
 */
function mentionedEnvironments(config: Config): { name: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const window of config.windows) {
    for (const pattern of window.environments ?? []) {
      if (seen.size >= LINTED_ENVIRONMENTS) break;
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

/** The shortest interval that lies strictly inside (from, to): cut ones say nothing. */
function shortestInside(
  intervals: readonly Interval[],
  from: number,
  to: number,
): Interval | undefined {
  let best: Interval | undefined;
  for (const interval of intervals) {
    if (interval.start <= from || interval.end >= to) continue;
    if (!best || interval.end - interval.start < best.end - best.start) best = interval;
  }
  return best;
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
  /**
   * Per set of applying windows (environments with the same windows share it): the merged deny
   * occurrences and the open time, each computed once.
   */
  byWindows: Map<string, WindowSet>;
  /** The same entries by environment name. */
  byEnvironment: Map<string | null, WindowSet>;
}

interface WindowSet {
  windows: CompiledWindow[];
  denied?: Interval[];
  open?: Interval[];
}

/** The windows that apply to an environment, shared by every environment with the same ones. */
function applying(linter: Linter, environment: string | null) {
  const known = linter.byEnvironment.get(environment);
  if (known) return known;
  const indexes: number[] = [];
  linter.windows.forEach((window, index) => {
    if (window.appliesTo(environment)) indexes.push(index);
  });
  const key = indexes.join(',');
  const windows = indexes.map((index) => linter.windows[index] as CompiledWindow);
  let entry = linter.byWindows.get(key);
  if (!entry) {
    entry = { windows };
    linter.byWindows.set(key, entry);
  }
  linter.byEnvironment.set(environment, entry);
  return entry;
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
      `window ${quotedName(window.name)} expired on ${formatDate(window.until)} (until): it no longer has any effect; remove it or move its until date`,
    );
  });
}

/**
 * Merged occurrences of the deny windows that apply to an environment (those overlapping the
 * linted span, whole). Merged a stretch of days at a time, so that the raw occurrences of a
 * thousand windows are never all held at once.
 */
function deniedFor(linter: Linter, environment: string | null): Interval[] {
  const entry = applying(linter, environment);
  if (!entry.denied) {
    const denied: Interval[] = [];
    for (let from = linter.from; from < linter.to; from += DENY_STRETCH_MS) {
      const to = Math.min(linter.to, from + DENY_STRETCH_MS);
      const occurrences: Interval[] = [];
      for (const window of entry.windows) {
        if (window.kind !== 'deny') continue;
        for (const occurrence of window.occurrences(from, to)) occurrences.push(occurrence);
      }
      // Cut at the stretch's inner edges only: the span's own edges keep whole occurrences.
      const stretch = clip(
        merge(occurrences),
        from === linter.from ? Number.NEGATIVE_INFINITY : from,
        to === linter.to ? Number.POSITIVE_INFINITY : to,
      );
      for (const period of stretch) {
        const last = denied[denied.length - 1];
        if (last && period.start <= last.end) last.end = Math.max(last.end, period.end);
        else denied.push({ ...period });
      }
    }
    entry.denied = denied;
  }
  return entry.denied;
}

/** Is every interval inside merged `cover`? (binary search: cover may be long) */
function allCovered(intervals: readonly Interval[], cover: readonly Interval[]): boolean {
  return intervals.every((interval) => {
    let low = 0;
    let high = cover.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cover[middle] as Interval).end <= interval.start) low = middle + 1;
      else high = middle;
    }
    const around = cover[low];
    return around !== undefined && around.start <= interval.start && interval.end <= around.end;
  });
}

function lintAllowWindows(linter: Linter, mentioned: { name: string }[]): void {
  linter.windows.forEach((window, index) => {
    if (window.kind !== 'allow') return;
    const occurrences = window.occurrences(linter.from, linter.to);
    const short = shortestInside(occurrences, linter.from, linter.to);
    if (short && short.end - short.start < SHORT_OPEN_MINUTES * MINUTE_MS) {
      warn(
        linter,
        index,
        '',
        `allow window ${quotedName(window.name)} opens for only ${minutesText(short.end - short.start)} at a time (e.g. ${formatInZone(short.start, window.timezone)}), too short to deploy in; a duration without a unit is minutes (write 1h for an hour)`,
      );
    }
    if (occurrences.length === 0) return;
    // Where does this window apply? The environments the config names that it matches,
    // else (no environments anywhere) every environment at once.
    const names = mentioned.map((e) => e.name).filter((name) => window.appliesTo(name));
    const environments: (string | null)[] = names.length > 0 ? names : [null];
    const covered = environments.every((environment) =>
      allCovered(occurrences, deniedFor(linter, environment)),
    );
    if (covered) {
      warn(
        linter,
        index,
        '',
        `allow window ${quotedName(window.name)} never opens in the next ${LINT_DAYS} days: deny windows cover every occurrence`,
      );
    }
  });
}

function openFor(linter: Linter, environment: string | null): Interval[] {
  const entry = applying(linter, environment);
  if (!entry.open) {
    // Equal to layerOpenTime over these windows, from the deny periods already merged.
    const { from, to } = linter;
    const left = subtract([{ start: from, end: to }], deniedFor(linter, environment));
    const allows = entry.windows.filter((window) => window.kind === 'allow');
    entry.open = openWithAllows(left, allows, from, to);
  }
  return entry.open;
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
    const short = shortestInside(open, linter.from, linter.to);
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

interface Position {
  line: number;
  column: number;
}

/**
 * Where each window name is written (`name: x`, `- name: "x"`, first one wins), in one pass
 * over the text, without a pattern built from user text.
 */
function nameLines(source: string): Map<string, Position> {
  const found = new Map<string, Position>();
  source.split(/\r\n|\n|\r/).forEach((line, index) => {
    let at = 0;
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (line[at] === '-') {
      at++;
      while (line[at] === ' ' || line[at] === '\t') at++;
    }
    if (!line.startsWith('name', at)) return;
    const column = at + 1;
    at += 4;
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (line[at] !== ':') return;
    let value = line.slice(at + 1).trim();
    const comment = value.search(/\s#/);
    if (comment !== -1) value = value.slice(0, comment).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
    }
    if (!found.has(value)) found.set(value, { line: index + 1, column });
  });
  return found;
}

/**
 * Warnings for a valid config, looking LINT_DAYS ahead of `now`: expired windows, allow
 * windows that deny windows always cover, environments that never open, open periods shorter
 * than SHORT_OPEN_MINUTES. `source`, the config's text, places a warning at its window's
 * `name:` line (else line 1, column 1 and the key path).
 */
export function lintConfig(config: Config, now: number, source?: string): ConfigIssue[] {
  const names = source === undefined ? new Map<string, Position>() : nameLines(source);
  const linter: Linter = {
    config,
    // One pass over every window: occurrences are read past the block cache.
    windows: compileConfig(config).windows.map((window) => ({
      ...window,
      occurrences: window.occurrencesOnce,
    })),
    from: now,
    to: now + LINT_DAYS * DAY_MS,
    issues: [],
    position(index) {
      const name = index === null ? undefined : config.windows[index]?.name;
      return (name === undefined ? undefined : names.get(name)) ?? { line: 1, column: 1 };
    },
    byWindows: new Map(),
    byEnvironment: new Map(),
  };
  const mentioned = mentionedEnvironments(config);
  lintExpired(linter, now);
  lintAllowWindows(linter, mentioned);
  lintOpenTime(linter, mentioned);
  return linter.issues;
}
