#!/usr/bin/env node
// The `deploy-window` executable (bundled to dist/cli/index.js): the top help, --version and
// unknown commands itself, and each command from its own bundle beside it (dist/cli/check.js,
// ...; src/cli/command-bundle.ts), loaded only when that command runs.
import { writeStderr } from '../node/std-write.js';
import type { CommandBundle } from './command-bundle.js';
import { type Command, type Commands, internalMessage, runCommandLine } from './command-line.js';
import { COMMANDS } from './help.js';
import { processIo } from './io.js';

/** Node's own require, left alone by the bundler: the command bundles are files beside this one. */
declare const __non_webpack_require__: NodeJS.Require;

function crash(error: unknown): void {
  // A failure nobody caught must still close the gate: exit 2, one line, no stack trace.
  try {
    writeStderr(`deploy-window: internal error: ${internalMessage(error)}\n`);
  } finally {
    process.exit(2);
  }
}

function loadBundle(name: string): CommandBundle {
  const file = `${name}.js`;
  try {
    return __non_webpack_require__(`./${file}`) as CommandBundle;
  } catch (error) {
    const missing =
      (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' &&
      String((error as Error).message).includes(file);
    // The Jenkins library's copy holds the gate only.
    if (missing) throw new Error(`this copy of deploy-window has no ${name} command (${file})`);
    throw error;
  }
}

const bundled =
  (name: string): Command =>
  (argv) =>
    loadBundle(name).run(argv);
const COMMAND_BUNDLES: Commands = Object.fromEntries(COMMANDS.map((name) => [name, bundled(name)]));

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// `deploy-window windows | head` closes the pipe early: the rest of stdout is dropped without
// a message (src/node/std-write.ts), and the exit status stays the decision's.
runCommandLine(process.argv.slice(2), processIo(), COMMAND_BUNDLES).then((code) => {
  process.exitCode = code;
}, crash);
