// The cost of policy layers for `npm run bench`: decisions per second for the 20-window mixed
// config alone, and for the same config under an org policy and a team policy (three layers).
import { loadConfig } from '../src/core/config/load.js';
import { decideLayers } from '../src/core/decide.js';
import type { PolicyLayer } from '../src/core/layers.js';
import type { Config } from '../src/core/types.js';
import { MIXED_CONFIG } from './configs.js';

/** An org's freeze calendar: year-end, public holidays, an incident freeze, weekend nights. */
export const ORG_POLICY = `version: 1
timezone: Europe/Berlin
message: 'Org freeze: ask #sre'
windows:
  - { name: year-end-freeze, kind: deny, environments: ["prod*"], start: "2026-12-18T17:00", end: "2027-01-04T08:00" }
  - { name: public-holidays, kind: deny, dates: [2026-04-03, 2026-04-06, 2026-05-01, 2026-05-14, 2026-05-25, 2026-10-03, 2026-12-25, 2026-12-26] }
  - { name: incident-freeze, kind: deny, start: "2026-09-14T09:00", end: "2026-09-16T18:00" }
  - { name: weekend-nights, kind: deny, weekly: { from: "FR 20:00", to: "MO 06:00" } }
  - { name: us-thanksgiving, kind: deny, timezone: America/New_York, rrule: "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;BYHOUR=0", duration: 2d }
`;

/** A team's own narrower hours and a quarterly freeze. */
export const TEAM_POLICY = `version: 1
timezone: Europe/Berlin
windows:
  - { name: team-hours, time: "08:00-18:00", days: [MO, TU, WE, TH, FR] }
  - { name: quarter-close, kind: deny, rrule: "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3,-2,-1;BYHOUR=0", duration: 1d }
`;

function load(text: string, file: string): Config {
  const result = loadConfig(text, { file });
  if (!result.ok)
    throw new Error(result.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('\n'));
  return result.config;
}

const ENVIRONMENTS = ['production', 'staging', 'prod-eu-1', 'canary', 'db', 'pilot', null];
const START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

/** Decisions per second for `layers`, at pseudo-random instants over a year (same for every run). */
function rate(layers: readonly PolicyLayer[], seconds: number): number {
  for (let i = 0; i < 50; i++) {
    decideLayers(layers, { environment: 'production', at: START + i * 3_600_000 });
  }
  let count = 0;
  let seed = 1;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 20; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const environment = ENVIRONMENTS[count % ENVIRONMENTS.length] ?? null;
      decideLayers(layers, { environment, at: START + (seed % YEAR_MS) });
      count++;
    }
  }
  return (count / (performance.now() - began)) * 1000;
}

export interface LayersBench {
  /** Decisions per second: the mixed config alone. */
  oneLayerPerSecond: number;
  /** Decisions per second: org policy + team policy + the mixed config. */
  threeLayersPerSecond: number;
  /** How many times one decision with three layers costs one with one layer. */
  threeLayerCostRatio: number;
}

/** Measures a decision with three layers next to one, `seconds` each. */
export function benchLayers(seconds = 2): LayersBench {
  const own: PolicyLayer = {
    source: 'bench/mixed.yml',
    config: load(MIXED_CONFIG, 'bench/mixed.yml'),
  };
  const org: PolicyLayer = {
    source: 'github>acme/deploy-policy:org.yml#v3',
    config: load(ORG_POLICY, 'github>acme/deploy-policy:org.yml#v3'),
  };
  const team: PolicyLayer = {
    source: './policy/team.yml',
    config: load(TEAM_POLICY, './policy/team.yml'),
  };
  const oneLayerPerSecond = rate([own], seconds);
  const threeLayersPerSecond = rate([org, team, own], seconds);
  return {
    oneLayerPerSecond,
    threeLayersPerSecond,
    threeLayerCostRatio: oneLayerPerSecond / threeLayersPerSecond,
  };
}
