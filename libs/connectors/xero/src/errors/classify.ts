import { XeroCallError } from './xero-call-error';

export interface FailedExchange {
  /** 0 when no response arrived. */
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
  /** Low-level message/code when no response arrived (ECONNRESET, canceled, ...). */
  cause?: string;
  deadlineHit: boolean;
  isWrite: boolean;
}

const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT_|certificate/i;

/** Xero's useful text is in Elements[].ValidationErrors[].Message; the top Message is generic. */
export function validationMessages(body: unknown): string[] {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? [body] : [];
  const b = body as {
    Message?: string;
    Detail?: string;
    Elements?: Array<{ ValidationErrors?: Array<{ Message?: string }> }>;
  };
  const fromElements = (b.Elements ?? [])
    .flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message ?? ''))
    .filter(Boolean);
  if (fromElements.length) return fromElements;
  return [b.Detail ?? b.Message].filter((m): m is string => typeof m === 'string' && m.length > 0);
}

function retryAfter(headers: FailedExchange['headers']): number | undefined {
  const v = headers['retry-after'];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Maps a failed HTTP exchange with Xero to one error kind. */
export function classifyFailure(x: FailedExchange): XeroCallError {
  const s = x.status;
  if (s === 0) {
    if (!x.isWrite)
      return new XeroCallError('transient', `no response from Xero (${x.deadlineHit ? 'deadline' : x.cause})`);
    if (!x.deadlineHit && x.cause && NEVER_SENT.test(x.cause)) {
      return new XeroCallError('transient', `could not reach Xero (${x.cause})`);
    }
    return new XeroCallError('unknown-outcome', `write outcome unknown (${x.deadlineHit ? 'deadline' : x.cause})`);
  }
  if (s === 429) {
    const problem = x.headers['x-rate-limit-problem']?.toLowerCase();
    const ra = retryAfter(x.headers);
    return new XeroCallError('rate-limited', `Xero rate limit hit (${problem ?? 'unspecified'})`, {
      status: s,
      problem,
      retryAt: ra === undefined ? undefined : new Date(Date.now() + ra * 1000),
    });
  }
  if (s === 401 || s === 403) {
    const www = x.headers['www-authenticate'] ?? '';
    const reason = /insufficient_scope/.test(www) ? 'insufficient_scope' : s === 401 ? 'unauthorized' : 'forbidden';
    return new XeroCallError('auth', `Xero refused the credentials (${s} ${reason})`, {
      status: s,
      authReason: reason,
    });
  }
  if (s === 404) return new XeroCallError('not-found', 'Xero resource not found', { status: s });
  if (s === 409 && x.isWrite) {
    // The same Idempotency-Key is still being processed (our earlier send timed out, Xero had not
    // finished): its outcome is not known yet, never a refusal — the batch is looked up and resent.
    return new XeroCallError(
      'unknown-outcome',
      `Xero is still processing this write (${validationMessages(x.body)[0] ?? '409'})`,
      {
        status: s,
      },
    );
  }
  if (s === 400 || s === 412 || s === 422) {
    const messages = validationMessages(x.body);
    return new XeroCallError('validation', messages[0] ?? `Xero rejected the request (${s})`, { status: s, messages });
  }
  if (s === 408 || s >= 500) {
    if (s === 501) return new XeroCallError('permanent', 'Xero: not implemented', { status: s });
    // A 5xx after a write may or may not have applied it; the caller checks by natural key.
    if (x.isWrite && (s === 502 || s === 504))
      return new XeroCallError('unknown-outcome', `Xero gateway error ${s}`, { status: s });
    return new XeroCallError('transient', `Xero unavailable (${s})`, { status: s });
  }
  return new XeroCallError('permanent', `Xero answered ${s}`, { status: s, messages: validationMessages(x.body) });
}
