import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decide } from '../../src/core/decide.js';
import { parseDuration } from '../../src/core/duration.js';
import type { Config } from '../../src/core/types.js';
import { workedExamplesConfig } from './worked-examples-config.js';

const here = dirname(fileURLToPath(import.meta.url));
const examplesPath = resolve(here, '../../../shared/spec/worked-examples.yml');

interface WorkedQuery {
  environment: string | null;
  at: string;
  minDuration?: string | number;
  horizon?: string | number;
  expect: { allowed: boolean; closesAt: string | null; nextOpen: string | null };
  why: string;
}

const examples = parse(readFileSync(examplesPath, 'utf8')) as { queries: WorkedQuery[] };

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

describe('worked examples (config built by hand)', () => {
  it('has queries to check', () => expect(examples.queries.length).toBeGreaterThan(5));
  checkAll(workedExamplesConfig);
});
