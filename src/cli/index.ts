#!/usr/bin/env node
// The `deploy-window` executable (bundled to dist/cli/index.js).
import { processIo } from './io.js';
import { internalMessage, main } from './main.js';

function crash(error: unknown): void {
  // A failure nobody caught must still close the gate: exit 2, one line, no stack trace.
  process.stderr.write(`deploy-window: internal error: ${internalMessage(error)}\n`);
  process.exit(2);
}

// `deploy-window windows | head` closes the pipe early: not worth a message. The command
// still runs to its end, so the exit status stays the decision's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') crash(error);
});
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
}, crash);
