// Plain-language pieces of a decision shared by the text and Markdown renderers.
import { formatDuration } from '../duration.js';
import type { Decision } from '../types.js';
import { visibleControls } from './escape.js';

export type Verdict = 'ALLOWED' | 'BLOCKED' | 'EXEMPT';

export function verdictOf(decision: Decision): Verdict {
  if (decision.exempt || decision.reason === 'exempt') return 'EXEMPT';
  return decision.allowed ? 'ALLOWED' : 'BLOCKED';
}

/** `production`, or `every environment` when the check named none. */
export function environmentLabel(environment: string | null): string {
  // A dispatch input may hold a line break: it must not start a line (an `ALLOWED:`) of its own.
  return environment === null ? 'every environment' : visibleControls(environment);
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Why the engine decided as it did, with window names passed through `name` (quoting or
 * escaping). For an exempt actor: why everyone else is blocked (or not).
 */
export function explainReason(decision: Decision, name: (window: string) => string): string {
  const windows = (list: readonly string[]) => listOf(list.map(name));
  const plural = (list: readonly string[], word: string) =>
    `${word}${list.length === 1 ? '' : 's'}`;
  switch (decision.reason) {
    case 'no-windows':
      return 'no window applies to this environment';
    case 'inside-allow-window':
      return `inside the allow ${plural(decision.activeWindows, 'window')} ${windows(decision.activeWindows)}`;
    case 'no-allow-windows':
      return 'no allow window applies and no deny window is active';
    case 'outside-allow-window':
      if (decision.activeWindows.length > 0 && decision.minDuration > 0) {
        // Inside an allow window whose open period is shorter than the runway asked for.
        return `inside ${windows(decision.activeWindows)}, but less than the ${formatDuration(decision.minDuration)} runway is left`;
      }
      return 'outside every allow window';
    case 'inside-deny-window':
      return `inside the deny ${plural(decision.blockingWindows, 'window')} ${windows(decision.blockingWindows)}`;
    case 'exempt': {
      if (decision.blockingWindows.length > 0) {
        return `inside the deny ${plural(decision.blockingWindows, 'window')} ${windows(decision.blockingWindows)}, but the actor is exempt`;
      }
      if (decision.nextOpen !== null) {
        return 'outside every allow window, but the actor is exempt';
      }
      if (decision.activeWindows.length > 0) {
        // The windows allow the run anyway (a closing time, no opening).
        return `inside the allow ${plural(decision.activeWindows, 'window')} ${windows(decision.activeWindows)}, and the actor is exempt`;
      }
      return 'the actor is exempt';
    }
  }
}

/** Would this decision block someone who is not exempt? */
export function blocksOthers(decision: Decision): boolean {
  if (decision.reason !== 'exempt') return !decision.allowed;
  return decision.blockingWindows.length > 0 || decision.nextOpen !== null;
}
