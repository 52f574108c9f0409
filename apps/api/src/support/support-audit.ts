import { EntityManager, In } from 'typeorm';
import { AuditLogEntry, User } from '#lb/database';
import { AuditEntryView, auditView } from '../tenant/audit-view';

export type NamedAuditEntry = AuditEntryView & { actorName: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Audit entries with their actors by name, for support: a member by display name (their email when
 * they have none), staff by the email the entry recorded, and a system actor as it was written
 * ('system', 'cli:<who>', a job's name). Read in the caller's tenant transaction.
 */
export async function withActorNames(m: EntityManager, entries: AuditLogEntry[]): Promise<NamedAuditEntry[]> {
  const userIds = [
    ...new Set(
      entries.filter((e) => e.actorKind === 'user' && e.actorId && UUID.test(e.actorId)).map((e) => e.actorId!),
    ),
  ];
  const users = userIds.length
    ? await m.find(User, { where: { id: In(userIds) }, select: { id: true, displayName: true, email: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.displayName.trim() || u.email]));
  return entries.map((e) => ({ ...auditView(e), actorName: actorName(e, names) }));
}

function actorName(e: AuditLogEntry, users: Map<string, string>): string {
  if (e.actorKind === 'user') return (e.actorId && users.get(e.actorId)) || 'a former user';
  if (e.actorKind === 'staff') return typeof e.details?.staff === 'string' ? e.details.staff : 'Ledgerbridge support';
  return e.actorId || 'system';
}
