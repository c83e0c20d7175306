// The brute-force reference for policy layers, independent of src/core: each layer's own
// minute-by-minute table (test/support/reference.ts), ANDed minute by minute, and the decision
// read off the combined table the way docs/engine.md, "How a decision is made", defines it.
import type { Config } from '../../src/core/types.js';
import { type ReferenceAnswer, referenceDecide, referenceTable } from './reference.js';

const MINUTE = 60_000;

/** Allowed (true) when every layer allows that minute, for each minute from `at` on. */
export function referenceLayeredTable(
  layers: readonly Config[],
  environment: string | null,
  at: number,
  minutes: number,
): boolean[] {
  const tables = layers.map((layer) => referenceTable(layer, environment, at, minutes));
  return Array.from({ length: minutes }, (_, i) => tables.every((table) => table[i] === true));
}

/** The decision read off a table of allowed minutes: with the runway, within the horizon. */
export function readDecision(
  open: readonly boolean[],
  at: number,
  minDuration: number,
  horizon: number,
): ReferenceAnswer {
  const total = open.length;
  const runFrom = (i: number) => {
    let j = i;
    while (j < total && open[j]) j++;
    return j - i;
  };
  const fits = (i: number) => (minDuration === 0 ? open[i] === true : runFrom(i) >= minDuration);
  if (fits(0)) {
    const close = runFrom(0);
    return {
      allowed: true,
      closesAt: close < horizon ? at + close * MINUTE : null,
      nextOpen: null,
    };
  }
  for (let i = 1; i < horizon; i++) {
    if (fits(i)) return { allowed: false, closesAt: null, nextOpen: at + i * MINUTE };
  }
  return { allowed: false, closesAt: null, nextOpen: null };
}

export interface ReferenceLayeredAnswer extends ReferenceAnswer {
  /** Each layer's own verdict (reference.ts's referenceDecide of that layer alone). */
  layers: boolean[];
}

/** The layered decision: every layer must allow, minute by minute. `at` on a whole minute. */
export function referenceDecideLayers(
  layers: readonly Config[],
  environment: string | null,
  at: number,
  minDuration: number,
  horizon: number,
): ReferenceLayeredAnswer {
  const table = referenceLayeredTable(layers, environment, at, horizon + minDuration);
  return {
    ...readDecision(table, at, minDuration, horizon),
    layers: layers.map(
      (layer) => referenceDecide(layer, environment, at, minDuration, horizon).allowed,
    ),
  };
}
