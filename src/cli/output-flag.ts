// Writes a command's --output file inside the working directory; a failure is the command's
// usage-level error (exit 2), never an internal error (docs/cli.md).
import { resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { writeOwnFile } from '../node/write-file.js';
import { consoleLine } from './console-logger.js';
import type { CliIo } from './io.js';

/**
 * Writes `text` to `path` (relative to the working directory, or absolute), as a file the
 * command owns (src/node/write-file.ts). False, after saying why on stderr, when it cannot.
 */
export function writeOutputFlag(io: CliIo, command: string, path: string, text: string): boolean {
  try {
    writeOwnFile(resolve(io.cwd, path), text, { root: io.cwd });
    return true;
  } catch (error) {
    io.stderr(
      consoleLine(
        io,
        `deploy-window ${command}: cannot write --output ${path}: ${errorMessage(error)}`,
      ),
    );
    return false;
  }
}
