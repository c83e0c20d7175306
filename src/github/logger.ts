// The gate's log on a GitHub runner: plain lines, warning/error annotations, ::group::. Every
// line goes through logLines (core/render/escape.ts), so no text from a config, a variable or
// an API body is ever run as a workflow command (docs/github-action.md, "What reaches the log").
import { logLines, logTitle } from '../core/render/escape.js';
import type { GateLogger } from '../gate/types.js';
import * as core from './workflow-commands.js';

/** One annotation: inert lines joined by LF, encoded as %0A in the command's data. */
const annotation = (text: string) => logLines(text, 'github').join('\n');

export const actionsLogger: GateLogger = {
  info(text) {
    for (const line of logLines(text, 'github')) core.info(line);
  },
  notice: (text) => core.notice(annotation(text)),
  warning: (text) => core.warning(annotation(text)),
  error: (text) => core.error(annotation(text)),
  group: (title, body) => core.group(logTitle(title, 'github'), body),
};
