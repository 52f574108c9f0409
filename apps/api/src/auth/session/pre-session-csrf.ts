import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { SESSION_COOKIE } from './session-policy';

/** Cookie of the CSRF token a visitor holds before any session exists. */
export const PRE_SESSION_CSRF_COOKIE = `${SESSION_COOKIE}_csrf`;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

function cookieToken(req: Request): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === PRE_SESSION_CSRF_COOKIE && TOKEN.test(value ?? '')) return value;
  }
  return undefined;
}

/**
 * A CSRF token for a visitor without a session (double-submit: the header must repeat this
 * httpOnly cookie, which another site can neither read nor set). Looking at the sign-in page or
 * asking "am I signed in?" therefore writes no session row: sessions start at sign-in.
 */
export function preSessionCsrfToken(req: Request, secure: boolean): string {
  const existing = cookieToken(req);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  req.res?.cookie(PRE_SESSION_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/api' });
  return token;
}

/** Whether the request's header repeats its pre-session cookie. */
export function matchesPreSessionToken(req: Request, given: string): boolean {
  const expected = cookieToken(req);
  return (
    expected !== undefined &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  );
}
