import { EntityManager } from 'typeorm';
import { AuditActorKind, AuditLogEntry } from '#lb/database';

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
}

/** Where a request came from, for the "from where" of an audit entry. */
export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEvent {
  actor: AuditActor;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  origin?: RequestOrigin;
}

export interface AuditFilter {
  action?: string;
  actorKind?: AuditActorKind;
  from?: Date;
  to?: Date;
  before?: Date;
  limit?: number;
}

/** Writes and reads the tenant's append-only audit log, inside the caller's tenant transaction. */
export class AuditTrail {
  async record(m: EntityManager, tenantId: string, event: AuditEvent): Promise<void> {
    await m.insert(AuditLogEntry, {
      tenantId,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: (event.details ?? {}) as AuditLogEntry['details'] & object,
      ipAddress: event.origin?.ip ?? null,
      userAgent: event.origin?.userAgent?.slice(0, 300) ?? null,
    });
  }

  list(m: EntityManager, filter: AuditFilter): Promise<AuditLogEntry[]> {
    const q = m.createQueryBuilder(AuditLogEntry, 'a').orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC');
    if (filter.action) q.andWhere('a.action LIKE :action', { action: `${filter.action.replace(/[%_\\]/g, '\\$&')}%` });
    if (filter.actorKind) q.andWhere('a.actor_kind = :kind', { kind: filter.actorKind });
    if (filter.from) q.andWhere('a.created_at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('a.created_at < :to', { to: filter.to });
    if (filter.before) q.andWhere('a.created_at < :before', { before: filter.before });
    return q.take(Math.min(filter.limit ?? 50, 200)).getMany();
  }
}
