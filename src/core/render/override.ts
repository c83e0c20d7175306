// An override in words, for logs, job summaries, PR/MR notes and build descriptions: who
// overrode which windows and why (docs/overrides.md). The reason is untrusted text: the
// Markdown form escapes it (escape.ts); the plain form is for loggers that escape each line.
import { formatInstant } from '../time/instant.js';
import type { Decision, Override } from '../types.js';
import { environmentLabel, listOf } from './describe.js';
import {
  escapeMarkdown,
  markdownCode,
  markdownQuote,
  quotedName,
  visibleControls,
} from './escape.js';

/** `inside the deny window "freeze"` / `outside every allow window`, names through `name`. */
export function overriddenWindows(decision: Decision, name: (window: string) => string): string {
  const deny = decision.blockingWindows;
  if (deny.length > 0) {
    return `inside the deny window${deny.length === 1 ? '' : 's'} ${listOf(deny.map(name))}`;
  }
  return 'outside every allow window';
}

/** The decision's override, if it has one. */
export function overrideOf(decision: Decision | null | undefined): Override | null {
  return decision?.override ?? null;
}

/**
 * One plain line: `OVERRIDE: alice overrode the deploy window for production (inside the deny
 * window "freeze"; layer deploy-windows.yml), exempt as user:alice. Reason: hotfix`.
 * Null when the decision is no override. Log it through a logger that escapes lines.
 */
export function overrideText(decision: Decision): string | null {
  const override = overrideOf(decision);
  if (!override) return null;
  // Every part is written out on this one line: a line break in a window's name, say, would
  // start a line of its own (an `error:` the CLI never wrote).
  const one = visibleControls;
  const where = overriddenWindows(decision, quotedName);
  const via = decision.exemptBy ? `, exempt as ${one(decision.exemptBy)}` : '';
  const reason = override.reason === null ? 'No reason given.' : `Reason: ${one(override.reason)}`;
  const layers = listOf(override.layers.map(one));
  return `OVERRIDE: ${one(override.actor)} overrode the deploy window for ${one(environmentLabel(decision.environment))} (${where}; layer ${layers})${via}. ${reason}`;
}

/**
 * Markdown for a job summary or a PR/MR note: who, which windows, why (the reason as a
 * blockquote). Null when the decision is no override.
 */
export function overrideMarkdown(decision: Decision): string | null {
  const override = overrideOf(decision);
  if (!override) return null;
  const where = overriddenWindows(decision, (window) => `**${escapeMarkdown(window)}**`);
  const via = decision.exemptBy ? ` (exempt as ${markdownCode(decision.exemptBy)})` : '';
  const layers = listOf(override.layers.map(markdownCode));
  const head = `**Override:** ${escapeMarkdown(override.actor)}${via} overrode the deploy window for ${markdownCode(environmentLabel(decision.environment))}: ${where} of ${layers}, at \`${formatInstant(override.at)}\`.`;
  const reason =
    override.reason === null
      ? 'No reason was given (`exempt.require-reason` is not set).'
      : `Reason:\n\n${markdownQuote(override.reason)}`;
  return `${head}\n\n${reason}`;
}
