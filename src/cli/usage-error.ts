// Bad command-line usage: printed as one line, exit status 2.
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
