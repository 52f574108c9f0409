import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { AuditTrail, RequestOrigin } from './audit-trail';
import { SupportGrant } from './entities/support-grant.entity';
import { recordStaffEvent } from './staff/staff-audit';

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

/** A tenant as the console opens it: its name, and this staff member's live grant if there is one. */
export interface SupportAccessView {
  tenant: { id: string; name: string; createdAt: string };
  grant: SupportGrantView | null;
}

/** What a support read looks at: a view of the tenant, or of one thing in it (an integration). */
export type SupportReadTarget = string | { what: string; targetId: string };

const grantView = (g: SupportGrant): SupportGrantView => ({
  id: g.id,
  tenantId: g.tenantId,
  reason: g.reason,
  expiresAt: g.expiresAt.toISOString(),
});

/** The staff member's unexpired, unrevoked grant on the transaction's tenant, newest first. */
const liveGrantIn = (m: EntityManager, staffId: string) =>
  m.findOne(SupportGrant, {
    where: { staffId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    order: { expiresAt: 'DESC' },
  });

/**
 * Support access: staff find a tenant, state a reason and get a time-boxed, read-only grant.
 * One grant serves its whole time box: asking again while it is live returns it, writing nothing.
 * The grant is the tenant's one audit entry for the whole time box (issue 13: a reload or another
 * view adds nothing there); the first read of each view under it lands in staff_audit_log, the
 * operators' record of what was looked at. Reads run in read-only transactions.
 */
export class SupportService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly audit: AuditTrail,
    private readonly dataSource: DataSource,
  ) {}

  search(query: string) {
    if (query.trim().length < 2) throw new BadRequestException('Search needs at least 2 characters');
    return this.system.searchTenants(query.trim());
  }

  /** The tenant (404 when there is none) and the staff member's live grant on it; writes nothing. */
  async access(staff: StaffIdentity, tenantId: string): Promise<SupportAccessView> {
    const tenant = (await this.system.searchTenants(tenantId)).find((t) => t.id === tenantId);
    if (!tenant) throw new NotFoundException('No such tenant');
    const live = await this.tx.runReadOnly(tenantId, (m) => liveGrantIn(m, staff.staffId));
    return { tenant, grant: live ? grantView(live) : null };
  }

  /**
   * A grant for `minutes`, or the staff member's live one on this tenant (reused: true), in which
   * case nothing is written: no second grant, no second audit entry, the first reason stands.
   */
  async grant(
    staff: StaffIdentity,
    tenantId: string,
    reason: string,
    minutes: number,
    origin: RequestOrigin,
  ): Promise<SupportGrantView & { reused: boolean }> {
    if (reason.trim().length < 10)
      throw new BadRequestException('State the reason for access (at least 10 characters)');
    if (!(await this.system.tenantExists(tenantId))) throw new BadRequestException('No such tenant');
    const expiresAt = new Date(Date.now() + Math.min(minutes, MAX_SUPPORT_GRANT_MINUTES) * 60_000);
    return this.tx.run(tenantId, async (m) => {
      // Two tabs asking at once: the second waits, then finds the first one's grant.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`support-grant:${tenantId}:${staff.staffId}`]);
      const live = await liveGrantIn(m, staff.staffId);
      if (live) return { ...grantView(live), reused: true };
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
      return { ...grantView(saved), reused: false };
    });
  }

  /**
   * Runs `read` for a staff member with a live grant on the tenant (403 without one). The first
   * read of each view under a grant is recorded in staff_audit_log (a reload or a second look under
   * the same grant adds nothing; no record, no read), then the read runs in a READ ONLY transaction.
   */
  async read<T>(
    staff: StaffIdentity,
    tenantId: string,
    target: SupportReadTarget,
    _origin: RequestOrigin,
    read: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    const { what, targetId } = typeof target === 'string' ? { what: target, targetId: null } : target;
    const live = await this.tx.runReadOnly(tenantId, (m) => liveGrantIn(m, staff.staffId));
    if (!live)
      throw new ForbiddenException('No live support grant for this tenant: request access with a reason first');
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`support-read:${live.id}:${what}:${targetId}`]);
      const seen: unknown[] = await m.query(
        `SELECT 1 FROM staff_audit_log
         WHERE staff_id = $1 AND created_at >= $2 AND action = 'staff.support_read'
           AND details->>'grantId' = $3 AND details->>'view' = $4
           AND details->>'targetId' IS NOT DISTINCT FROM $5
         LIMIT 1`,
        [staff.staffId, live.createdAt, live.id, what, targetId],
      );
      if (seen.length > 0) return;
      await recordStaffEvent(m, {
        staffId: staff.staffId,
        staffEmail: staff.email,
        action: 'staff.support_read',
        actor: `staff:${staff.staffId}`,
        details: { tenantId, grantId: live.id, view: what, targetId },
      });
    });
    return this.tx.runReadOnly(tenantId, read);
  }
}
