// What the re-run scheduler tests share (docs/rerun.md, "What the scheduler does, per pending
// re-run"): overlapping scheduler runs, and the summary a run writes.
import { expect } from 'vitest';
import type { Clock } from '../../src/gate/types.js';
import { type DispatchSummary, runDispatch } from '../../src/github/rerun/index.js';
import type { Harness } from '../github/rerun-fixtures.js';

/** Two scheduler runs at once on `clock` (runs `first` and `second`): they fire one dispatch. */
export async function expectOneDispatchFromTwoSchedulers(
  h: Harness,
  clock: Clock,
  [first, second]: [string, string],
): Promise<void> {
  const [a, b] = await Promise.all([
    runDispatch(h.dispatchContext(clock, { env: { ...h.env, GITHUB_RUN_ID: first } })),
    runDispatch(h.dispatchContext(clock, { env: { ...h.env, GITHUB_RUN_ID: second } })),
  ]);
  expect(h.github.dispatches).toHaveLength(1);
  expect(a.dispatched + b.dispatched).toBe(1);
}

/** A scheduler run's summary of `items`: the counts `counts` leaves out are 0; not cancelled. */
export function dispatchSummary(
  items: DispatchSummary['items'],
  counts: Partial<Omit<DispatchSummary, 'items'>> = {},
): DispatchSummary {
  return {
    pending: 0,
    dispatched: 0,
    notDue: 0,
    failed: 0,
    skipped: 0,
    cancelled: false,
    ...counts,
    items,
  };
}
