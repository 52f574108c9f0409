// Removing trail rows and dead-letter payloads: a record Xero marks GDPRREQUEST (forgetRecords), an
// off-boarding tenant (purgeTenantTrail), and everything past the retention period (purgeExpired).
// Always in the tenant's transaction (RLS); deletes go in batches so no statement holds a long lock.
import { EntityManager } from 'typeorm';

export const PURGE_BATCH = 5_000;

/**
 * A Xero contact in GDPRREQUEST status: its trail rows (as source or as target) go, dead letters
 * and settled changes of it lose their payload, and open changes of it stop (done, not carried).
 */
export async function forgetRecords(m: EntityManager, integrationId: string, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await m.query(
    `DELETE FROM sync_record_events WHERE integration_id = $1 AND (source_key = ANY($2::text[]) OR target_id = ANY($2::text[]))`,
    [integrationId, keys],
  );
  await m.query(
    `UPDATE sync_pending_changes SET source = NULL, updated_at = now()
     WHERE integration_id = $1 AND source_key = ANY($2::text[]) AND state IN ('dead', 'held', 'done') AND source IS NOT NULL`,
    [integrationId, keys],
  );
  await m.query(
    `UPDATE sync_pending_changes SET state = 'done', source = NULL, waiting_on = NULL, settled_at = now(), updated_at = now(),
            outcome = '{"action":"skipped","messages":["Xero GDPR request: the contact is no longer carried"]}'::jsonb
     WHERE integration_id = $1 AND source_key = ANY($2::text[]) AND state IN ('pending', 'waiting')`,
    [integrationId, keys],
  );
}

/** Off-boarding: the tenant's whole trail, runs and dead-letter payloads, at once. */
export async function purgeTenantTrail(m: EntityManager): Promise<void> {
  while ((await deleteBatch(m, `SELECT id FROM sync_record_events LIMIT ${PURGE_BATCH}`, 'sync_record_events')) > 0);
  await m.query(`DELETE FROM sync_runs`);
  await m.query(`UPDATE sync_pending_changes SET source = NULL WHERE state IN ('dead', 'held') AND source IS NOT NULL`);
}

export interface PurgeCounts {
  events: number;
  runs: number;
  deadLetterPayloads: number;
}

/** Everything of the tenant older than `before`: trail events, runs, dead-letter payloads. Batched. */
export async function purgeExpired(m: EntityManager, before: Date, maxBatches = 200): Promise<PurgeCounts> {
  const counts: PurgeCounts = { events: 0, runs: 0, deadLetterPayloads: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const n = await deleteBatch(
      m,
      `SELECT id FROM sync_record_events WHERE at < '${before.toISOString()}'::timestamptz ORDER BY at LIMIT ${PURGE_BATCH}`,
      'sync_record_events',
    );
    counts.events += n;
    if (n < PURGE_BATCH) break;
  }
  const runs: [unknown[], number] = await m.query(
    `DELETE FROM sync_runs WHERE id IN (SELECT id FROM sync_runs WHERE started_at < $1 LIMIT ${PURGE_BATCH * 4})`,
    [before],
  );
  counts.runs = runs[1];
  const letters: [unknown[], number] = await m.query(
    `UPDATE sync_pending_changes SET source = NULL
     WHERE id IN (SELECT id FROM sync_pending_changes WHERE state = 'dead' AND settled_at < $1 AND source IS NOT NULL
                  LIMIT ${PURGE_BATCH})`,
    [before],
  );
  counts.deadLetterPayloads = letters[1];
  return counts;
}

async function deleteBatch(m: EntityManager, select: string, table: string): Promise<number> {
  const result: [unknown[], number] = await m.query(`DELETE FROM ${table} WHERE id IN (${select})`);
  return result[1];
}
