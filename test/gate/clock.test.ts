// The real clock's sleep (src/gate/clock.ts) under fake timers: a wait longer than one timer can
// hold (2^31-1 ms, 24.8 days) still ends when it should, and a signal cuts any wait short.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/gate/clock.js';

const DAY_MS = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Whether the sleep has ended yet, and how. */
function watch(sleep: Promise<boolean>): { ended: boolean | null } {
  const state: { ended: boolean | null } = { ended: null };
  void sleep.then((value) => {
    state.ended = value;
  });
  return state;
}

describe('systemClock.sleep', () => {
  it('sleeps 25 days, not 1 ms (a single timer fires at once past 24.8 days)', async () => {
    const sleep = watch(systemClock.sleep(25 * DAY_MS));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sleep.ended).toBeNull();
    await vi.advanceTimersByTimeAsync(25 * DAY_MS - 2000);
    expect(sleep.ended).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sleep.ended).toBe(true);
  });

  it('ends a long sleep early, with false, when its signal aborts', async () => {
    const controller = new AbortController();
    const sleep = watch(systemClock.sleep(30 * DAY_MS, controller.signal));
    await vi.advanceTimersByTimeAsync(26 * DAY_MS);
    expect(sleep.ended).toBeNull();
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.ended).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a short sleep ends on time', async () => {
    const sleep = watch(systemClock.sleep(250));
    await vi.advanceTimersByTimeAsync(249);
    expect(sleep.ended).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.ended).toBe(true);
  });
});
