import { createHash, randomBytes } from 'node:crypto';
import { ConflictException, GoneException, Logger, NotFoundException } from '@nestjs/common';
import { Membership, Role, SystemAccess, Tenant, TenantTransactions } from '#lb/database';
import { AuditActor, AuditTrail, RequestOrigin } from './audit-trail';
import { Invitation } from './entities/invitation.entity';
import { OutboundEmail } from './entities/outbound-email.entity';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function view(inv: Invitation, now = Date.now()): InvitationView {
  const status = inv.acceptedAt
    ? 'accepted'
    : inv.revokedAt
      ? 'revoked'
      : inv.expiresAt.getTime() <= now
        ? 'expired'
        : 'pending';
  return { id: inv.id, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString(), status };
}

/**
 * Invitations by single-use, expiring links. The link's token is shown once (in the email);
 * only its hash is stored, and accepting it is a locked, one-time state change.
 */
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly audit: AuditTrail,
    private readonly publicUrl: string,
    private readonly logLinks: boolean,
  ) {}

  async invite(
    tenantId: string,
    email: string,
    role: Role,
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<InvitationView> {
    const token = randomBytes(32).toString('base64url');
    const link = `${this.publicUrl}/invitations/accept#token=${token}`;
    const inv = await this.tx.run(tenantId, async (m) => {
      const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
      const saved = await m.save(
        m.create(Invitation, {
          tenantId,
          email: email.toLowerCase(),
          role,
          tokenHash: hashToken(token),
          invitedByUserId: actor.id!,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        }),
      );
      await m.insert(OutboundEmail, {
        tenantId,
        toAddress: saved.email,
        subject: `You are invited to ${tenant.name} on Ledgerbridge`,
        body: `You have been invited to join ${tenant.name} as ${role}.\n\nAccept within 7 days: ${link}\n\nThe link works once.`,
      });
      await this.audit.record(m, tenantId, {
        actor,
        action: 'member.invited',
        targetType: 'invitation',
        targetId: saved.id,
        details: { email: saved.email, role },
        origin,
      });
      return saved;
    });
    // The link is a credential: logged only where APP_ENV=development, for local use.
    this.logger.log(
      { invitationId: inv.id, ...(this.logLinks ? { link } : {}) },
      `invitation email queued for ${inv.email}`,
    );
    return view(inv);
  }

  list(tenantId: string): Promise<InvitationView[]> {
    return this.tx.run(tenantId, async (m) =>
      (await m.find(Invitation, { order: { createdAt: 'DESC' }, take: 100 })).map((i) => view(i)),
    );
  }

  revoke(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      const inv = await m.findOne(Invitation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!inv) throw new NotFoundException('Invitation not found');
      if (inv.acceptedAt || inv.revokedAt) return;
      await m.update(Invitation, { id }, { revokedAt: new Date() });
      await this.audit.record(m, tenantId, {
        actor,
        action: 'member.invitation_revoked',
        targetType: 'invitation',
        targetId: id,
        origin,
      });
    });
  }

  /** Accepts a token for a signed-in user; returns the tenant joined and the role held there. */
  async accept(token: string, userId: string, origin: RequestOrigin): Promise<{ tenantId: string; role: Role }> {
    const found = await this.system.findInvitation(hashToken(token));
    if (!found) throw new NotFoundException('This invitation link is not valid');
    return this.tx.run(found.tenantId, async (m) => {
      const inv = await m.findOne(Invitation, {
        where: { id: found.invitationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!inv) throw new NotFoundException('This invitation link is not valid');
      if (inv.acceptedAt) throw new GoneException('This invitation has already been used');
      if (inv.revokedAt) throw new GoneException('This invitation was withdrawn');
      if (inv.expiresAt.getTime() <= Date.now())
        throw new GoneException('This invitation has expired; ask for a new one');
      const existing = await m.findOne(Membership, { where: { userId } });
      if (existing) throw new ConflictException('You are already a member of this organisation');
      await m.insert(Membership, { tenantId: found.tenantId, userId, role: inv.role });
      await m.update(Invitation, { id: inv.id }, { acceptedAt: new Date(), acceptedByUserId: userId });
      await this.audit.record(m, found.tenantId, {
        actor: { kind: 'user', id: userId },
        action: 'member.joined',
        targetType: 'invitation',
        targetId: inv.id,
        details: { role: inv.role },
        origin,
      });
      return { tenantId: found.tenantId, role: inv.role };
    });
  }
}
