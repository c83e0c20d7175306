// Bad command-line usage (one line, exit status 2), and a request for a command's help.
import { DeployWindowError } from '../core/errors.js';

export class UsageError extends DeployWindowError {
  constructor(
    message: string,
    /** The command whose help explains the fix (`check`), or null for the top level. */
    readonly command: string | null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `--help` (or `-h`) stood as a flag among a command's arguments: main prints that command's
 * help and exits 0. Only the flag parser raises it, after a strict parse, so a flag's value
 * that reads `--help` (`--reason --help` from a CI template) is never taken for it.
 */
export class HelpRequested extends DeployWindowError {
  constructor(readonly command: string) {
    super(`help for ${command}`);
    this.name = 'HelpRequested';
  }
}
