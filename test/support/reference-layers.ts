// The brute-force reference for policy layers, independent of src/core: each layer's own
// minute-by-minute table (test/support/reference.ts), ANDed minute by minute, and the decision
// read off the combined table the way docs/engine.md, "How a decision is made", defines it.
import type { Config } from '../../src/core/types.js';
import {
  type ReferenceAnswer,
  readDecision,
  referenceDecide,
  referenceTable,
} from './reference.js';

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
