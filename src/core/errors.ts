// The one base class of the errors deploy-window throws on purpose (as luxon's LuxonError): API
// failures, unreadable policy files, bad inputs and usage. `instanceof DeployWindowError` tells
// a failure the user can act on from a bug; errorMessage() is how any caught value is shown.

export class DeployWindowError extends Error {
  override name = 'DeployWindowError';
}

/**
 * An input went past a bound on size or work (docs/config.md and docs/cli.md, "Limits"): the
 * user shortens the span or the config. The command line prints it as it is, exit status 2.
 */
export class LimitExceeded extends DeployWindowError {
  override name = 'LimitExceeded';
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
