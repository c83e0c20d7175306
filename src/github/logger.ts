// The gate's log on a GitHub runner: plain lines, warning/error annotations, ::group::.
import * as core from '@actions/core';
import type { GateLogger } from '../gate/types.js';

export const actionsLogger: GateLogger = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  error: (line) => core.error(line),
  group: (title, body) => core.group(title, body),
};
