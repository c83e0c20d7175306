// The step outputs, named as docs/github-action.md ("Outputs") lists them; written to
// GITHUB_OUTPUT by ./workflow-commands.ts.
import { jsonLine, visibleControls } from '../core/render/escape.js';
import { orderedDecision } from '../core/render/json.js';
import { formatInstant } from '../core/time/instant.js';
import type { EpochMs } from '../core/types.js';
import type { GateResult } from '../gate/types.js';

export type ActionOutputs = Record<
  | 'allowed'
  | 'reason'
  | 'exempt'
  | 'next-open'
  | 'closes-at'
  | 'active-windows'
  | 'decision'
  | 'comment-url',
  string
>;

/** An instant as ISO 8601 UTC; '' when there is none. */
function instantOutput(instant: EpochMs | null | undefined): string {
  return instant === null || instant === undefined ? '' : formatInstant(instant);
}

export function outputsOf(result: GateResult): ActionOutputs {
  const decision = result.decision;
  return {
    allowed: String(decision?.allowed ?? false),
    reason: decision?.reason ?? '',
    exempt: String(decision?.exempt ?? false),
    'next-open': instantOutput(decision?.nextOpen),
    'closes-at': instantOutput(decision?.closesAt),
    'active-windows': decision ? visibleControls(decision.activeWindows.join(',')) : '',
    decision: decision ? jsonLine(orderedDecision(decision)) : '',
    'comment-url': result.noteUrl ?? '',
  };
}
