/** Session lifetimes. Idle: no request for this long ends the session. Absolute: sign in again. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** Disconnects and role changes need a Xero sign-in at most this old. */
export const REAUTH_WINDOW_MS = 10 * 60_000;
/** Staff sessions are shorter. */
export const STAFF_SESSION_ABSOLUTE_MS = 4 * 3600_000;
export const SESSION_COOKIE = 'lb_session';
