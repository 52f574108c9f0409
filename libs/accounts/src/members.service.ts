import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Membership, Role, TenantTransactions, User } from '#lb/database';
import { AuditActor, AuditTrail, RequestOrigin } from './audit-trail';

export interface MemberView {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  joinedAt: string;
}

/**
 * Who belongs to a tenant and with which role. Only an owner changes or removes an owner, and the
 * last owner can be neither removed nor demoted.
 */
export class MembersService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
  ) {}

  list(tenantId: string): Promise<MemberView[]> {
    return this.tx.run(tenantId, async (m) => {
      const rows = await m
        .createQueryBuilder(Membership, 'ms')
        .innerJoin(User, 'u', 'u.id = ms.user_id')
        .select(['ms.id AS membership_id', 'ms.user_id AS user_id', 'ms.role AS role', 'ms.created_at AS created_at'])
        .addSelect(['u.email AS email', 'u.display_name AS display_name'])
        .orderBy('ms.created_at', 'ASC')
        .getRawMany<{
          membership_id: string;
          user_id: string;
          role: Role;
          created_at: Date;
          email: string;
          display_name: string;
        }>();
      return rows.map((r) => ({
        membershipId: r.membership_id,
        userId: r.user_id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        joinedAt: r.created_at.toISOString(),
      }));
    });
  }

  changeRole(
    tenantId: string,
    membershipId: string,
    role: Role,
    actor: AuditActor & { role: Role },
    origin: RequestOrigin,
  ): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      const member = await this.lockMember(m, membershipId);
      assertMayChange(actor.role, member.role);
      if (member.role === role) return;
      if (member.role === 'owner') await this.assertAnotherOwner(m);
      await m.update(Membership, { id: member.id }, { role });
      await this.audit.record(m, tenantId, {
        actor: { kind: actor.kind, id: actor.id },
        action: 'member.role_changed',
        targetType: 'user',
        targetId: member.userId,
        details: { from: member.role, to: role },
        origin,
      });
    });
  }

  remove(
    tenantId: string,
    membershipId: string,
    actor: AuditActor & { role: Role },
    origin: RequestOrigin,
  ): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      const member = await this.lockMember(m, membershipId);
      assertMayChange(actor.role, member.role);
      if (member.role === 'owner') await this.assertAnotherOwner(m);
      await m.delete(Membership, { id: member.id });
      await this.audit.record(m, tenantId, {
        actor: { kind: actor.kind, id: actor.id },
        action: 'member.removed',
        targetType: 'user',
        targetId: member.userId,
        details: { role: member.role },
        origin,
      });
    });
  }

  /** The member's current role, read fresh on every request (so changes apply at once). */
  roleOf(tenantId: string, userId: string): Promise<Role | null> {
    // every request asks (principal middleware): one round trip to PostgreSQL, read fresh each time
    return this.tx
      .readOnce<{ role: Role }>(tenantId, `SELECT role FROM memberships WHERE user_id = $1`, [userId])
      .then((rows) => rows[0]?.role ?? null);
  }

  private async lockMember(m: EntityManager, membershipId: string): Promise<Membership> {
    // Owners are locked together so two concurrent demotions cannot leave the tenant ownerless.
    await m.query(`SELECT id FROM memberships WHERE role = 'owner' ORDER BY id FOR UPDATE`);
    const member = await m.findOne(Membership, { where: { id: membershipId }, lock: { mode: 'pessimistic_write' } });
    if (!member) throw new NotFoundException('Member not found');
    return member;
  }

  private async assertAnotherOwner(m: EntityManager): Promise<void> {
    const owners = await m.count(Membership, { where: { role: 'owner' } });
    if (owners <= 1)
      throw new ConflictException('The last owner cannot be removed or demoted; make someone else owner first');
  }
}

export function assertCanAssign(actorRole: Role, role: Role): void {
  if (role === 'owner' && actorRole !== 'owner')
    throw new ForbiddenException('Only an owner can make someone an owner');
}

/** An owner's role and membership are an owner's business: an admin can neither demote nor remove one. */
export function assertMayChange(actorRole: Role, targetRole: Role): void {
  if (targetRole === 'owner' && actorRole !== 'owner')
    throw new ForbiddenException('Only an owner can change or remove an owner');
}
