// The preview comment's text: a policy with many environments stays under the platform's limit
// by leaving whole sections out (never half a chart), names and file names stay text, and the
// comment of a change that no longer touches the policy says so.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { diffPolicies } from '../../src/core/diff.js';
import { PREVIEW_MARKER } from '../../src/core/render/diff.js';
import {
  fitPreviewBody,
  previewDiffMarkdown,
  previewInvalidMarkdown,
  previewUnchangedMarkdown,
} from '../../src/core/render/preview.js';
import type { Config } from '../../src/core/types.js';

function config(text: string): Config {
  const result = loadConfig(text, { file: 'deploy-windows.yml' });
  if (!result.ok) throw new Error(result.errors.map((issue) => issue.message).join('\n'));
  return result.config;
}

/** 40 environments, each open every hour for ten minutes: a long table and chart each. */
function manyEnvironments(minutes: string): Config {
  const windows = Array.from({ length: 40 }, (_, index) =>
    [
      `  - name: w${index}`,
      `    environments: [env-${String(index).padStart(2, '0')}]`,
      `    cron: "0 * * * *"`,
      `    duration: ${minutes}`,
    ].join('\n'),
  );
  return config(`version: 1\ntimezone: UTC\nwindows:\n${windows.join('\n')}\n`);
}

const FACTS = {
  change: 'pull request',
  base: 'ba5e000000000000000000000000000000000001',
  head: 'feed000000000000000000000000000000000001',
  files: ['.github/deploy-windows.yml'],
};
const FROM = Date.parse('2026-11-23T00:00:00Z');

const fences = (text: string) => (text.match(/^```/gm) ?? []).length;

describe('the preview comment', () => {
  it('a diff too long for one comment leaves whole environments out, says how many, keeps the footer', () => {
    const diff = diffPolicies(manyEnvironments('10m'), manyEnvironments('20m'), {
      environments: [],
      from: FROM,
      days: 3,
    });
    const whole = previewDiffMarkdown(diff, FACTS, [], 10_000_000);
    expect(whole.length).toBeGreaterThan(65_536);
    const body = previewDiffMarkdown(diff, FACTS, [], 65_536);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(`${PREVIEW_MARKER}\n### Deploy window changes`)).toBe(true);
    expect(fences(body) % 2).toBe(0);
    const kept = (body.match(/^#### env-/gm) ?? []).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
    expect(body).toContain(`… ${40 - kept} of 40 sections left out`);
    expect(body.trimEnd().endsWith('`.github/deploy-windows.yml`.</sub>')).toBe(true);
  });

  it('text without sections is cut at the limit, never inside a code fence', () => {
    const text = `head\n\`\`\`mermaid\n${'x\n'.repeat(500)}\`\`\`\n${'y'.repeat(500)}`;
    const cut = fitPreviewBody(text, 600);
    expect(cut.length).toBeLessThanOrEqual(600);
    expect(fences(cut) % 2).toBe(0);
    expect(cut).toMatch(/clipped at the limit of 600 characters\)$/);
  });

  it('file names, errors and shas from the change are text, not markup', () => {
    const facts = { ...FACTS, head: 'main', files: ['cal/`x`.ics', 'cal/<b>.ics'] };
    const body = previewInvalidMarkdown(
      [
        {
          file: 'a.yml',
          line: 1,
          column: 1,
          path: 'windows[0]',
          message: '[x](javascript:1) @all',
        },
      ],
      facts,
      65_536,
    );
    expect(body).toContain('\\[x\\](javascript:1) @\u200Dall');
    expect(body).toContain('cal/\\`x\\`.ics');
    expect(body).toContain('`cal/<b>.ics`');
    expect(body).not.toContain('[x](');
  });

  it('a change that no longer touches the policy: the marker and one sentence', () => {
    const body = previewUnchangedMarkdown({ ...FACTS, change: 'merge request' });
    expect(body.startsWith(`${PREVIEW_MARKER}\n### Deploy window changes\n\n`)).toBe(true);
    expect(body).toContain('This merge request no longer changes the deploy window policy.');
    expect(body).not.toContain('policy files changed');
  });
});
