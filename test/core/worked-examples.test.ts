import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { parseDuration } from '../../src/core/duration.js';
import type { Config } from '../../src/core/types.js';
import { workedExamplesConfig } from './worked-examples-config.js';

const here = dirname(fileURLToPath(import.meta.url));
// The shared spec beside the checkout when it is there; else the copy kept in the repo.
const sharedPath = resolve(here, '../../../shared/spec/worked-examples.yml');
const repoCopyPath = resolve(here, 'worked-examples.yml');
const examplesPath = existsSync(sharedPath) ? sharedPath : repoCopyPath;

interface WorkedQuery {
  environment: string | null;
  at: string;
  minDuration?: string | number;
  horizon?: string | number;
  expect: { allowed: boolean; closesAt: string | null; nextOpen: string | null };
  why: string;
}

const examples = parse(readFileSync(examplesPath, 'utf8')) as {
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
        closesAt: instant(decision.closesAt),
        nextOpen: instant(decision.nextOpen),
      }).toEqual({
        allowed: query.expect.allowed,
        closesAt: instant(query.expect.closesAt),
        nextOpen: instant(query.expect.nextOpen),
      });
    });
  }
}

describe.skipIf(!existsSync(sharedPath))('the repo copy of the worked examples', () => {
  it('is the same as the shared spec', () => {
    expect(readFileSync(repoCopyPath, 'utf8')).toBe(readFileSync(sharedPath, 'utf8'));
  });
});

describe('worked examples (config read by loadConfig)', () => {
  const loaded = loadConfig(stringify(examples.config), { file: 'worked-examples.yml' });
  it('loads the example config', () => expect(loaded.ok).toBe(true));
  if (loaded.ok) checkAll(loaded.config);
});

describe('worked examples (the same config built by hand: the engine alone)', () => {
  it('has queries to check', () => expect(examples.queries.length).toBeGreaterThan(5));
  checkAll(workedExamplesConfig);
});
