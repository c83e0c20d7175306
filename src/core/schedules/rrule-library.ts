// rrule ships CommonJS (`main`) and ES modules (`module`) without an `exports` map. Node's ESM
// loader sees only `default` (module.exports); bundlers (ncc/webpack) pick the ES build, which
// has named exports and no default. Take RRule from wherever this loader put it.
import * as rrulePackage from 'rrule';

type RRuleClass = typeof rrulePackage.RRule;
const loaded = rrulePackage as unknown as { RRule?: RRuleClass; default?: { RRule?: RRuleClass } };

export const RRule = (loaded.RRule ?? loaded.default?.RRule) as RRuleClass;
