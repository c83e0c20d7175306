// A GateLogger on the process's streams: info on stdout, warnings and errors on stderr. Lines
// go through core/render/escape.ts for the CI the process runs in (a GitHub runner also runs
// workflow commands from stdout), so text from a config is shown, never obeyed.
import { type LogDialect, labelledLogLines, logLines, logTitle } from '../core/render/escape.js';
import type { GateLogger } from '../gate/types.js';
import { detectPlatform } from './detect-platform.js';
import type { CliIo } from './io.js';

/** Who reads this process's output: the GitHub runner parses it, everything else shows it. */
function dialectOf(io: CliIo): LogDialect {
  return detectPlatform(io.env) === 'github' ? 'github' : 'plain';
}

/** Multi-line text (a command's report) made safe for the console; newline-terminated. */
export function consoleText(io: CliIo, text: string): string {
  return `${logLines(text.replace(/\n$/, ''), dialectOf(io)).join('\n')}\n`;
}

/** One line for the console (a usage error, a verdict on a file): line breaks written out. */
export function consoleLine(io: CliIo, text: string): string {
  return `${logTitle(text, dialectOf(io))}\n`;
}

/** Text behind a label (`warning: `), its further lines indented under the first. */
export function consoleLabelled(io: CliIo, label: string, text: string): string {
  return `${labelledLogLines(label, text, dialectOf(io)).join('\n')}\n`;
}

export function consoleLogger(io: CliIo): GateLogger {
  const dialect = dialectOf(io);
  const write = (to: (text: string) => void, label: string, text: string) => {
    for (const line of labelledLogLines(label, text, dialect)) to(`${line}\n`);
  };
  return {
    info: (text) => write(io.stdout, '', text),
    warning: (text) => write(io.stderr, 'warning: ', text),
    error: (text) => write(io.stderr, 'error: ', text),
    async group(title, body) {
      io.stdout(`${logTitle(title, dialect)}\n`);
      return body();
    },
  };
}
