// Jenkins shows a build's console as plain text: no annotations, no collapsible groups.
// Everything goes to stdout so it stays in order next to the step's own lines; errors go to
// stderr, which the deployWindow step also quotes in its error() message. Lines go through
// core/render/escape.ts: control characters (ANSI, Jenkins' own console notes) are shown, not
// obeyed, and a multi-line warning continues on indented lines.
import { labelledLogLines, logTitle } from '../core/render/escape.js';
import type { GateLogger } from '../gate/types.js';

export interface LineWriters {
  out: (line: string) => void;
  err: (line: string) => void;
}

export function createJenkinsLogger(writers: LineWriters): GateLogger {
  const write = (to: (line: string) => void, label: string, text: string) => {
    for (const line of labelledLogLines(label, text, 'plain')) to(line);
  };
  return {
    info: (text) => write(writers.out, '', text),
    warning: (text) => write(writers.out, 'WARNING: ', text),
    error: (text) => write(writers.err, 'ERROR: ', text),
    async group(title, body) {
      writers.out(`-- ${logTitle(title, 'plain')}`);
      return body();
    },
  };
}
