// How the GitHub client paces writes (docs/github-action.md, "Write pacing"): a gate's handful
// goes out at once; a longer run is held to one write per interval. The pacing's heartbeat
// (setInterval) is faked, so nothing here waits for an interval for real.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/github/client.js';

const API = 'https://ghes.example/api/v3';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  vi.useRealTimers();
  nock.cleanAll();
  nock.enableNetConnect();
});

/**
 * Real time for the requests' I/O (setTimeout is not faked): until `done`, at most `ms`. With
 * the throttling plugin's own pacing (a second between any two writes) a burst misses 900 ms.
 */
async function io(ms: number, done: () => boolean = () => false): Promise<void> {
  for (let waited = 0; waited < ms && !done(); waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `count` commit statuses written at once; counts what the API received and what resolved. */
function statusWrites(options: Parameters<typeof createClient>[1], count: number) {
  const seen = { received: 0, resolved: 0 };
  nock(API)
    .post(/^\/api\/v3\/repos\/acme\/app\/statuses\/sha\d+$/)
    .times(count)
    .reply(() => {
      seen.received += 1;
      return [201, {}];
    });
  const client = createClient('t0ken', options);
  const all = Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.rest.repos
        .createCommitStatus({ owner: 'acme', repo: 'app', sha: `sha${i}`, state: 'success' })
        .then(() => {
          seen.resolved += 1;
        }),
    ),
  );
  return { seen, all };
}

describe('write pacing', () => {
  it('sends a burst of writes at once, then holds the rest to the interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { seen, all } = statusWrites(
      { baseUrl: API, log: { warning: () => {} }, writePacing: { burst: 3, intervalMs: 1 } },
      4,
    );
    await io(900, () => seen.resolved === 3);
    await io(100);
    expect(seen).toEqual({ received: 3, resolved: 3 });

    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(seen).toEqual({ received: 4, resolved: 4 });
  });

  it('by default ten writes (more than a gate makes) go out without waiting', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { seen, all } = statusWrites({ baseUrl: API, log: { warning: () => {} } }, 11);
    // The eleventh waits for GitHub's one second between writes; it is not waited for here.
    all.catch(() => {});
    await io(900, () => seen.resolved === 10);
    await io(100);
    expect(seen).toEqual({ received: 10, resolved: 10 });
  });
});
