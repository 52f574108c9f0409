import { XeroCallError } from '../errors/xero-call-error';

/** OAuth error codes that mean the grant or the app's credentials are no good: tell, don't retry. */
const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

interface OidcErrorShape {
  name?: string;
  code?: string;
  message?: string;
  /** ResponseBodyError: the OAuth error code of the answer. */
  error?: string;
  status?: number;
  cause?: unknown;
}

/** The HTTP status openid-client saw, where its error carries one (directly or via the Response). */
function statusOf(e: OidcErrorShape): number | undefined {
  if (typeof e.status === 'number') return e.status;
  const cause = e.cause as { status?: unknown } | undefined;
  return cause && typeof cause.status === 'number' ? cause.status : undefined;
}

/** A 401 with WWW-Authenticate (invalid_client at the token endpoint) carries its error there. */
function challengeError(e: OidcErrorShape): string | undefined {
  if (e.code !== 'OAUTH_WWW_AUTHENTICATE_CHALLENGE' || !Array.isArray(e.cause)) return undefined;
  const first = (e.cause as Array<{ parameters?: { error?: string } }>)[0];
  return first?.parameters?.error ?? 'invalid_client';
}

function isNetworkFailure(e: OidcErrorShape): boolean {
  // fetch rejects with a plain TypeError; openid-client's own argument errors carry ERR_INVALID_ARG_*.
  if (e.name === 'TypeError' && !e.code?.startsWith('ERR_INVALID_ARG')) return true;
  if (e.code === 'OAUTH_TIMEOUT' || e.code === 'OAUTH_ABORT') return true;
  const cause = e.cause as { name?: string } | undefined;
  return cause?.name === 'TimeoutError' || cause?.name === 'AbortError';
}

/**
 * Maps what openid-client throws onto the connector's error kinds: refused grants and
 * credentials are `auth` (the grant is marked dead), 429/5xx and network failures or deadlines
 * are `transient`, anything else (a malformed answer, a failed id_token check) is `permanent`.
 * The client secret is never part of these errors: openid-client does not echo request bodies.
 */
export function toXeroCallError(what: string, err: unknown): XeroCallError {
  if (err instanceof XeroCallError) return err;
  const e = (err ?? {}) as OidcErrorShape;
  const status = statusOf(e);
  const oauthError = typeof e.error === 'string' ? e.error : challengeError(e);
  if (oauthError && AUTH_ERRORS.has(oauthError))
    return new XeroCallError('auth', `Xero Identity refused ${what}: ${oauthError}`, {
      status,
      authReason: oauthError,
    });
  if (isNetworkFailure(e))
    return new XeroCallError('transient', `Xero Identity unreachable for ${what} (${e.message ?? 'network error'})`);
  if (status === 429 || (status !== undefined && status >= 500))
    return new XeroCallError('transient', `Xero Identity ${status} for ${what}`, { status });
  const detail = oauthError ?? describe(e);
  return new XeroCallError('permanent', `Xero Identity ${status ?? 'answer'} for ${what}: ${detail}`, { status });
}

/** openid-client's own message is generic ("invalid response"); its cause names the claim. */
function describe(e: OidcErrorShape): string {
  const cause = e.cause as { message?: unknown } | undefined;
  const detail = cause && typeof cause.message === 'string' ? `: ${cause.message}` : '';
  return `${e.message ?? 'unknown error'}${detail}`;
}
