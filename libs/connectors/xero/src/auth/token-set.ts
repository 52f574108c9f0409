/** The token set of one grant, stored as JSON in `secrets` (purpose SECRET_PURPOSE). */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  idToken?: string;
  /** UTC ISO time the access token stops working (real time, clock scale applied). */
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

export function toTokenSet(r: TokenResponse, clockScale: number, previous?: TokenSet): TokenSet {
  const refreshToken = r.refresh_token ?? previous?.refreshToken;
  if (!refreshToken) throw new Error('Xero returned no refresh token: is offline_access among the scopes?');
  return {
    accessToken: r.access_token,
    refreshToken,
    idToken: r.id_token ?? previous?.idToken,
    expiresAt: new Date(Date.now() + (Number(r.expires_in) * 1000) / clockScale).toISOString(),
    scope: r.scope ?? previous?.scope ?? '',
  };
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
