// The body of the one note per pull request (or commit) and environment (docs/github-action.md,
// "The comment"): the shared Markdown of a decision, plus what only GitHub knows: the extended
// policy that blocked, linked to its file; and for an override, who overrode which windows and
// why (docs/overrides.md), in a note of its own.
import { withBlockingPolicies } from '../core/render/blocking-policies.js';
import { environmentLabel } from '../core/render/describe.js';
import { markdownCode, markdownQuote } from '../core/render/escape.js';
import { type NoteEvent, renderMarkdown } from '../core/render/markdown.js';
import { overrideMarkdown } from '../core/render/override.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision } from '../core/types.js';
import type { NoteFacts } from '../gate/types.js';
import { fitNoteBody } from './comment.js';

export interface NoteBodyFacts extends NoteFacts {
  /** The hidden marker the note is found by again. */
  marker: string;
  /** Markdown naming the extended policies that block (githubBlockingPolicies); null: none. */
  blockingPolicies: string | null;
}

/** The decision's closing line, as every note ends. */
function footer(decision: Decision): string {
  return `<sub>deploy-window decided at \`${formatInstant(decision.at)}\` (reason \`${decision.reason}\`).</sub>`;
}

/** An exempt actor passed outside the windows: the note says who, which windows, why. */
function overrideBody(decision: Decision, marker: string): string {
  const environment = markdownCode(environmentLabel(decision.environment));
  const blocks = [
    marker,
    `### ⚠️ Deployment to ${environment} overrode the deploy window`,
    overrideMarkdown(decision) ?? '',
    ...decision.warnings.map((warning) => `> [!WARNING]\n${markdownQuote(warning)}`),
    footer(decision),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/** The note's Markdown, within GitHub's size limit (a huge config message is clipped). */
export function noteBody(decision: Decision, event: NoteEvent, facts: NoteBodyFacts): string {
  if (decision.override && event === 'allowed') {
    return fitNoteBody(null, () => overrideBody(decision, facts.marker));
  }
  return fitNoteBody(decision.message, (message) => {
    const body = renderMarkdown(
      { ...decision, message },
      {
        event,
        exemptions: facts.exemptions,
        rerunAt: facts.rerunAt,
        marker: facts.marker,
      },
    );
    return event !== 'allowed' && facts.blockingPolicies
      ? withBlockingPolicies(body, facts.blockingPolicies)
      : body;
  });
}

/** An override creates the note when there is none; other allowed runs only update one. */
export function createsNote(decision: Decision, event: NoteEvent): boolean {
  return event !== 'allowed' || Boolean(decision.override);
}
