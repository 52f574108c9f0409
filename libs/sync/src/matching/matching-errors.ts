import { X3Error } from '#lb/connectors/sage-x3';
import { XeroCallError } from '#lb/connectors/xero';
import { SourceSystemError } from '#lb/mapping';

/** The integration does not exist for this tenant (or is another tenant's: RLS hides it). */
export class MatchingIntegrationNotFoundError extends Error {
  constructor() {
    super('Integration not found');
  }
}

/** The confirmation cannot be taken as sent (stale run, unresolved clashes, a link already taken). */
export class MatchingConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A confirmation that names proposals, candidates or names that do not hold. */
export class InvalidConfirmationError extends Error {}

const NAMES = { x3: 'Sage X3', xero: 'Xero' } as const;

/** A connector error as the SourceSystemError the mapping previews use (503 unavailable / 502 refused). */
export function asSourceError(system: 'x3' | 'xero', error: unknown): unknown {
  const kind = error instanceof X3Error || error instanceof XeroCallError ? error.kind : undefined;
  if (!kind) return error;
  const failure = ['transient', 'rate-limited', 'unknown-outcome'].includes(kind) ? 'unavailable' : 'refused';
  const name = NAMES[system];
  const message =
    failure === 'unavailable'
      ? `${name} did not answer (down, unreachable or busy); nothing was changed. Try again later.`
      : kind === 'auth'
        ? `${name} refused our credentials or the connection is no longer authorised; reconnect it, then try again.`
        : `${name} refused the read (${kind}); nothing was changed.`;
  return new SourceSystemError(system, failure, message, error);
}
