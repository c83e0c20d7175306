// Re-run scheduling for the GitHub Action (`reschedule: true` and `command: dispatch`).

export { clockStartingAt } from './clock.js';
export { DEFAULT_LOOKAHEAD_MINUTES, runDispatch } from './dispatch.js';
export { recordRerun, retirePendingReruns } from './record.js';
export { rerunRefFromEnv } from './run-facts.js';
export { dispatchSummaryMarkdown } from './summary.js';
export type * from './types.js';
export { DEFAULT_RERUN_ENVIRONMENT, RERUN_TASK } from './types.js';
export {
  checkWorkflowDispatchTrigger,
  inspectRerunWorkflow,
  isWorkflowFileName,
  workflowFileFromRef,
} from './workflow-file.js';
