// The public surface of the pure core. Adapters import from here.

export { formatIssue } from './config/format.js';
export { loadConfig } from './config/load.js';
export { decide } from './decide.js';
export { formatDuration, parseDuration } from './duration.js';
export { exemptDecision, isExemptUser } from './exempt.js';
export { localToInstant } from './time/resolve.js';
export { timeline } from './timeline.js';
export type * from './types.js';
