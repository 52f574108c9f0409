import type { Role } from '#lb/database';

/** What a server-side session holds (express-session's SessionData, extended). */
export interface LedgerbridgeSession {
  /** Set at sign-in; the absolute timeout counts from here. */
  createdAt?: number;
  csrfToken?: string;
  /** A signed-in tenant member (role is re-read from the database on every request). */
  member?: { userId: string; tenantId: string };
  /**
   * The member's role as the database held it when this request read the session (the session
   * store reads both in one round trip); null when `member` names no membership. Never stored.
   */
  liveMemberRole?: Role | null;
  /**
   * The user a sign-in is completing for, before a tenant is chosen: the session row holds the
   * user so the database answers the memberships question for that session only.
   */
  signingIn?: { userId: string };
  /**
   * A support staff member; `mfaAt` set once the TOTP step passed; `enrolling` while the account
   * has no confirmed authenticator (the TOTP step then confirms the one offered for enrolment).
   */
  staff?: { staffId: string; email: string; mfaAt?: number; passwordAt: number; enrolling?: boolean };
  /** Last time the user proved themselves to Xero; sensitive changes need it to be recent. */
  reauthAt?: number;
  /** Where to send the browser after Sign in with Xero. */
  returnTo?: string;
  /** The Connect Xero attempt in flight: state and PKCE verifier, checked on the callback. */
  xeroConnect?: { state: string; verifier: string; returnTo: string };
  /** An invitation token to accept right after sign-in. */
  pendingInvitation?: string;
}

declare module 'express-session' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends LedgerbridgeSession {}
}
