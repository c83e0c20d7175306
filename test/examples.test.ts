import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../src/core/config/format.js';
import { decide } from '../src/core/decide.js';
import { readConfigFile } from '../src/node/config-file.js';

const examples = readdirSync('examples').filter((name) => /\.ya?ml$/.test(name));

describe('examples/', () => {
  it('has the quick-start config and the documented examples', () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        'deploy-windows.yml',
        'weekend-freeze.yml',
        'gitlab-style-freeze.yml',
        'multi-region.yml',
      ]),
    );
  });

  it.each(examples)('%s loads without errors or warnings', async (name) => {
    const result = await readConfigFile(join('examples', name), process.cwd());
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
    expect(result.warnings.map(formatIssue)).toEqual([]);
    expect(result.config.windows.length).toBeGreaterThan(0);
  });

  it('the quick start allows production Tue-Thu 10:00-16:00 Berlin and blocks the year-end freeze', async () => {
    const result = await readConfigFile('examples/deploy-windows.yml', process.cwd());
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
    const at = (iso: string) =>
      decide(result.config, { environment: 'production', at: Date.parse(iso) });
    // Thursday 2026-11-26 12:00 Berlin (11:00Z): inside business hours.
    expect(at('2026-11-26T11:00:00Z').allowed).toBe(true);
    // Friday 2026-11-27 12:00 Berlin: outside.
    expect(at('2026-11-27T11:00:00Z').allowed).toBe(false);
    // Tuesday 2026-12-22 12:00 Berlin: inside the freeze (Dec 20 - Jan 4), deny wins.
    expect(at('2026-12-22T11:00:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['year-end-freeze'],
    });
    // Tuesday 2027-01-05 12:00 Berlin: the freeze is over.
    expect(at('2027-01-05T11:00:00Z').allowed).toBe(true);
  });
});
