import type { Role } from '#lb/database';

/** Who is calling, as the session layer resolves it and the access guard checks it. */
export type Principal =
  | { kind: 'member'; userId: string; tenantId: string; role: Role; sessionId: string }
  | { kind: 'staff'; staffId: string; sessionId: string };

/** Express requests carry the resolved principal (absent when not signed in). */
export interface PrincipalRequest {
  principal?: Principal;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the api's principal middleware from the session. */
      principal?: Principal;
    }
  }
}
