import { createHash, randomBytes } from 'node:crypto';
import { GoneException, Logger, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { Membership, Role, SystemAccess, Tenant, TenantTransactions, User } from '#lb/database';
import { AuditActor, AuditTrail, RequestOrigin } from './audit-trail';
import { Invitation } from './entities/invitation.entity';
import { OutboundEmail } from './entities/outbound-email.entity';
import { INVITATION_TOKEN_PURPOSE, invitationEmailBody, invitationLink } from './invitation-email';
import { invitationRefused } from './invitation-refusals';

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
 * Invitations by single-use, expiring links for one email address. The link's token is a
 * credential: we keep its hash (to find the invitation) and the token sealed in `secrets`, opened
 * only to send the email or to show the link to an admin who signed in recently (audited). Only the
 * invited person (their Xero identity's email) can accept, once.
 */
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly audit: AuditTrail,
    private readonly secrets: SecretStore,
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
    const inv = await this.tx.run(tenantId, async (m) => {
      const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
      const saved = await m.save(
        m.create(Invitation, {
          tenantId,
          email: email.toLowerCase(),
          role,
          tokenHash: hashToken(token),
          tokenSecretId: await this.secrets.create(m, tenantId, INVITATION_TOKEN_PURPOSE, token),
          invitedByUserId: actor.id!,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        }),
      );
      await m.insert(OutboundEmail, {
        tenantId,
        toAddress: saved.email,
        invitationId: saved.id,
        subject: `You are invited to ${tenant.name} on Ledgerbridge`,
        body: invitationEmailBody(tenant.name, role),
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
      { invitationId: inv.id, ...(this.logLinks ? { link: this.linkFor(token) } : {}) },
      `invitation email queued for ${inv.email}`,
    );
    return view(inv);
  }

  list(tenantId: string): Promise<InvitationView[]> {
    return this.tx.run(tenantId, async (m) =>
      (await m.find(Invitation, { order: { createdAt: 'DESC' }, take: 100 })).map((i) => view(i)),
    );
  }

  /** A pending invitation's link, for an admin to copy (the caller checks recent sign-in); audited. */
  revealLink(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<string> {
    return this.tx.run(tenantId, async (m) => {
      const inv = await m.findOne(Invitation, { where: { id } });
      if (!inv) throw new NotFoundException('Invitation not found');
      if (view(inv).status !== 'pending' || !inv.tokenSecretId)
        throw new GoneException('Only a pending invitation has a link; send a new one');
      const token = await this.secrets.read(m, tenantId, inv.tokenSecretId, INVITATION_TOKEN_PURPOSE);
      await this.audit.record(m, tenantId, {
        actor,
        action: 'member.invitation_link_viewed',
        targetType: 'invitation',
        targetId: id,
        details: { email: inv.email, role: inv.role },
        origin,
      });
      return this.linkFor(token);
    });
  }

  revoke(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      const inv = await m.findOne(Invitation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!inv) throw new NotFoundException('Invitation not found');
      if (inv.acceptedAt || inv.revokedAt) return;
      await m.update(Invitation, { id }, { revokedAt: new Date(), tokenSecretId: null });
      await this.forgetToken(m, inv);
      await this.audit.record(m, tenantId, {
        actor,
        action: 'member.invitation_revoked',
        targetType: 'invitation',
        targetId: id,
        origin,
      });
    });
  }

  /**
   * Accepts a token for a signed-in user whose email is the invited one; returns the tenant joined
   * and the role held there. Someone else holding the link is refused and the invitation stays open.
   */
  async accept(token: string, userId: string, origin: RequestOrigin): Promise<{ tenantId: string; role: Role }> {
    const found = await this.system.findInvitation(hashToken(token));
    if (!found) throw invitationRefused('invitation_invalid');
    return this.tx.run(found.tenantId, async (m) => {
      const inv = await m.findOne(Invitation, {
        where: { id: found.invitationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!inv) throw invitationRefused('invitation_invalid');
      if (inv.acceptedAt) throw invitationRefused('invitation_used');
      if (inv.revokedAt) throw invitationRefused('invitation_withdrawn');
      if (inv.expiresAt.getTime() <= Date.now()) throw invitationRefused('invitation_expired');
      const user = await m.findOneByOrFail(User, { id: userId });
      if (user.email.trim().toLowerCase() !== inv.email) throw invitationRefused('invitation_other_email');
      const existing = await m.findOne(Membership, { where: { userId } });
      if (existing) throw invitationRefused('invitation_already_member');
      await m.insert(Membership, { tenantId: found.tenantId, userId, role: inv.role });
      await m.update(
        Invitation,
        { id: inv.id },
        { acceptedAt: new Date(), acceptedByUserId: userId, tokenSecretId: null },
      );
      await this.forgetToken(m, inv);
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

  private linkFor(token: string): string {
    return invitationLink(this.publicUrl, token);
  }

  /** A used or withdrawn link has nothing left to send: its sealed token goes. */
  private async forgetToken(m: EntityManager, inv: Invitation): Promise<void> {
    if (inv.tokenSecretId) await this.secrets.remove(m, inv.tenantId, inv.tokenSecretId);
  }
}
