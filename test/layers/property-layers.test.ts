// Policy layers against a minute-by-minute reference: for random pairs and triples of layers
// (random windows in random zones, near DST changes), the layered decision is the intersection
// of the layers' own decisions: allowed, nextOpen with the runway, closesAt, each layer's verdict.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideLayers } from '../../src/core/decide.js';
import type { PolicyLayer } from '../../src/core/layers.js';
import { layeredTimeline } from '../../src/core/timeline.js';
import type { Config, Schedule } from '../../src/core/types.js';
import { config } from '../core/engine-builders.js';
import {
  cronSchedule,
  datesSchedule,
  decisionQuery,
  nextMinutes,
  onceSchedule,
  queryInstant,
  timeSchedule,
  weeklySchedule,
  windowNear,
} from '../support/arbitraries.js';
import { referenceOpenPeriods } from '../support/reference.js';
import { referenceDecideLayers, referenceLayeredTable } from '../support/reference-layers.js';

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kolkata',
];

/** Instants at which clocks change (and one ordinary one), with the zone that changes. */
const ANCHORS: [zone: string, instant: number][] = [
  ['America/New_York', Date.parse('2026-03-08T07:00:00Z')],
  ['America/New_York', Date.parse('2026-11-01T06:00:00Z')],
  ['Europe/Berlin', Date.parse('2026-03-29T01:00:00Z')],
  ['Europe/Berlin', Date.parse('2026-10-25T01:00:00Z')],
  ['Australia/Sydney', Date.parse('2026-04-04T16:00:00Z')],
  ['Australia/Lord_Howe', Date.parse('2026-10-03T15:30:00Z')],
  ['America/Santiago', Date.parse('2024-09-08T04:00:00Z')],
  ['UTC', Date.parse('2026-12-24T12:00:00Z')],
];

// The hours around midnight are where these zones change their clocks.

const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  timeSchedule,
  weeklySchedule,
  cronSchedule(),
  // Filled in relative to the query's day by materialize.
  datesSchedule(-2, 6, 2),
  onceSchedule(-2, 6),
);

const windowSpec = fc.record({
  schedule,
  deny: fc.boolean(),
  /** null: the zone whose clocks change near the query. */
  zone: fc.option(fc.constantFrom(...ZONES), { nil: null, freq: 2 }),
  environments: fc.constantFrom<string[] | null>(null, null, ['production'], ['staging']),
  from: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null, freq: 4 }),
  until: fc.option(fc.integer({ min: -1, max: 5 }), { nil: null, freq: 4 }),
});

const layerSpec = fc.array(windowSpec, { minLength: 0, maxLength: 3 });

const query = fc.record({
  anchor: fc.constantFrom(...ANCHORS),
  shift: fc.oneof(fc.integer({ min: -3 * 1440, max: 1440 }), fc.integer({ min: -120, max: 120 })),
  minDuration: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
  horizonDays: fc.integer({ min: 2, max: 5 }),
  layers: fc.array(layerSpec, { minLength: 2, maxLength: 3 }),
});

type Query = typeof query extends fc.Arbitrary<infer T> ? T : never;

/** The query's instant and layers (outermost first; names reused across layers on purpose). */
function build(q: Query): { at: number; layers: PolicyLayer[] } {
  const [anchorZone, anchorInstant] = q.anchor;
  const { at, base } = queryInstant(anchorInstant, q.shift);
  const layers = q.layers.map((specs, index): PolicyLayer => {
    const windows = specs.map((spec, w) => windowNear(`w${w}`, spec, base, anchorZone));
    const own = index === q.layers.length - 1;
    const source = own ? 'deploy-windows.yml' : `github>acme/policy:layer${index}.yml#v1`;
    return { source, config: config(windows, { file: source, message: `layer ${index}` }) };
  });
  return { at, layers };
}

const configs = (layers: readonly PolicyLayer[]): Config[] => layers.map((layer) => layer.config);

describe('layers agree with the minute-by-minute intersection of their own decisions', () => {
  it('allowed, nextOpen (with the runway), closesAt and each layer verdict, near DST changes', () => {
    fc.assert(
      fc.property(query, (q) => {
        const { at, layers } = build(q);
        const horizon = q.horizonDays * 1440;
        const decision = decideLayers(layers, decisionQuery(at, q));
        const expected = referenceDecideLayers(
          configs(layers),
          'production',
          at,
          q.minDuration,
          horizon,
        );
        expect({
          allowed: decision.allowed,
          closesAt: decision.closesAt,
          nextOpen: decision.nextOpen,
          layers: decision.layers?.map((layer) => layer.allowed),
        }).toEqual(expected);
        // Allowed exactly when every layer allows on its own (the runway included).
        expect(decision.allowed).toBe(expected.layers.every(Boolean));
      }),
      { numRuns: 150 },
    );
  });

  it('on every open period of the next days (the windows listing)', () => {
    fc.assert(
      fc.property(query, (q) => {
        const { at, layers } = build(q);
        const minutes = q.horizonDays * 1440;
        const open = layeredTimeline(layers, nextMinutes(at, minutes)).open;
        const table = referenceLayeredTable(configs(layers), 'production', at, minutes);
        expect(open).toEqual(referenceOpenPeriods(table, at));
      }),
      { numRuns: 80 },
    );
  });
});
