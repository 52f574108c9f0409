import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { AuditTrail, RequestOrigin } from './audit-trail';
import { SupportGrant } from './entities/support-grant.entity';

export const MAX_SUPPORT_GRANT_MINUTES = 240;

export interface StaffIdentity {
  staffId: string;
  email: string;
}

export interface SupportGrantView {
  id: string;
  tenantId: string;
  reason: string;
  expiresAt: string;
}

/**
 * Support access: staff find a tenant, state a reason and get a time-boxed, read-only grant.
 * Every grant and every read lands in that tenant's audit log; reads run in read-only transactions.
 */
export class SupportService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly audit: AuditTrail,
  ) {}

  search(query: string) {
    if (query.trim().length < 2) throw new BadRequestException('Search needs at least 2 characters');
    return this.system.searchTenants(query.trim());
  }

  async grant(
    staff: StaffIdentity,
    tenantId: string,
    reason: string,
    minutes: number,
    origin: RequestOrigin,
  ): Promise<SupportGrantView> {
    if (reason.trim().length < 10)
      throw new BadRequestException('State the reason for access (at least 10 characters)');
    if (!(await this.system.tenantExists(tenantId))) throw new BadRequestException('No such tenant');
    const expiresAt = new Date(Date.now() + Math.min(minutes, MAX_SUPPORT_GRANT_MINUTES) * 60_000);
    const grant = await this.tx.run(tenantId, async (m) => {
      const saved = await m.save(
        m.create(SupportGrant, {
          tenantId,
          staffId: staff.staffId,
          staffEmail: staff.email,
          reason: reason.trim(),
          expiresAt,
        }),
      );
      await this.audit.record(m, tenantId, {
        actor: { kind: 'staff', id: staff.staffId },
        action: 'support.access_granted',
        targetType: 'support_grant',
        targetId: saved.id,
        details: { staff: staff.email, reason: saved.reason, expiresAt: expiresAt.toISOString() },
        origin,
      });
      return saved;
    });
    return { id: grant.id, tenantId, reason: grant.reason, expiresAt: grant.expiresAt.toISOString() };
  }

  /**
   * Runs `read` for a staff member with a live grant on the tenant: the access is audited first
   * (its own short write), then the read runs in a READ ONLY transaction.
   */
  async read<T>(
    staff: StaffIdentity,
    tenantId: string,
    what: string,
    origin: RequestOrigin,
    read: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    await this.tx.run(tenantId, async (m) => {
      const live = await m.findOne(SupportGrant, {
        where: { staffId: staff.staffId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
        order: { expiresAt: 'DESC' },
      });
      if (!live)
        throw new ForbiddenException('No live support grant for this tenant: request access with a reason first');
      await this.audit.record(m, tenantId, {
        actor: { kind: 'staff', id: staff.staffId },
        action: 'support.read',
        targetType: what,
        details: { staff: staff.email, grantId: live.id },
        origin,
      });
    });
    return this.tx.runReadOnly(tenantId, read);
  }
}
