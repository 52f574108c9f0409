/** Errors of the operations services; the api answers each with its own status (flow-errors.ts). */

/** A change that needs a fresh Sign in with Xero: enabling a writing flow, a bulk replay. */
export class RecentAuthRequiredError extends Error {
  constructor(what: string) {
    super(`Confirm it is you: sign in with Xero again to ${what}`);
    this.name = 'RecentAuthRequiredError';
  }
}

/** A held change (or dead letter) that is not there, or not in that state any more. */
export class PendingChangeNotFoundError extends Error {}

/** A request the services refuse as it stands (nothing changed). */
export class OperationRefusedError extends Error {}

/** No starter templates fit the integration (its X3 company and Xero currency match no region). */
export class NoStarterRegionError extends OperationRefusedError {}
