import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Membership, Role, SystemAccess, Tenant, TenantTransactions, User } from '#lb/database';
import { AuditTrail, RequestOrigin } from './audit-trail';

/** The claims of a "Sign in with Xero" id_token that we use. */
export interface XeroIdentity {
  xeroUserId: string;
  email: string;
  givenName?: string;
  familyName?: string;
}

/**
 * The session a sign-in completes in. The memberships question is asked of the session, not of
 * a user id (the database function takes the raw session id), so the user is written into it first.
 */
export interface SignInSession {
  /** The raw session id, as the cookie carries it. */
  id: string;
  /** Stores the user in the session row, before any tenant is chosen. */
  holdUser(userId: string): Promise<void>;
}

export interface SignedIn {
  userId: string;
  tenantId: string;
  role: Role;
  createdTenant: boolean;
}

/**
 * Sign-up and sign-in are one step: the user is found (or created) by Xero's stable user id,
 * never by email; a user without any tenant gets a new tenant with them as owner.
 */
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * `join` runs before a first tenant would be created: an invitee who accepts an invitation
   * lands in that tenant instead of getting an empty one of their own.
   */
  async signIn(
    identity: XeroIdentity,
    origin: RequestOrigin,
    session: SignInSession,
    join?: (userId: string) => Promise<{ tenantId: string; role: Role } | null>,
  ): Promise<SignedIn> {
    const displayName = [identity.givenName, identity.familyName].filter(Boolean).join(' ') || identity.email;
    const user = await this.upsertUser(identity, displayName);
    await session.holdUser(user.id);
    const joined = join ? await join(user.id) : null;
    if (joined) return { userId: user.id, tenantId: joined.tenantId, role: joined.role, createdTenant: false };
    const memberships = await this.system.sessionMemberships(session.id);
    const chosen = memberships[0];
    if (chosen) {
      await this.tx.run(chosen.tenantId, (m) =>
        this.audit.record(m, chosen.tenantId, {
          actor: { kind: 'user', id: user.id },
          action: 'user.signed_in',
          details: { method: 'xero' },
          origin,
        }),
      );
      return { userId: user.id, tenantId: chosen.tenantId, role: chosen.role as Role, createdTenant: false };
    }
    const tenantId = randomUUID();
    const tenantName = identity.givenName ? `${identity.givenName}'s organisation` : `${identity.email}'s organisation`;
    await this.tx.run(tenantId, async (m) => {
      await m.insert(Tenant, { id: tenantId, name: tenantName });
      await m.insert(Membership, { tenantId, userId: user.id, role: 'owner' });
      const actor = { kind: 'user' as const, id: user.id };
      await this.audit.record(m, tenantId, {
        actor,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenantId,
        details: { name: tenantName },
        origin,
      });
      await this.audit.record(m, tenantId, {
        actor,
        action: 'user.signed_in',
        details: { method: 'xero', firstSignIn: true },
        origin,
      });
    });
    return { userId: user.id, tenantId, role: 'owner', createdTenant: true };
  }

  private async upsertUser(identity: XeroIdentity, displayName: string): Promise<User> {
    // users is global (docs/architecture.md): one person, possibly in several tenants.
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ xeroUserId: identity.xeroUserId, email: identity.email, displayName })
      .orUpdate(['email', 'display_name', 'updated_at'], ['xero_user_id'])
      .execute();
    return this.dataSource.getRepository(User).findOneByOrFail({ xeroUserId: identity.xeroUserId });
  }
}
