import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { denseDenyConfig, mixedConfig } from './engine-fixtures.js';

describe('performance (loose bounds; npm run bench measures precisely)', () => {
  it('decides a 20-window config quickly', () => {
    const cfg = mixedConfig();
    const start = Date.parse('2026-06-01T00:00:00Z');
    const envs = ['production', 'prod-eu', 'staging', 'dev'];
    decide(cfg, { environment: 'production', at: start });
    const count = 2000;
    const began = performance.now();
    for (let i = 0; i < count; i++) {
      decide(cfg, {
        environment: envs[i % envs.length] as string,
        at: start + ((i * 7_919_993) % (365 * 86_400_000)),
        minDuration: i % 5 === 0 ? 60 : 0,
      });
    }
    const perSecond = count / ((performance.now() - began) / 1000);
    console.log(`decisions/s: ${Math.round(perSecond)}`);
    expect(perSecond).toBeGreaterThan(1000);
  });

  it('searches a year through dense deny windows quickly', () => {
    // A fresh config: nothing computed before (zone spans aside).
    const cfg = denseDenyConfig();
    const at = Date.parse('2026-11-21T00:00:00Z');
    const began = performance.now();
    const decision = decide(cfg, { environment: 'production', at });
    const ms = performance.now() - began;
    console.log(`year-long nextOpen: ${ms.toFixed(1)} ms`);
    expect(decision.nextOpen).toBe(null);
    expect(ms).toBeLessThan(100);
  });
});
