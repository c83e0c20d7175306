// When the young generation is held (src/node/young-generation.ts): only for a large input, and
// only on V8 13 and later. What holding it does to memory, test/e2e/worst-case-memory.test.ts
// measures on the shipped bundles.
import { describe, expect, it } from 'vitest';
import { holdYoungGenerationFor, LARGE_INPUT_BYTES } from '../../src/node/young-generation.js';

describe('holdYoungGenerationFor', () => {
  it('leaves an ordinary config alone on every V8', () => {
    expect(holdYoungGenerationFor(20 * 1024, '13.6.233.17-node.63')).toBe(false);
    expect(holdYoungGenerationFor(LARGE_INPUT_BYTES - 1, '14.0.1')).toBe(false);
  });

  it('leaves V8 11 and 12 alone (Node 20 and 22), whose young generation stops at 16 MiB', () => {
    expect(holdYoungGenerationFor(1024 * 1024, '11.3.244.8-node.38')).toBe(false);
    expect(holdYoungGenerationFor(1024 * 1024, '12.4.254.21-node.57')).toBe(false);
    expect(holdYoungGenerationFor(1024 * 1024, 'not a version')).toBe(false);
  });
});
