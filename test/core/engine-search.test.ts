// Searches that cover the whole horizon must end there with an answer, never hang.
// (Speed is measured by `npm run bench`, not asserted here.)
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { denseDenyConfig } from './engine-fixtures.js';

describe('a year-long search', () => {
  it('through deny windows that cover every minute ends at the horizon with no opening', () => {
    const decision = decide(denseDenyConfig(), {
      environment: 'production',
      at: Date.parse('2026-11-21T00:00:00Z'),
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('inside-deny-window');
    expect(decision.nextOpen).toBe(null);
    expect(decision.upcoming).toEqual([]);
    expect(decision.warnings.join('\n')).toContain('no open period within the horizon');
  });
});
