import { randomBytes } from 'node:crypto';
import { Request } from 'express';
import './session-data';

/** A fresh session id (sign-in, tenant switch): a fixed-in-advance id can never be ridden. */
export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

export function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

export function ensureCsrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

/** Only same-site paths: "/x" yes; "//evil", "/\\evil", "https://evil" and "javascript:" no. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f]/.test(value))
    return undefined;
  if (value.startsWith('/api/')) return undefined;
  return value;
}
