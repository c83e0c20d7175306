// previewDiffMarkdown splices the base's config error into the comment with
// String.prototype.replace(string, string): `$&`, `$'` and `` $` `` in the replacement are
// substitution patterns, so text from the base's config rewrites the comment.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { diffPolicies } from '../../src/core/diff.js';
import { previewDiffMarkdown } from '../../src/core/render/preview.js';
import type { Config } from '../../src/core/types.js';

const HEAD = `version: 1
timezone: UTC
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

const FACTS = {
  change: 'pull request',
  base: 'ba5e000000000000000000000000000000000001',
  head: 'feed000000000000000000000000000000000001',
  files: ['.github/deploy-windows.yml'],
};

function head(): Config {
  const result = loadConfig(HEAD, { file: 'deploy-windows.yml' });
  if (!result.ok) throw new Error('head config invalid');
  return result.config;
}

/** The base policy is invalid; its error quotes a value of its own. */
function baseErrors(zone: string) {
  // A function replacement: a string one would read `$&` in the zone as a pattern too.
  const result = loadConfig(
    HEAD.replace('timezone: UTC', () => `timezone: "${zone}"`),
    {
      file: 'deploy-windows.yml',
    },
  );
  if (result.ok) throw new Error('base config should be invalid');
  return result.errors;
}

function comment(zone: string): string {
  const diff = diffPolicies(head(), head(), {
    environments: ['production'],
    from: Date.parse('2026-11-23T00:00:00Z'),
    days: 7,
  });
  return previewDiffMarkdown(diff, FACTS, baseErrors(zone), 65_536);
}

describe('the preview note about an unusable base policy', () => {
  it('a base error holding $& adds no heading of its own', () => {
    const body = comment('Europe/PWNED $& x');
    // Today: `Europe/PWNED \### Deploy window changes` + a blank line + `amp; x"; ...`: the
    // matched heading and its blank line are pasted in, ending the note's paragraph.
    expect(body).not.toMatch(/PWNED \\#+ Deploy window changes/);
    expect(body).toContain('PWNED \\$\\& x');
  });

  it("a base error holding $' does not copy the rest of the comment into itself", () => {
    const plain = comment('Europe/PWNED x');
    const body = comment("Europe/PWNED $' x");
    // Today $' pastes the whole rest of the comment (headings, table, chart) into the note.
    expect(body.match(/```mermaid/g)?.length).toBe(1);
    expect(body.length).toBeLessThan(plain.length + 20);
    expect(body).toContain("PWNED \\$' x");
  });
});
