import { RequestHandler } from 'express';
import session from 'express-session';
import { AppConfig } from '#lb/config';
import { PgSessionStore } from './pg-session.store';
import { SESSION_COOKIE, SESSION_IDLE_MS } from './session-policy';
import './session-data';

/**
 * Server-side sessions: httpOnly, SameSite=Lax (Strict would drop the cookie on the OIDC
 * redirect back from Xero), Secure whenever the product is served over https. `rolling`
 * re-arms the idle timeout on each request; the absolute timeout is checked per request.
 */
export function sessionMiddleware(config: AppConfig, store: PgSessionStore): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.SESSION_SECRET,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.PUBLIC_URL.startsWith('https://'),
      maxAge: SESSION_IDLE_MS,
      path: '/',
    },
  });
}
