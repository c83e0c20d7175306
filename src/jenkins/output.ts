// The decision file the deployWindow step reads back (`--output FILE`): the decision JSON
// (`check --format json`) plus the gate's exit status; for an invalid config a file that
// reads as closed and lists the problems. Same shape as the CLI's own --output file.
import { orderedDecision } from '../core/render/json.js';
import type { GateResult } from '../gate/types.js';

export function jenkinsDecisionFile(result: GateResult): Record<string, unknown> {
  if (result.decision) return { ...orderedDecision(result.decision), exitCode: result.exitCode };
  return {
    allowed: false,
    reason: 'invalid-config',
    exitCode: result.exitCode,
    errors: result.errors,
  };
}
