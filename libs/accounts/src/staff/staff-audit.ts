import { EntityManager } from 'typeorm';
import { StaffAuditEntry } from '../entities/staff-audit-entry.entity';

export interface StaffAuditEvent {
  staffId: string;
  staffEmail: string;
  action:
    | 'staff.created'
    | 'staff.locked'
    | 'staff.unlocked'
    | 'staff.totp_enrolled'
    | 'staff.totp_reset'
    /** a support view read under a grant (details: tenantId, grantId, view, targetId), once per grant and view */
    | 'staff.support_read';
  /** "cli:<os user>", "system" or "staff:<id>". */
  actor: string;
  details?: Record<string, unknown>;
}

/** Appends to staff_audit_log (global, append-only), in the caller's transaction. */
export async function recordStaffEvent(m: EntityManager, event: StaffAuditEvent): Promise<void> {
  const details = (event.details ?? {}) as StaffAuditEntry['details'] & object;
  await m.insert(StaffAuditEntry, { ...event, details });
}
