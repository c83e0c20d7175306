// The decision JSON is a contract (docs/engine.md, "The decision"): its keys, in order, are
// the fields that page documents, so the code and the page cannot drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
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
});
