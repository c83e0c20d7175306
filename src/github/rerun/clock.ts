import type { Clock } from '../../gate/types.js';

/**
 * A clock that reads `at` now and runs on from there in real time, so `command: dispatch`
 * with the `at` input (dry runs, tests) still moves forward while it waits for an opening.
 */
export function clockStartingAt(base: Clock, at: number): Clock {
  const offset = at - base.now();
  return {
    now: () => base.now() + offset,
    sleep: (ms, signal) => base.sleep(ms, signal),
  };
}
