// The in-process part of `npm run bench`: engine throughput, bundled by scripts/bench.mjs.
// Prints one JSON object on stdout. `bench.js configs DIR` writes the configs the cold-start
// measurements use into DIR instead (one source for both).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config/load.js';
import { decide } from '../src/core/decide.js';
import { formatInstant } from '../src/core/time/instant.js';
import type { Config } from '../src/core/types.js';
import { COLD_START_CONFIGS, DENSE_DENY_CONFIG, MIXED_CONFIG } from './configs.js';
import { benchHostile, worstOf } from './hostile.js';
import { benchLayers } from './layers.js';

if (process.argv[2] === 'configs') {
  const dir = process.argv[3] ?? '.';
  for (const [name, text] of Object.entries(COLD_START_CONFIGS)) {
    writeFileSync(join(dir, name), text);
  }
  process.exit(0);
}

function load(text: string, file: string): Config {
  const result = loadConfig(text, { file });
  if (!result.ok) {
    throw new Error(
      result.errors
        .map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`)
        .join('\n'),
    );
  }
  return result.config;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ENVIRONMENTS = ['production', 'staging', 'prod-eu-1', 'canary', 'db', 'pilot', null];
const START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

/** Decisions per second at instants spread over a year (incl. nextOpen/closesAt/upcoming). */
function decisionsPerSecond(config: Config, seconds: number): { rate: number; count: number } {
  let count = 0;
  // Warm-up: JIT and per-config caches, as in a long-running process.
  for (let i = 0; i < 50; i++)
    decide(config, { environment: 'production', at: START + i * 3_600_000 });
  const began = performance.now();
  const deadline = began + seconds * 1000;
  let seed = 1;
  while (performance.now() < deadline) {
    for (let i = 0; i < 20; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const at = START + (seed % YEAR_MS);
      decide(config, { environment: ENVIRONMENTS[count % ENVIRONMENTS.length] ?? null, at });
      count++;
    }
  }
  return { rate: (count / (performance.now() - began)) * 1000, count };
}

/** Milliseconds per decision whose nextOpen is ~11 months out through dense deny windows. */
function yearLongSearch(
  config: Config,
  runs: number,
): { medianMs: number; nextOpen: string | null } {
  const times: number[] = [];
  let nextOpen: string | null = null;
  for (let i = 0; i < runs; i++) {
    const at = Date.parse('2026-12-01T09:15:00Z') + i * 60_000;
    const began = performance.now();
    const decision = decide(config, { environment: 'production', at });
    times.push(performance.now() - began);
    nextOpen = formatInstant(decision.nextOpen);
  }
  return { medianMs: median(times), nextOpen };
}

const loadBegan = performance.now();
const mixed = load(MIXED_CONFIG, 'bench/mixed.yml');
const loadMs = performance.now() - loadBegan;
const dense = load(DENSE_DENY_CONFIG, 'bench/dense.yml');

const throughput = decisionsPerSecond(mixed, 3);
const search = yearLongSearch(dense, 15);
const layers = benchLayers(2);

// No top-level await: ncc bundles this as a script.
void benchHostile().then((hostile) => {
  process.stdout.write(
    `${JSON.stringify({
      mixedWindows: mixed.windows.length,
      loadMixedMs: loadMs,
      decisionsPerSecond: throughput.rate,
      decisions: throughput.count,
      yearSearchMs: search.medianMs,
      yearSearchNextOpen: search.nextOpen,
      threeLayersPerSecond: layers.threeLayersPerSecond,
      threeLayerCostRatio: layers.threeLayerCostRatio,
      hostile,
      hostileWorst: worstOf(hostile),
    })}\n`,
  );
});
