import { randomBytes } from 'node:crypto';
import { Request } from 'express';
import { preSessionCsrfToken } from './pre-session-csrf';
import './session-data';

/** A fresh session id (sign-in, tenant switch): a fixed-in-advance id can never be ridden. */
export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err as Error) : resolve())));
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err as Error) : resolve())));
}

export function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
}

/**
 * The CSRF token the SPA must echo. A session that holds something (sign-in under way, signed in)
 * carries its own; a visitor with nothing to keep gets a cookie token instead, so asking "who am
 * I?" never creates a session row.
 */
export function ensureCsrfToken(req: Request): string {
  const s = req.session;
  if (s.csrfToken) return s.csrfToken;
  const holdsState = Object.keys(s).some((key) => key !== 'cookie');
  if (!holdsState) return preSessionCsrfToken(req, Boolean(s.cookie?.secure));
  s.csrfToken = randomBytes(24).toString('base64url');
  return s.csrfToken;
}

const hasControlCharacter = (value: string) => [...value].some((ch) => ch.charCodeAt(0) < 0x20);

/** Only same-site paths: "/x" yes; "//evil", "/\\evil", "https://evil" and "javascript:" no. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControlCharacter(value))
    return undefined;
  if (value.startsWith('/api/')) return undefined;
  return value;
}
