// The "Deployment is blocked" note on a pull request / merge request / commit (GitHub and
// GitLab), and `check --format markdown`. Everything taken from the config is escaped by
// escape.ts, the same functions the GitHub job summary (src/github/summary.ts) uses.
import { formatInstant } from '../time/instant.js';
import type { Decision, EpochMs, ExemptConfig, Interval } from '../types.js';
import { environmentLabel, explainReason, listOf } from './describe.js';
import { escapeMarkdown, markdownCode, markdownQuote } from './escape.js';
import { type GanttMarker, ganttBlock } from './mermaid.js';
import { formatRelative } from './relative-time.js';
import { formatInZone, formatLocal, formatLocalShort } from './zone-time.js';

export type NoteEvent = 'blocked' | 'allowed' | 'wait-cancelled';

export interface RenderMarkdownOptions {
  event: NoteEvent;
  exemptions: ExemptConfig;
  /** When a re-run was scheduled for the opening (ISO instant); null/absent: none. */
  rerunAt?: string | null;
  /** A hidden marker (e.g. an HTML comment) written first, so a later run finds the note. */
  marker?: string;
  /** Relative times are measured from here; default: the decision's instant. */
  now?: number;
}

const code = markdownCode;

/** The span the timeline in notes and job summaries draws (docs/preview.md). */
export const TIMELINE_DAYS = 7;
/**
 * How many open periods the gate asks decide() for, so that the timeline can draw a week of a
 * busy policy (two windows a day); lists of them still show only LISTED_PERIODS.
 */
export const TIMELINE_UPCOMING_COUNT = 16;
/** Open periods listed in text (the note's list, the summary's table), as before the timeline. */
export const LISTED_PERIODS = 5;

const DAY_MS = 86_400_000;

function instant(at: EpochMs, zone: string, now: number): string {
  return `${formatInZone(at, zone)}: \`${formatInstant(at)}\`, ${formatRelative(at, now)}`;
}

function exemptionLine(exempt: ExemptConfig): string {
  const routes: string[] = [];
  if (exempt.users.length > 0) {
    routes.push(`the users ${listOf(exempt.users.map(escapeMarkdown))}`);
  }
  if (exempt.teams.length > 0) {
    routes.push(`members of ${listOf(exempt.teams.map(escapeMarkdown))}`);
  }
  if (exempt.codeowners) {
    routes.push(`the CODEOWNERS owners of ${code(exempt.codeowners)}`);
  }
  if (routes.length === 0) {
    return '**Who may deploy anyway:** nobody; the config lists no exemptions (`exempt`).';
  }
  return `**Who may deploy anyway:** ${listOf(routes)} (the config's \`exempt\`).`;
}

function openingLines(decision: Decision, now: number, rerunAt: string | null): string[] {
  const lines: string[] = [];
  if (decision.nextOpen !== null) {
    lines.push(`**Next opening:** ${instant(decision.nextOpen, decision.timezone, now)}.`);
  } else {
    lines.push(
      `**Next opening:** none within the next ${Math.round(decision.horizon / 1440)} days.`,
    );
  }
  if (rerunAt) {
    lines.push(
      `**Re-run:** scheduled for ${formatInZone(rerunAt, decision.timezone)} (\`${rerunAt}\`).`,
    );
  }
  return lines;
}

