// One fake (a server, a harness) for each test: started before and closed after each test of the
// file or `describe` that asks for it, and reached through one stable name.
import { afterEach, beforeEach } from 'vitest';

/**
 * Starts `start()` before each test, hands it to `setUp`, and closes it after the test. What it
 * returns stands for the instance of the test that is running: call it only inside a test (or a
 * hook of the same block).
 */
export function perTest<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  setUp: (started: T) => void = () => {},
): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await start();
    setUp(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const running = (): T => {
    if (!current) throw new Error('used outside a test: it is started before each test only');
    return current;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(running(), key),
    set: (_, key, value) => Reflect.set(running(), key, value),
  });
}
