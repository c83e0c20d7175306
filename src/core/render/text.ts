// The decision as a person reads it in a terminal or a CI log. Text from the config may span
// lines: its continuation lines are indented under it. The logger or command that prints this
// escapes it for its log (escape.ts).
import { formatDuration } from '../duration.js';
import { formatInstant } from '../time/instant.js';
import type { Decision, EpochMs } from '../types.js';
import { environmentLabel, explainReason, verdictOf } from './describe.js';
import { labelledLogLines, quotedName } from './escape.js';
import { formatRelative } from './relative-time.js';
import { formatInZone, formatLocal, formatLocalShort } from './zone-time.js';

export interface RenderTextOptions {
  /** Relative times (`in 2 days`) are measured from here; default: the decision's instant. */
  now?: number;
  /** How many upcoming open periods to list; default 3. */
  upcoming?: number;
  /** Extra lines appended as notes (e.g. what the CLI could not check). */
  notes?: string[];
}

const INDENT = '  ';

function instantLines(label: string, instant: EpochMs, zone: string, now: number): string[] {
  const pad = ' '.repeat(label.length + 2);
  return [
    `${label}: ${formatInZone(instant, zone)}`,
    `${pad}${formatInstant(instant)} (UTC), ${formatRelative(instant, now)}`,
  ];
}

function headline(decision: Decision): string {
  const verdict = verdictOf(decision);
  const environment = environmentLabel(decision.environment);
  const when = `${formatLocal(decision.at, decision.timezone)} (${formatInstant(decision.at)})`;
  const runway =
    decision.minDuration > 0 ? ` with ${formatDuration(decision.minDuration)} of runway` : '';
  const by = verdict === 'EXEMPT' && decision.exemptBy ? ` via ${decision.exemptBy}` : '';
  return `${verdict}${by}: deploy to ${environment} at ${when}${runway}`;
}

/** Multi-line text, newline-terminated. */
export function renderText(decision: Decision, options: RenderTextOptions = {}): string {
  const now = options.now ?? decision.at;
  const zone = decision.timezone;
  const horizon = formatDuration(decision.horizon);
  const lines = [headline(decision)];

  lines.push(`Why: ${explainReason(decision, quotedName)} (reason: ${decision.reason})`);
  if (decision.message) lines.push(...labelledLogLines('Message: ', decision.message, 'plain'));

  if (decision.closesAt !== null) {
    lines.push(...instantLines('Closes', decision.closesAt, zone, now));
  } else if (decision.allowed && decision.nextOpen === null) {
    lines.push(`Closes: not within the horizon (${horizon})`);
  }
  if (decision.nextOpen !== null) {
    lines.push(...instantLines('Next open', decision.nextOpen, zone, now));
  } else if (!decision.allowed) {
    lines.push(`Next open: none within the horizon (${horizon})`);
  }

  const periods = decision.upcoming.slice(0, options.upcoming ?? 3);
  if (periods.length > 0) {
    lines.push(`Upcoming open periods (${zone}):`);
    for (const period of periods) {
      const end =
        period.end !== null
          ? formatLocalShort(period.end, zone, period.start)
          : `beyond the horizon (${horizon})`;
      const current = period.start <= decision.at ? ' (current)' : '';
      lines.push(`${INDENT}${formatLocal(period.start, zone)} -> ${end}${current}`);
    }
  }

  for (const warning of decision.warnings) {
    lines.push(...labelledLogLines('Warning: ', warning, 'plain'));
  }
  for (const note of options.notes ?? []) lines.push(...labelledLogLines('Note: ', note, 'plain'));
  return `${lines.join('\n')}\n`;
}
