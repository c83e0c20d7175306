// rrule.js, the independent reference the engine's RRULE expander is tested against. It ships
// CommonJS (`main`) and ES modules (`module`) without an `exports` map, so Node's ESM loader
// sees only `default` while bundlers pick the ES build: take RRule from wherever it is.
import * as rrulePackage from 'rrule';

type RRuleClass = typeof rrulePackage.RRule;
const loaded = rrulePackage as unknown as { RRule?: RRuleClass; default?: { RRule?: RRuleClass } };

export const RRule = (loaded.RRule ?? loaded.default?.RRule) as RRuleClass;
