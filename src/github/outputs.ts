// The step outputs (named as docs/github-action.md, "Outputs", lists them), written to
// GITHUB_OUTPUT in the runner's multi-line format, the same one @actions/core uses.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { orderedDecision } from '../core/render/json.js';
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

export function outputsOf(result: GateResult): ActionOutputs {
  const decision = result.decision;
  return {
    allowed: String(decision?.allowed ?? false),
    reason: decision?.reason ?? '',
    exempt: String(decision?.exempt ?? false),
    'next-open': decision?.nextOpen ?? '',
    'closes-at': decision?.closesAt ?? '',
    'active-windows': decision?.activeWindows.join(',') ?? '',
    decision: decision ? JSON.stringify(orderedDecision(decision)) : '',
    'comment-url': result.noteUrl ?? '',
  };
}

export function writeOutputs(file: string, outputs: Record<string, string>): void {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    let delimiter = `ghadelimiter_${randomUUID()}`;
    while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text, 'utf8');
}
