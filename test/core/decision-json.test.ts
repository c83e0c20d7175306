// The decision JSON is a contract (docs/engine.md, "The decision"): its keys, in order, are
// the fields that page documents, so the code and the page cannot drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { applyOverride } from '../../src/core/override.js';
import { renderJson } from '../../src/core/render/json.js';

function documentedFields(): string[] {
  const page = readFileSync(new URL('../../docs/engine.md', import.meta.url), 'utf8');
  const section = page.slice(page.indexOf('## The decision'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| field |')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) =>
      [...(line.split('|')[1] ?? '').matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1] as string),
    );
}

describe('the decision JSON', () => {
  it('has exactly the documented fields, in the documented order', () => {
    const loaded = loadConfig('version: 1\nwindows:\n  - name: a\n    time: "09:00-17:00"\n', {
      file: 'deploy-windows.yml',
    });
    if (!loaded.ok) throw new Error('config');
    const json = JSON.parse(renderJson(decide(loaded.config, { environment: null, at: 0 })));
    expect(documentedFields().length).toBeGreaterThan(10);
    expect(Object.keys(json)).toEqual(documentedFields());
  });

  it('writes every instant as ISO 8601 UTC with milliseconds and Z', () => {
    const loaded = loadConfig('version: 1\nwindows:\n  - name: a\n    time: "09:00-17:00"\n', {
      file: 'deploy-windows.yml',
    });
    if (!loaded.ok) throw new Error('config');
    const monday = (time: string) => Date.parse(`2026-11-23T${time}Z`);
    const blocked = decide(loaded.config, {
      environment: 'production',
      at: monday('08:30:00'),
      upcomingCount: 1,
    });
    const overridden = applyOverride({
      decision: blocked,
      actor: 'alice',
      exemptBy: 'user:alice',
      layer: 'deploy-windows.yml',
      requireReason: false,
      reason: 'hotfix',
    }).decision;
    expect(JSON.parse(renderJson(overridden))).toMatchObject({
      at: '2026-11-23T08:30:00.000Z',
      closesAt: null,
      nextOpen: '2026-11-23T09:00:00.000Z',
      upcoming: [{ start: '2026-11-23T09:00:00.000Z', end: '2026-11-23T17:00:00.000Z' }],
      override: { actor: 'alice', at: '2026-11-23T08:30:00.000Z' },
    });
    // Open beyond a one-hour horizon: no closing, and the current period's end is null.
    const open = decide(loaded.config, {
      environment: 'production',
      at: monday('10:00:00'),
      horizon: 60,
    });
    expect(JSON.parse(renderJson(open))).toMatchObject({
      at: '2026-11-23T10:00:00.000Z',
      closesAt: null,
      nextOpen: null,
      upcoming: [{ start: '2026-11-23T10:00:00.000Z', end: null }],
      override: null,
    });
    const closing = decide(loaded.config, { environment: 'production', at: monday('16:30:00') });
    expect(JSON.parse(renderJson(closing)).closesAt).toBe('2026-11-23T17:00:00.000Z');
  });
});
