// Jenkins shows a build's console as plain text: no annotations, no collapsible groups.
// Everything goes to stdout so it stays in order next to the step's own lines; errors go to
// stderr, which the deployWindow step also quotes in its error() message.
import type { GateLogger } from '../gate/types.js';

export interface LineWriters {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processWriters: LineWriters = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function createJenkinsLogger(writers: LineWriters = processWriters): GateLogger {
  return {
    info: (line) => writers.out(line),
    warning: (line) => writers.out(`WARNING: ${line}`),
    error: (line) => writers.err(`ERROR: ${line}`),
    async group(title, body) {
      writers.out(`-- ${title}`);
      return body();
    },
  };
}
