// What a caller must decide after a failed X3 call: retry (transient), ask the customer to fix
// credentials (auth) or data (validation, with X3's own message), treat as missing (not found),
// or look the record up before writing again (unknown outcome). A server fault (X3 failing in a
// way it does not explain) is retried a few times on reads, then reported as permanent.

export type X3ErrorKind =
  'transient' | 'auth' | 'validation' | 'not-found' | 'unknown-outcome' | 'configuration' | 'server-fault';

export abstract class X3Error extends Error {
  abstract readonly kind: X3ErrorKind;
  constructor(
    message: string,
    readonly details: { status?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Safe to retry with backoff: the server was busy or unreachable, or a read timed out. */
export class X3TransientError extends X3Error {
  readonly kind = 'transient';
  constructor(message: string, details: { status?: number; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/** 401 "Error NN: Invalid token", a wrong secret, an unknown client id or user. */
export class X3AuthError extends X3Error {
  readonly kind = 'auth';
}

/** X3 refused the data; `messages` are X3's own, for the dead-letter list. */
export class X3ValidationError extends X3Error {
  readonly kind = 'validation';
  constructor(
    readonly messages: string[],
    details: { status?: number; cause?: unknown } = {},
  ) {
    super(messages.join('; '), details);
  }
}

/**
 * THE record asked for is missing: a read of its key found nothing, or an update or action on its
 * key was refused and a read confirmed it is gone. A refusal naming another record ("Customer
 * XYZ: record does not exist" on an order) is a validation error, never a deletion.
 */
export class X3NotFoundError extends X3Error {
  readonly kind = 'not-found';
}

/**
 * A read X3 kept failing with an error it does not explain (HTTP 500, GraphQL "Unexpected error")
 * after the client's bounded retries: permanent, so it is not retried again; dead-letter it with
 * the message and replay it once X3 is fixed.
 */
export class X3ServerFaultError extends X3Error {
  readonly kind = 'server-fault';
  constructor(message: string, details: { status?: number; cause?: unknown; attempts?: number } = {}) {
    super(message, details);
    this.attempts = details.attempts ?? 1;
  }
  readonly attempts: number;
}

/** A write whose result never came back (timeout, reset, 5xx): it may or may not have committed. */
export class X3UnknownOutcomeError extends X3Error {
  readonly kind = 'unknown-outcome';
}

/** Settings that cannot work: refused target (SSRF guard), bad URL, missing endpoint, unsupported transport. */
export class X3ConfigurationError extends X3Error {
  readonly kind = 'configuration';
}
