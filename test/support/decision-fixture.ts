// The one Decision tests start from when they render or react to a decision: production
// blocked on Fri 27 Nov 2026 10:00 Berlin, outside core hours, next open Tue 1 Dec 10:00 (a
// case of test/core/worked-examples.yml). Each test overrides what it is about.
import type { Decision } from '../../src/core/types.js';

export function decisionFixture(overrides: Partial<Decision> = {}): Decision {
  return {
    allowed: false,
    reason: 'outside-allow-window',
    environment: 'production',
    at: Date.parse('2026-11-27T09:00:00.000Z'),
    activeWindows: [],
    blockingWindows: [],
    closesAt: null,
    nextOpen: Date.parse('2026-12-01T09:00:00.000Z'),
    message: 'Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release',
    warnings: [],
    exempt: false,
    exemptBy: null,
    timezone: 'Europe/Berlin',
    minDuration: 0,
    horizon: 527040,
    upcoming: [
      {
        start: Date.parse('2026-12-01T09:00:00.000Z'),
        end: Date.parse('2026-12-01T15:00:00.000Z'),
      },
      {
        start: Date.parse('2026-12-02T09:00:00.000Z'),
        end: Date.parse('2026-12-02T15:00:00.000Z'),
      },
    ],
    ...overrides,
  };
}
