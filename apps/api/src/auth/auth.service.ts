import { ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import {
  InvitationRefusalCode,
  invitationRefusalOf,
  InvitationsService,
  RequestOrigin,
  SignInService,
  XeroIdentity,
} from '#lb/accounts';
import { CodeExchange } from '#lb/connectors/xero';
import { SystemAccess, Tenant, TenantTransactions, User } from '#lb/database';
import { PgSessionStore } from './session/pg-session.store';
import { ensureCsrfToken, regenerate, save } from './session/session-ops';
import { SESSION_STORE } from './session/session.tokens';
import { SignUpConnections, SignUpConnectResult } from './sign-up-connections';

export interface SessionView {
  signedIn: boolean;
  csrfToken: string;
  user?: { id: string; email: string; displayName: string };
  tenant?: { id: string; name: string };
  role?: string;
  tenants?: Array<{ id: string; name: string; role: string }>;
  staff?: { email: string; mfaComplete: boolean; enrolmentRequired: boolean };
}

/** Session-level orchestration of signing in and out; the domain rules live in libs/accounts. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly signIns: SignInService,
    private readonly invitations: InvitationsService,
    private readonly system: SystemAccess,
    private readonly tx: TenantTransactions,
    private readonly dataSource: DataSource,
    @Inject(SESSION_STORE) private readonly store: PgSessionStore,
    private readonly signUps: SignUpConnections,
  ) {}

  async view(req: Request): Promise<SessionView> {
    const csrfToken = ensureCsrfToken(req);
    const s = req.session;
    const staff = s.staff
      ? { email: s.staff.email, mfaComplete: Boolean(s.staff.mfaAt), enrolmentRequired: Boolean(s.staff.enrolling) }
      : undefined;
    if (!req.principal || req.principal.kind !== 'member' || !s.member) return { signedIn: false, csrfToken, staff };
    const { userId, tenantId } = s.member;
    // the SPA asks this on every page: the two reads side by side, the user by plain SQL
    const [[user], memberships] = await Promise.all([
      this.dataSource.query<Array<{ id: string; email: string; displayName: string }>>(
        `SELECT id, email, display_name AS "displayName" FROM users WHERE id = $1`,
        [userId],
      ),
      this.system.sessionMemberships(req.sessionID),
    ]);
    if (!user) throw new Error(`The signed-in user ${userId} has no users row`);
    const tenants = memberships.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }));
    // the switcher's list names the current tenant too (the SPA asks this on every page): a
    // tenant transaction of its own only when the list does not hold it (not active, say)
    const tenant =
      tenants.find((t) => t.id === tenantId) ??
      (await this.tx.run(tenantId, (m) => m.findOneByOrFail(Tenant, { id: tenantId })));
    return {
      signedIn: true,
      csrfToken,
      user: { id: user.id, email: user.email, displayName: user.displayName },
      tenant: { id: tenant.id, name: tenant.name },
      role: req.principal.role,
      tenants,
    };
  }

  /**
   * After Xero's callback: a re-authentication, or a sign-in with a fresh session id. `exchange`
   * (a sign-up's consent granted accounting scopes) connects the organisations picked there.
   */
  async completeSignIn(
    req: Request,
    identity: XeroIdentity,
    origin: RequestOrigin,
    exchange?: CodeExchange,
  ): Promise<string> {
    const s = req.session;
    const returnTo = s.returnTo ?? '/';
    if (s.member && req.principal?.kind === 'member') {
      const current = await this.dataSource.getRepository(User).findOneBy({ id: s.member.userId });
      if (current?.xeroUserId === identity.xeroUserId) {
        s.reauthAt = Date.now();
        delete s.returnTo;
        await save(req);
        const connected =
          exchange && (await this.signUps.connect({ ...s.member, role: req.principal.role }, exchange, origin));
        return withConnectResult(returnTo, connected);
      }
    }
    const pending = s.pendingInvitation;
    let refused: InvitationRefusalCode | undefined;
    const join = pending
      ? (userId: string) =>
          this.invitations.accept(pending, userId, origin).catch((error) => {
            // A refused link still signs the person in, to their own tenant, and the SPA says why.
            refused = invitationRefusalOf(error);
            this.logger.warn(`invitation not accepted at sign-in (${refused}): ${(error as Error).message}`);
            return null;
          })
      : undefined;
    // A fresh session id first: the user is written into it before the memberships are asked.
    await regenerate(req);
    const session = {
      id: req.sessionID,
      holdUser: (userId: string) => {
        req.session.signingIn = { userId };
        return save(req);
      },
    };
    const signedIn = await this.signIns.signIn(identity, origin, session, join);
    const now = Date.now();
    delete req.session.signingIn;
    Object.assign(req.session, {
      createdAt: now,
      reauthAt: now,
      member: { userId: signedIn.userId, tenantId: signedIn.tenantId },
    });
    ensureCsrfToken(req);
    await save(req);
    const connected = exchange && (await this.signUps.connect(signedIn, exchange, origin));
    return refused ? `/invitations/accept?error=${refused}` : withConnectResult(returnTo, connected);
  }

  async switchTenant(req: Request, userId: string, tenantId: string): Promise<void> {
    const memberships = await this.system.sessionMemberships(req.sessionID);
    if (!memberships.some((m) => m.tenantId === tenantId))
      throw new ForbiddenException('You are not a member of that organisation');
    const { createdAt, reauthAt } = req.session;
    await regenerate(req);
    Object.assign(req.session, { createdAt, reauthAt, member: { userId, tenantId } });
    ensureCsrfToken(req);
    await save(req);
  }

  signOutEverywhere(userId: string): Promise<number> {
    return this.store.destroyAllForUser(userId);
  }
}

/** The connect-result banner's parameters (codes and counts only) added to a same-site path. */
function withConnectResult(path: string, result: SignUpConnectResult | undefined): string {
  if (!result) return path;
  const url = new URL(path, 'http://same-site.invalid');
  for (const [k, v] of Object.entries(result)) url.searchParams.set(k, String(v));
  return `${url.pathname}${url.search}${url.hash}`;
}
