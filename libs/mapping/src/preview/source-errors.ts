import { X3Error } from '#lb/connectors/sage-x3';
import { XeroCallError } from '#lb/connectors/xero';

/**
 * A dry run or preview could not read one of the two systems. `unavailable`: it did not answer
 * or asked us to wait (try again later); `refused`: it answered with a refusal the customer must
 * fix (credentials, a disconnected organisation).
 */
export class SourceSystemError extends Error {
  constructor(
    readonly system: 'x3' | 'xero',
    readonly failure: 'unavailable' | 'refused',
    message: string,
    /** The connector's own error, for the server log only. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SourceSystemError';
  }
}

/** This kind of preview cannot be given (direction or entity not supported yet). */
export class PreviewNotSupportedError extends Error {}

const NAMES = { x3: 'Sage X3', xero: 'Xero' } as const;

/** What the user is told: no addresses or stack, only which system and what to do. */
function publicMessage(system: 'x3' | 'xero', failure: 'unavailable' | 'refused', kind: string): string {
  const name = NAMES[system];
  if (failure === 'unavailable')
    return `${name} did not answer (down, unreachable or busy); nothing was changed. Try again later.`;
  if (kind === 'auth')
    return `${name} refused our credentials or the connection is no longer authorised; reconnect it, then try again.`;
  return `${name} refused the read (${kind}); nothing was changed.`;
}

/** Turns a connector error into what the caller should be told; anything else is ours and passes on. */
export function asSourceError(system: 'x3' | 'xero', error: unknown): unknown {
  const kind = error instanceof X3Error || error instanceof XeroCallError ? error.kind : undefined;
  if (!kind) return error;
  const failure = ['transient', 'rate-limited', 'unknown-outcome'].includes(kind) ? 'unavailable' : 'refused';
  return new SourceSystemError(system, failure, publicMessage(system, failure, kind), error);
}
