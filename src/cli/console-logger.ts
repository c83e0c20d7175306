// A GateLogger on the process's streams: info on stdout, warnings and errors on stderr.
import type { GateLogger } from '../gate/types.js';
import type { CliIo } from './io.js';

export function consoleLogger(io: CliIo): GateLogger {
  return {
    info: (line) => io.stdout(`${line}\n`),
    warning: (line) => io.stderr(`warning: ${line}\n`),
    error: (line) => io.stderr(`error: ${line}\n`),
    async group(title, body) {
      io.stdout(`${title}\n`);
      return body();
    },
  };
}