function upcomingBlock(decision: Decision): string | null {
  if (decision.upcoming.length === 0) return null;
  const zone = decision.timezone;
  const items = decision.upcoming
    .slice(0, LISTED_PERIODS)
    .map(
      (period) =>
        `- ${formatLocal(period.start, zone)} to ${
          period.end !== null
            ? formatLocalShort(period.end, zone, period.start)
            : 'beyond the horizon'
        }`,
    );
  return [
    `<details><summary>Next open periods (${escapeMarkdown(zone)})</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ].join('\n');
}

/**
 * A compact Mermaid gantt of the next TIMELINE_DAYS days for the decision's environment, in its
 * zone: the open periods, the decided instant and the next opening (or the closing) marked.
 * Ends at the horizon when that comes first. Open periods beyond those the decision lists are
 * not known: when the list may have been cut short of the span, a line under the chart says so.
 */
export function timelineBlock(decision: Decision): string {
  const at = decision.at;
  const zone = decision.timezone;
  const to = Math.min(at + TIMELINE_DAYS * DAY_MS, at + Math.max(decision.horizon, 1) * 60_000);
  const periods: Interval[] = decision.upcoming.map((period) => ({
    start: period.start,
    end: period.end ?? to,
  }));
  const markers: GanttMarker[] = [];
  if (decision.allowed) {
    markers.push({ label: 'now', at });
    const closes = decision.closesAt;
    if (closes !== null && closes < to) markers.push({ label: 'closes', at: closes });
  } else {
    markers.push({ label: 'blocked', at });
    const opens = decision.nextOpen;
    if (opens !== null && opens < to) markers.push({ label: 'next opening', at: opens });
  }
  const chart = ganttBlock({
    title: `${environmentLabel(decision.environment)} next ${TIMELINE_DAYS} days (${zone})`,
    zone,
    from: at,
    to,
    rows: [{ section: 'open', label: 'open', periods, tag: 'active' }],
    markers,
  });
  const last = periods.at(-1);
  const cut = decision.upcoming.length >= TIMELINE_UPCOMING_COUNT && last && last.end < to;
  return cut
    ? `${chart}\nOpen periods after ${formatLocal(last.end, zone)} are not drawn (more than ${TIMELINE_UPCOMING_COUNT} in ${TIMELINE_DAYS} days).`
    : chart.trimEnd();
}

function footer(decision: Decision): string {
  return `<sub>deploy-window decided at \`${formatInstant(decision.at)}\` (reason \`${decision.reason}\`).</sub>`;
}

/** Markdown for the PR/MR/commit note; newline-terminated. */
export function renderMarkdown(decision: Decision, options: RenderMarkdownOptions): string {
  const now = options.now ?? decision.at;
  const environment = code(environmentLabel(decision.environment));
  const why = (name: string) => `**${escapeMarkdown(name)}**`;
  // Paragraphs, joined by blank lines so each renders on its own.
  const blocks: string[] = [];
  if (options.marker) blocks.push(options.marker);

  if (options.event === 'allowed') {
    const how = decision.exempt
      ? `as an exempt actor${decision.exemptBy ? ` (${code(decision.exemptBy)})` : ''}`
      : `(${explainReason(decision, why)})`;
    blocks.push(
      `### ✅ Deployment to ${environment} went through`,
      `Deploys to ${environment} were allowed at ${formatInZone(decision.at, decision.timezone)} (\`${formatInstant(decision.at)}\`) ${how}. An earlier run was blocked; this note was updated so it is not left stale.`,
    );
  } else {
    const cancelled = options.event === 'wait-cancelled';
    blocks.push(
      cancelled
        ? `### ⏹️ Deployment is blocked: ${environment} (the wait was cancelled)`
        : `### ⛔ Deployment is blocked: ${environment}`,
    );
    if (cancelled) {
      blocks.push(
        'The job waited for the window to open and was cancelled before it did. Nothing was deployed.',
      );
    }
    blocks.push(`**Why:** ${explainReason(decision, why)}.`);
    if (decision.message) blocks.push(markdownQuote(decision.message));
    blocks.push(...openingLines(decision, now, options.rerunAt ?? null));
    blocks.push(timelineBlock(decision));
    blocks.push(exemptionLine(options.exemptions));
    const upcoming = upcomingBlock(decision);
    if (upcoming) blocks.push(upcoming);
    for (const warning of decision.warnings) {
      blocks.push(`> [!WARNING]\n${markdownQuote(warning)}`);
    }
  }
  blocks.push(footer(decision));
  return `${blocks.join('\n\n')}\n`;
}

/**
 * The decision as a Markdown summary (`check --format markdown`, job summaries): verdict,
 * why, closing or opening, message, next open periods, warnings. Newline-terminated.
 */
export function renderSummaryMarkdown(decision: Decision, options: { now?: number } = {}): string {
  const now = options.now ?? decision.at;
  const zone = decision.timezone;
  const environment = code(environmentLabel(decision.environment));
  const verdict = decision.exempt ? 'EXEMPT' : decision.allowed ? 'ALLOWED' : 'BLOCKED';
  const title = decision.exempt
    ? `### ✅ Deployment is allowed (exempt): ${environment}`
    : decision.allowed
      ? `### ✅ Deployment is allowed: ${environment}`
      : `### ⛔ Deployment is blocked: ${environment}`;
  const why = explainReason(decision, (name) => `**${escapeMarkdown(name)}**`);
  const rows: [string, string][] = [
    ['Decision', `**${verdict}** (\`${decision.reason}\`)`],
    ['Checked at', `${formatInZone(decision.at, zone)}: \`${formatInstant(decision.at)}\``],
    ['Why', why],
  ];
  if (decision.exemptBy) rows.push(['Exempt via', code(decision.exemptBy)]);
  if (decision.message) rows.push(['Message', escapeMarkdown(decision.message)]);
  if (decision.closesAt !== null) rows.push(['Closes', instant(decision.closesAt, zone, now)]);
  if (decision.nextOpen !== null) {
    rows.push(['Next opening', instant(decision.nextOpen, zone, now)]);
  }
  if (!decision.allowed && decision.nextOpen === null) {
    rows.push(['Next opening', `none within ${Math.round(decision.horizon / 1440)} days`]);
  }
  const blocks = [
    title,
    ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n'),
  ];
  const upcoming = upcomingBlock(decision);
  if (upcoming) blocks.push(upcoming);
  for (const warning of decision.warnings) {
    blocks.push(`> [!WARNING]\n${markdownQuote(warning)}`);
  }
  return `${blocks.join('\n\n')}\n`;
}
