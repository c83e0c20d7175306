// The holiday rule engine (date-holidays-parser) and the moment-timezone it converts with, in
// one module so bundles load them as one lazy chunk, only for configs with `holidays:` (the
// engine itself is holiday-rules.cjs beside the bundles: scripts/build.mjs, SHARED).
export { default as HolidaysParser } from 'date-holidays-parser';
export { default as moment } from 'moment-timezone';
