#!/usr/bin/env node
// The `deploy-window` executable (bundled to dist/cli/index.js).
import { writeStderr } from '../node/std-write.js';
import { readZonesThroughTz } from '../node/zone-offsets.js';
import { processIo } from './io.js';
import { internalMessage, main } from './main.js';

function crash(error: unknown): void {
  // A failure nobody caught must still close the gate: exit 2, one line, no stack trace.
  try {
    writeStderr(`deploy-window: internal error: ${internalMessage(error)}\n`);
  } finally {
    process.exit(2);
  }
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// `deploy-window windows | head` closes the pipe early: the rest of stdout is dropped without
// a message (src/node/std-write.ts), and the exit status stays the decision's.
readZonesThroughTz();
main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
}, crash);
