// Which x3→xero changes of a both-ways flow must be read from X3 again rather than taken as the
// poll read them: those whose record was written meanwhile (its cross-reference moved), since the
// poll's copy would carry X3's overwritten values back to Xero. Re-reading every change instead
// would cost an initial load one X3 read per record (10,000 customers: 10,000 reads).
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';

/**
 * A write the poll's copy may predate: the poll reads, then accepts; a Xero→X3 write between the
 * two (or any time after the row was first accepted) would be missed without this margin.
 */
export const STALE_MARGIN_MS = 5 * 60_000;

/** Changes whose record's cross-reference was updated after (or shortly before) the change came. */
export async function changesWithStaleCopies(
  m: EntityManager,
  integrationId: string,
  entity: string,
  changes: SyncPendingChange[],
): Promise<Set<SyncPendingChange>> {
  const withCopy = changes.filter((c) => c.source && c.source._deleted !== true);
  if (!withCopy.length) return new Set();
  const rows = await m.query<Array<{ x3_key: string; updated_at: Date }>>(
    `SELECT x3_key, updated_at FROM sync_cross_references
     WHERE integration_id = $1 AND entity = $2 AND x3_key = ANY($3::text[]) AND state <> 'archived'`,
    [integrationId, entity, withCopy.map((c) => c.sourceKey)],
  );
  const movedAt = new Map(rows.map((r) => [r.x3_key, new Date(r.updated_at).getTime()]));
  return new Set(
    withCopy.filter((c) => {
      const moved = movedAt.get(c.sourceKey);
      return moved !== undefined && moved > new Date(c.createdAt).getTime() - STALE_MARGIN_MS;
    }),
  );
}
