import { EntityManager } from 'typeorm';

/** The token set of one grant, stored as JSON in `secrets` (purpose SECRET_PURPOSE). */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  idToken?: string;
  /**
   * UTC ISO time the access token stops working, on PostgreSQL's clock (real time, clock scale
   * applied): every process compares it with PostgreSQL's now, never with its own wall clock.
   */
  expiresAt: string;
  scope: string;
}

export const TOKEN_SET_PURPOSE = 'xero.token_set';

/** The token endpoint's answer (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

export function toTokenSet(r: TokenResponse, expiresAt: Date, previous?: TokenSet): TokenSet {
  const refreshToken = r.refresh_token ?? previous?.refreshToken;
  if (!refreshToken) throw new Error('Xero returned no refresh token: is offline_access among the scopes?');
  return {
    accessToken: r.access_token,
    refreshToken,
    idToken: r.id_token ?? previous?.idToken,
    expiresAt: expiresAt.toISOString(),
    scope: r.scope ?? previous?.scope ?? '',
  };
}

/** How long Xero says the access token lives, in real ms (Xero seconds on a scaled clock). */
export function accessLifetimeMs(r: TokenResponse, clockScale: number): number {
  return (Number(r.expires_in) * 1000) / clockScale;
}

/** PostgreSQL's now (its transaction's start) in ms since the epoch. */
export async function dbNowMs(m: EntityManager): Promise<number> {
  const [row] = await m.query<Array<{ ms: string }>>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  return Number(row.ms);
}

/**
 * When an access token asked for at `askedAt` (this process's performance.now(), taken before the
 * request left) stops working, on PostgreSQL's clock. Xero issued it after we asked, so counting
 * from the ask errs early, never late; the time since is measured on the monotonic clock, which a
 * wrong wall clock does not move, up to after PostgreSQL's now was read.
 */
export async function expiryOnDbClock(m: EntityManager, askedAt: number, lifetimeMs: number): Promise<Date> {
  const now = await dbNowMs(m);
  return new Date(now - (performance.now() - askedAt) + lifetimeMs);
}

/** Claims of a JWT we received straight from Xero over TLS (no signature check needed there). */
export function jwtClaims(token: string | undefined): Record<string, unknown> {
  if (!token) return {};
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
