// Holds V8's young generation at its present size while a large config is read, on runtimes
// that would grow it to 64 MiB a semi-space (docs/performance.md, "Memory of large inputs").

/** A config and its calendars at least this large (bytes) hold the young generation. */
export const LARGE_INPUT_BYTES = 256 * 1024;

/**
 * The V8 major version from which the young generation grows to 64 MiB a semi-space (V8 13,
 * Node 24). V8 11 and 12 (Node 20 and 22) stop at 16 MiB, where holding it made the worst
 * configs 15-30% slower for 30-60 MiB less: there it is left alone.
 */
const LARGE_YOUNG_GENERATION_V8 = 13;

let held = false;

/**
 * Before reading `bytes` of config and calendars: on V8 13 and later, with a large input, stops
 * the young generation from growing for the rest of the process (V8 reads the growth factor
 * each time it would grow it; the semi-space sizes are fixed when the process starts). The
 * worst accepted ~1 MiB config then peaks at about 150 MiB on Node 24 instead of 200-250, and
 * decides sooner. Returns whether it is held.
 */
export function holdYoungGenerationFor(
  bytes: number,
  v8Version: string = process.versions.v8,
): boolean {
  if (bytes < LARGE_INPUT_BYTES) return false;
  if (!(Number.parseInt(v8Version, 10) >= LARGE_YOUNG_GENERATION_V8)) return false;
  if (held) return true;
  // Node 24 has process.getBuiltinModule: node:v8 is loaded only here (its first load costs
  // 3-10 ms, which a small config does not pay).
  const v8 = process.getBuiltinModule?.('node:v8') as typeof import('node:v8') | undefined;
  if (!v8) return false;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
  return true;
}
