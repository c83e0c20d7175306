// The gate every platform runs, and what adapters need around it.
export { systemClock } from './clock.js';
export { formatWait } from './format-wait.js';
export { type InstantParse, parseInstant } from './instant.js';
export { runGate } from './run-gate.js';
export type * from './types.js';
