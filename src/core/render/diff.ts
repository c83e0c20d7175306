// A policy diff as text, Markdown (with a gantt chart per environment) or stable JSON.
import type { EnvironmentDiff, Finding, PolicyDiff } from '../diff.js';
import { formatInstant } from '../time/instant.js';
import type { Interval } from '../types.js';
import { environmentLabel } from './describe.js';
import { escapeMarkdown, jsonDocument, quotedName, visibleControls } from './escape.js';
import { ganttBlock } from './mermaid.js';
import { formatLocal, formatLocalShort } from './zone-time.js';

/** The hidden marker that finds the one "Deploy window changes" comment of a pull request. */
export const PREVIEW_MARKER = '<!-- deploy-window:preview -->';

function period(interval: Interval, zone: string, arrow = '->'): string {
  return `${formatLocal(interval.start, zone)} ${arrow} ${formatLocalShort(interval.end, zone, interval.start)}`;
}

function findingText(finding: Finding, show: (name: string) => string): string {
  const window = finding.window === null ? '' : show(finding.window);
  const where = finding.environment === null ? '' : ` (${show(finding.environment)})`;
  switch (finding.kind) {
    case 'never-opens':
      return `window ${window} has no occurrence within a year${where}`;
    case 'allow-hidden':
      return `allow window ${window} is always covered by deny windows${where}: it never opens`;
    case 'no-open-time':
      return `${finding.environment === null ? 'deploys' : show(finding.environment)} would have no open time within a year`;
    case 'straddles-dst': {
      const at = finding.occurrence
        ? `, first on ${period(finding.occurrence, finding.timezone)}`
        : '';
      return `window ${window} spans a daylight-saving change${at}: its length in wall-clock time differs that day`;
    }
  }
}

function changeLines(diff: EnvironmentDiff): string[] {
  const lines: string[] = [];
  for (const interval of diff.gained) lines.push(`  + opens  ${period(interval, diff.timezone)}`);
  for (const interval of diff.lost) lines.push(`  - closes ${period(interval, diff.timezone)}`);
  return lines;
}

/** Plain text for a terminal. */
export function diffText(diff: PolicyDiff): string {
  const out: string[] = [];
  const span = `${formatInstant(diff.from).slice(0, 10)} to ${formatInstant(diff.to).slice(0, 10)}`;
  out.push(
    diff.changed
      ? `The policy change moves open time (${span}):`
      : `No change in open time (${span}).`,
  );
  for (const env of diff.environments) {
    const changes = changeLines(env);
    if (changes.length === 0) continue;
    out.push(
      `${visibleControls(environmentLabel(env.environment))} (${env.timezone}):`,
      ...changes,
    );
  }
  if (diff.findings.length > 0) {
    out.push('Findings:');
    for (const finding of diff.findings) out.push(`  ! ${findingText(finding, quotedName)}`);
  }
  return `${out.join('\n')}\n`;
}

function markdownRows(diff: EnvironmentDiff): string[] {
  const rows: string[] = [];
  const row = (change: string, interval: Interval) =>
    `| ${change} | ${escapeMarkdown(period(interval, diff.timezone, 'to'))} | ${formatInstant(interval.start)} | ${formatInstant(interval.end)} |`;
  for (const interval of diff.gained) rows.push(row('opens', interval));
  for (const interval of diff.lost) rows.push(row('closes', interval));
  return rows;
}

/** Markdown for a pull request comment or merge request note. */
export function diffMarkdown(diff: PolicyDiff, options: { marker?: string } = {}): string {
  const out: string[] = [];
  if (options.marker) out.push(options.marker);
  out.push('### Deploy window changes', '');
  const span = `${formatInstant(diff.from).slice(0, 10)} and ${formatInstant(diff.to).slice(0, 10)}`;
  out.push(
    diff.changed
      ? `This change moves open time between ${span}.`
      : `This change moves no open time between ${span}.`,
    '',
  );
  for (const env of diff.environments) {
    const label = escapeMarkdown(environmentLabel(env.environment));
    out.push(`#### ${label} (${escapeMarkdown(env.timezone)})`, '');
    const rows = markdownRows(env);
    if (rows.length > 0) {
      out.push(`| change | when (${escapeMarkdown(env.timezone)}) | start (UTC) | end (UTC) |`);
      out.push('| --- | --- | --- | --- |', ...rows, '');
    } else {
      out.push('No change.', '');
    }
    out.push(
      ganttBlock({
        title: `${environmentLabel(env.environment)} (${env.timezone})`,
        zone: env.timezone,
        from: diff.from,
        to: diff.to,
        rows: [
          { section: 'before', label: 'open', periods: env.before, tag: 'done' },
          { section: 'after', label: 'open', periods: env.after, tag: 'active' },
        ],
      }),
    );
  }
  if (diff.findings.length > 0) {
    out.push('#### Findings', '');
    for (const finding of diff.findings) {
      out.push(`- ${findingText(finding, (name) => `"${escapeMarkdown(name)}"`)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

const intervals = (list: readonly Interval[]) =>
  list.map((i) => ({ start: formatInstant(i.start), end: formatInstant(i.end) }));

/** Stable JSON for scripts: instants in UTC, keys in a fixed order. */
export function diffJson(diff: PolicyDiff): string {
  const body = {
    changed: diff.changed,
    from: formatInstant(diff.from),
    to: formatInstant(diff.to),
    environments: diff.environments.map((env) => ({
      environment: env.environment,
      timezone: env.timezone,
      before: intervals(env.before),
      after: intervals(env.after),
      gained: intervals(env.gained),
      lost: intervals(env.lost),
    })),
    findings: diff.findings.map((finding) => ({
      kind: finding.kind,
      environment: finding.environment,
      window: finding.window,
      timezone: finding.timezone,
      occurrence: finding.occurrence
        ? {
            start: formatInstant(finding.occurrence.start),
            end: formatInstant(finding.occurrence.end),
          }
        : null,
    })),
  };
  return jsonDocument(body);
}
