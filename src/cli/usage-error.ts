/** Bad command-line usage: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help explains the fix (`check`), or null for the top level. */
    readonly command: string | null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
