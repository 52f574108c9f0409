import { X3Auth } from '../x3-connection-settings';
import { jose } from './jose';

/** X3 rejects a token "issued in the future" (error 21): back-date iat a little for clock skew. */
const SKEW_SECONDS = 5;

/**
 * Connected-application JWT: the client signs its own HS256 token (iss = client id, sub = X3 user).
 * A fresh short-lived token per call costs one HMAC and never expires mid-flight.
 */
export async function signConnectedAppJwt(
  auth: Extract<X3Auth, { kind: 'jwt' }>,
  now: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  const iat = now - SKEW_SECONDS;
  return new jose.SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(auth.clientId)
    .setSubject(auth.user)
    .setAudience(auth.audience ?? '')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (auth.ttlSeconds ?? 60))
    .sign(new TextEncoder().encode(auth.secret));
}

/** `nowSeconds`: the X3 server's time (server-clock.ts), which its token check goes by. */
export async function authorizationHeader(auth: X3Auth, nowSeconds?: number): Promise<string> {
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  return `Bearer ${await signConnectedAppJwt(auth, nowSeconds)}`;
}
