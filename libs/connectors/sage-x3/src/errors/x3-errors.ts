// What a caller must decide after a failed X3 call: retry (transient), ask the customer to fix
// credentials (auth) or data (validation, with X3's own message), treat as missing (not found),
// or look the record up before writing again (unknown outcome).

export type X3ErrorKind = 'transient' | 'auth' | 'validation' | 'not-found' | 'unknown-outcome' | 'configuration';

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

export class X3NotFoundError extends X3Error {
  readonly kind = 'not-found';
}

/** A write whose result never came back (timeout, reset, 5xx): it may or may not have committed. */
export class X3UnknownOutcomeError extends X3Error {
  readonly kind = 'unknown-outcome';
}

/** Settings that cannot work: refused target (SSRF guard), bad URL, missing endpoint, unsupported transport. */
export class X3ConfigurationError extends X3Error {
  readonly kind = 'configuration';
}
