import { AuditLogEntry } from '#lb/database';

export interface AuditEntryView {
  id: string;
  at: string;
  actorKind: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ipAddress: string | null;
  userAgent: string | null;
}

export const auditView = (e: AuditLogEntry): AuditEntryView => ({
  id: e.id,
  at: e.createdAt.toISOString(),
  actorKind: e.actorKind,
  actorId: e.actorId,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  details: e.details,
  ipAddress: e.ipAddress,
  userAgent: e.userAgent,
});
