// The job summary (GITHUB_STEP_SUMMARY): the decision, a timeline of the next days and the next
// open periods, always.
// Markdown, escaped by the same functions as the pull request comment (core/render/escape.ts):
// a message with blank lines, links or headings reads as text inside its blockquote.
import { formatIssue } from '../core/config/format.js';
import { environmentLabel, explainReason } from '../core/render/describe.js';
import {
  escapeMarkdown,
  markdownCode,
  markdownLink,
  markdownQuote,
} from '../core/render/escape.js';
import { type BodyLimit, clipBody, fitBody } from '../core/render/fit-body.js';
import { LISTED_PERIODS, TIMELINE_DAYS, timelineBlock } from '../core/render/markdown.js';
import { overrideMarkdown } from '../core/render/override.js';
import { formatInZone, formatLocal } from '../core/render/zone-time.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision, EpochMs } from '../core/types.js';
import type { GateMode, GateResult } from '../gate/types.js';

export interface SummaryFacts {
  mode: GateMode;
  /** The comment written or updated, if any. */
  noteUrl: string | null;
  /** The re-run recorded for the opening, if any (ISO instant). */
  rerunAt: string | null;
  /** Markdown the platform adds after the decision: the policy that blocked, the override record. */
  notes?: readonly string[];
}

function verdict(decision: Decision, result: GateResult, mode: GateMode): string {
  if (result.cancelled) return '⏹️ Blocked: the wait was cancelled';
  if (decision.exempt) {
    return `✅ Allowed: exempt${decision.exemptBy ? ` (${markdownCode(decision.exemptBy)})` : ''}`;
  }
  if (decision.allowed) return '✅ Allowed';
  return mode === 'warn' ? '⚠️ Blocked (mode warn: the job continues)' : '⛔ Deployment is blocked';
}

/** Our own ISO instants (never user text) in an inline `<code>`, which table cells allow. */
function instantCell(instant: EpochMs | null, zone: string): string {
  if (instant === null) return '-';
  return `${escapeMarkdown(formatInZone(instant, zone))}<br><code>${formatInstant(instant)}</code>`;
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '-' : list.map(escapeMarkdown).join(', ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function invalidConfigSummary(result: GateResult): string {
  return [
    '## deploy-window: invalid config',
    'The window config is invalid, so the gate stays closed (in every mode).',
    result.errors.map((issue) => `- ${escapeMarkdown(formatIssue(issue))}`).join('\n'),
  ].join('\n\n');
}

/**
 * GitHub takes at most 1 MiB of summary from a step: characters that fit even when every one
 * takes three bytes of UTF-8.
 */
const GITHUB_SUMMARY: BodyLimit = { characters: 349_000, holder: 'a GitHub job summary' };

/** The summary as Markdown, newline-terminated, within GitHub's size limit. */
export function buildSummary(result: GateResult, facts: SummaryFacts): string {
  const decision = result.decision;
  if (!decision) return clipBody(`${invalidConfigSummary(result)}\n`, GITHUB_SUMMARY);
  return fitBody(
    decision.message,
    (message) => decisionSummary({ ...decision, message }, result, facts),
    GITHUB_SUMMARY,
  );
}

function decisionSummary(decision: Decision, result: GateResult, facts: SummaryFacts): string {
  const zone = decision.timezone;
  const why = explainReason(decision, (name) => `**${escapeMarkdown(name)}**`);
  const rows: string[][] = [
    ['Why', why],
    ['Reason', `\`${decision.reason}\``],
    ['Decided at', instantCell(decision.at, zone)],
    ['Active windows', names(decision.activeWindows)],
    ['Blocking windows', names(decision.blockingWindows)],
    ['Closes at', instantCell(decision.closesAt, zone)],
    ['Next open', instantCell(decision.nextOpen, zone)],
    ['Time zone', escapeMarkdown(zone)],
  ];
  if (decision.minDuration > 0) rows.push(['Runway', `${decision.minDuration} min`]);
  if (decision.exemptBy) rows.push(['Exempt by', markdownCode(decision.exemptBy)]);

  const blocks = [
    `## deploy-window: ${markdownCode(environmentLabel(decision.environment))}`,
    `**${verdict(decision, result, facts.mode)}**`,
    table(['', ''], rows),
  ];
  // Who overrode which windows and why (docs/overrides.md).
  const override = overrideMarkdown(decision);
  if (override) blocks.push(override);
  blocks.push(...(facts.notes ?? []));
  if (decision.message) blocks.push(markdownQuote(decision.message));
  blocks.push(`### Next ${TIMELINE_DAYS} days (${escapeMarkdown(zone)})`, timelineBlock(decision));
  if (decision.upcoming.length > 0) {
    blocks.push(
      `### Next open periods (${escapeMarkdown(zone)})`,
      table(
        ['Opens', 'Closes', 'Opens (UTC)'],
        decision.upcoming
          .slice(0, LISTED_PERIODS)
          .map((period) => [
            escapeMarkdown(formatLocal(period.start, zone)),
            period.end !== null
              ? escapeMarkdown(formatLocal(period.end, zone))
              : 'beyond the horizon',
            `<code>${formatInstant(period.start)}</code>`,
          ]),
      ),
    );
  } else {
    blocks.push(`No open period within the horizon (${Math.round(decision.horizon / 1440)} days).`);
  }
  if (facts.rerunAt) blocks.push(`A re-run is scheduled for ${markdownCode(facts.rerunAt)}.`);
  if (facts.noteUrl) blocks.push(markdownLink('The deployment note', facts.noteUrl));
  for (const warning of decision.warnings) {
    blocks.push(`> [!WARNING]\n${markdownQuote(warning)}`);
  }
  return `${blocks.join('\n\n')}\n`;
}
