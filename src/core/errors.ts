// The one base class of the errors deploy-window throws on purpose (as luxon's LuxonError): API
// failures, unreadable policy files, bad inputs and usage. `instanceof DeployWindowError` tells
// a failure the user can act on from a bug; errorMessage() is how any caught value is shown.

export class DeployWindowError extends Error {
  override name = 'DeployWindowError';
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
