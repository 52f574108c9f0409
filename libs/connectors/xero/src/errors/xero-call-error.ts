export type XeroErrorKind =
  | 'transient' // retry with backoff (5xx, connection refused, a read that timed out)
  | 'rate-limited' // come back at retryAt (429 or no slot in our scheduler)
  | 'auth' // token rejected, connection removed in Xero, grant dead: needs the user
  | 'validation' // Xero refused the content; its message says why; never retried
  | 'not-found'
  | 'unknown-outcome' // a write whose fate is unknown (deadline, dropped connection)
  | 'permanent'; // anything else that retrying cannot fix

export interface XeroErrorDetails {
  status?: number;
  retryAt?: Date;
  /** X-Rate-Limit-Problem, or our scheduler's reason, for rate-limited errors. */
  problem?: string;
  /** Xero's own validation messages (Elements[].ValidationErrors[].Message). */
  messages?: string[];
  /** invalid_grant, insufficient_scope, ... for auth errors. */
  authReason?: string;
}

/** Every failure the connector surfaces is one of these, classified once where it happens. */
export class XeroCallError extends Error {
  readonly status?: number;
  readonly retryAt?: Date;
  readonly problem?: string;
  readonly messages: string[];
  readonly authReason?: string;

  constructor(
    readonly kind: XeroErrorKind,
    message: string,
    details: XeroErrorDetails = {},
  ) {
    super(message);
    this.name = 'XeroCallError';
    this.status = details.status;
    this.retryAt = details.retryAt;
    this.problem = details.problem;
    this.messages = details.messages ?? [];
    this.authReason = details.authReason;
  }

  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate-limited';
  }
}

export const isXeroCallError = (e: unknown): e is XeroCallError => e instanceof XeroCallError;

/**
 * Xero's words when `e` is Xero refusing the request itself — a 400 it explains (validation), a
 * record it does not have, or another refusal retrying cannot fix — else undefined (a transient,
 * rate-limit, auth or unknown-outcome failure, or not a Xero call at all: the caller's failure path).
 */
export function xeroRefusalOf(e: unknown): string | undefined {
  if (!isXeroCallError(e) || !(e.kind === 'validation' || e.kind === 'permanent' || e.kind === 'not-found')) {
    return undefined;
  }
  return e.messages.length ? e.messages.join('; ') : e.message;
}
