// The job summary (GITHUB_STEP_SUMMARY): the decision and the next open periods, always.
import { summary } from '@actions/core';
import { formatIssue } from '../core/config/format.js';
import { environmentLabel, explainReason } from '../core/render/describe.js';
import { formatInZone, formatLocal } from '../core/render/zone-time.js';
import type { Decision } from '../core/types.js';
import type { GateMode, GateResult } from '../gate/types.js';

export interface SummaryFacts {
  mode: GateMode;
  /** The comment written or updated, if any. */
  noteUrl: string | null;
  /** The re-run recorded for the opening, if any (ISO instant). */
  rerunAt: string | null;
}

function verdict(decision: Decision, result: GateResult, mode: GateMode): string {
  if (result.cancelled) return '⏹️ Blocked: the wait was cancelled';
  if (decision.exempt)
    return `✅ Allowed: exempt${decision.exemptBy ? ` (${decision.exemptBy})` : ''}`;
  if (decision.allowed) return '✅ Allowed';
  return mode === 'warn' ? '⚠️ Blocked (mode warn: the job continues)' : '⛔ Deployment is blocked';
}

/** core.summary writes HTML (tables, headings), where Markdown escapes would show literally. */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function instantCell(iso: string | null, zone: string): string {
  return iso ? `${html(formatInZone(iso, zone))}<br><code>${iso}</code>` : '-';
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '-' : list.map(html).join(', ');
}

/** The summary as Markdown/HTML (built with core.summary, returned as text). */
export function buildSummary(result: GateResult, facts: SummaryFacts): string {
  summary.emptyBuffer();
  const decision = result.decision;
  if (!decision) {
    summary
      .addHeading('deploy-window: invalid config', 2)
      .addRaw(
        '<p>The window config is invalid, so the gate stays closed (in every mode).</p>',
        true,
      )
      .addList(result.errors.map((issue) => html(formatIssue(issue))));
    const text = summary.stringify();
    summary.emptyBuffer();
    return text;
  }
  const zone = decision.timezone;
  summary
    .addHeading(`deploy-window: ${html(environmentLabel(decision.environment))}`, 2)
    .addRaw(`<p><strong>${html(verdict(decision, result, facts.mode))}</strong></p>`, true)
    .addTable([
      ['Why', html(`${explainReason(decision, (name) => `"${name}"`)}`)],
      ['Reason', `<code>${decision.reason}</code>`],
      ['Decided at', instantCell(decision.at, zone)],
      ['Active windows', names(decision.activeWindows)],
      ['Blocking windows', names(decision.blockingWindows)],
      ['Closes at', instantCell(decision.closesAt, zone)],
      ['Next open', instantCell(decision.nextOpen, zone)],
      ['Time zone', html(zone)],
      ...(decision.minDuration > 0 ? [['Runway', `${decision.minDuration} min`]] : []),
      ...(decision.exemptBy ? [['Exempt by', html(decision.exemptBy)]] : []),
    ]);
  if (decision.message) summary.addQuote(html(decision.message));
  if (decision.upcoming.length > 0) {
    summary.addHeading(`Next open periods (${html(zone)})`, 3).addTable([
      [
        { data: 'Opens', header: true },
        { data: 'Closes', header: true },
        { data: 'Opens (UTC)', header: true },
      ],
      ...decision.upcoming.map((period) => [
        html(formatLocal(period.start, zone)),
        period.end ? html(formatLocal(period.end, zone)) : 'beyond the horizon',
        `<code>${period.start}</code>`,
      ]),
    ]);
  } else {
    summary.addRaw(
      `<p>No open period within the horizon (${Math.round(decision.horizon / 1440)} days).</p>`,
      true,
    );
  }
  if (facts.rerunAt) {
    summary.addRaw(`<p>A re-run is scheduled for <code>${facts.rerunAt}</code>.</p>`, true);
  }
  if (facts.noteUrl) summary.addLink('The deployment note', facts.noteUrl).addBreak();
  for (const warning of decision.warnings) summary.addRaw(`<p>⚠️ ${html(warning)}</p>`, true);
  const text = summary.stringify();
  summary.emptyBuffer();
  return text;
}
