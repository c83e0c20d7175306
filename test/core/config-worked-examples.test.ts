// The worked examples of the spec, end to end from YAML: loadConfig's model must drive the
// engine to the hand-worked decisions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssue } from '../../src/core/config/format.js';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { parseDuration } from '../../src/core/duration.js';

interface WorkedQuery {
  environment: string;
  at: string;
  minDuration?: string;
  expect: { allowed: boolean; closesAt: string | null; nextOpen: string | null };
  why: string;
}

const worked = parse(readFileSync('/work/shared/spec/worked-examples.yml', 'utf8')) as {
  config: unknown;
  queries: WorkedQuery[];
};

describe('worked examples, loaded from YAML', () => {
  const result = loadConfig(stringify(worked.config), { file: 'worked-examples.yml' });
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  const { config } = result;

  it.each(worked.queries.map((query) => [query.why, query] as const))('%s', (_, query) => {
    const decision = decide(config, {
      environment: query.environment,
      at: Date.parse(query.at),
      minDuration: query.minDuration ? (parseDuration(query.minDuration) ?? 0) : 0,
    });
    const instant = (value: string | null) => (value === null ? null : Date.parse(value));
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
});
