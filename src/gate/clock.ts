import type { Clock } from './types.js';

/** The longest delay one timer holds: Node fires a longer one after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The real clock: wall time, and a sleep that a cancelled job's signal cuts short. A sleep
 * past 24.8 days (a re-run `lookahead` may be 3660 days) is a chain of timers.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<boolean>((resolve) => {
      if (signal?.aborted) {
        resolve(false);
        return;
      }
      let remaining = Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout>;
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const wait = () => {
        const step = Math.min(remaining, MAX_TIMER_MS);
        timer = setTimeout(() => {
          remaining -= step;
          if (remaining > 0) {
            wait();
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        }, step);
      };
      wait();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
