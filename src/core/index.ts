// The public surface of the pure core. Adapters import from here.
export { loadConfig } from './config/load.js';
export { formatIssue } from './config/format.js';
export { formatDuration, parseDuration } from './duration.js';
export { decide } from './decide.js';
export { timeline } from './timeline.js';
export { exemptDecision, isExemptUser } from './exempt.js';
export { localToInstant } from './time/resolve.js';
export type * from './types.js';
