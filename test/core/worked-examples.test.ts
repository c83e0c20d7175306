// The hand-worked decisions of worked-examples.yml (the repository's own data), checked through
// loadConfig and again on the same config built by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { parseDuration } from '../../src/core/duration.js';
import type { Config } from '../../src/core/types.js';
import { workedExamplesConfig } from './worked-examples-config.js';

interface WorkedQuery {
  environment: string | null;
  at: string;
  minDuration?: string | number;
  horizon?: string | number;
  expect: { allowed: boolean; closesAt: string | null; nextOpen: string | null };
  why: string;
}

const examples = parse(readFileSync(new URL('./worked-examples.yml', import.meta.url), 'utf8')) as {
  config: unknown;
  queries: WorkedQuery[];
};

const instant = (text: string | null) => (text === null ? null : Date.parse(text));

function checkAll(config: Config) {
  for (const query of examples.queries) {
    it(`${query.environment} at ${query.at}: ${query.why}`, () => {
      const decision = decide(config, {
        environment: query.environment,
        at: Date.parse(query.at),
        minDuration: query.minDuration === undefined ? 0 : (parseDuration(query.minDuration) ?? 0),
        horizon: query.horizon === undefined ? undefined : (parseDuration(query.horizon) ?? 0),
      });
      expect({
        allowed: decision.allowed,
        closesAt: decision.closesAt,
        nextOpen: decision.nextOpen,
      }).toEqual({
        allowed: query.expect.allowed,
        closesAt: instant(query.expect.closesAt),
        nextOpen: instant(query.expect.nextOpen),
      });
    });
  }
}

describe('worked examples (config read by loadConfig)', () => {
  const loaded = loadConfig(stringify(examples.config), { file: 'worked-examples.yml' });
  it('loads the example config', () => expect(loaded.ok).toBe(true));
  if (loaded.ok) checkAll(loaded.config);
});

describe('worked examples (the same config built by hand: the engine alone)', () => {
  it('has queries to check', () => expect(examples.queries.length).toBeGreaterThan(5));
  checkAll(workedExamplesConfig);
});
