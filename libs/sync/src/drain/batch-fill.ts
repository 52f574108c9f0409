// Part batches while prerequisites land. In a load, a flow's records wait on records another flow
// is carrying (invoices on their customers) and are released in that flow's batch boundaries: 49
// invoices released by one batch of customers went out as a batch of 49, and the 50th as a batch
// of 1 (8 extra calls in the 10,000 + 10,000 initial load, its calls-per-record target missed).
// A drain that would send a part batch while more of the flow's records are about to be released
// waits a moment for them (SYNC_BATCH_FILL_MS, 2 s: real time, it is our own latency): never longer
// than that from when its records became ready, and only for releases that are coming (a
// prerequisite with an open change of its own).
import { EntityManager } from 'typeorm';
import type { FlowScope } from '../pending/pending-changes.service';
import { FLOW_OF_ENTITY } from './entity-plans';

/** How often a held drain looks again (a release also asks for a drain at once). */
const FILL_RECHECK_MS = 500;

export interface FillWait {
  /** Come back after this long. */
  delayMs: number;
  /** The lane of the records ready now (the continuation's priority). */
  lane: number;
}

/** A wait when the flow's ready records are fewer than a batch and more are being released; else null. */
export async function partBatchWait(
  m: EntityManager,
  scope: FlowScope,
  batch: number,
  maxWaitMs: number,
): Promise<FillWait | null> {
  if (maxWaitMs <= 0) return null;
  const [row] = await m.query<Array<{ ready: number; lane: number | null; age_ms: number | null; coming: number }>>(
    `WITH ready AS (
       SELECT lane, available_at FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = $2 AND state = 'pending' AND available_at <= now()
       ORDER BY lane, available_at LIMIT $3),
     coming AS (
       SELECT 1 FROM sync_pending_changes w
       JOIN unnest($4::text[], $5::text[]) AS f(entity, flow_key) ON f.entity = split_part(w.waiting_on, ':', 1)
       WHERE w.integration_id = $1 AND w.flow_key = $2 AND w.state = 'waiting'
         AND EXISTS (
           SELECT 1 FROM sync_pending_changes p
           WHERE p.integration_id = $1 AND p.flow_key = f.flow_key AND p.state IN ('pending', 'claimed')
             AND p.source_key = substr(w.waiting_on, length(f.entity) + 2))
       LIMIT $3)
     SELECT (SELECT count(*)::int FROM ready) AS ready, (SELECT min(lane) FROM ready) AS lane,
            (SELECT (extract(epoch FROM now() - min(available_at)) * 1000)::float8 FROM ready) AS age_ms,
            (SELECT count(*)::int FROM coming) AS coming`,
    [scope.integrationId, scope.flowKey, batch, Object.keys(FLOW_OF_ENTITY), Object.values(FLOW_OF_ENTITY)],
  );
  // a lease that ran out (a dead drain's claim) is not in `ready`: with one, go now
  if (!row || row.ready === 0 || row.ready >= batch || row.coming === 0 || row.age_ms === null) return null;
  if (await hasLapsedClaims(m, scope)) return null;
  const left = maxWaitMs - row.age_ms;
  if (left <= 0) return null;
  return { delayMs: Math.ceil(Math.min(left, FILL_RECHECK_MS)), lane: Number(row.lane) };
}

async function hasLapsedClaims(m: EntityManager, scope: FlowScope): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM sync_pending_changes
     WHERE integration_id = $1 AND flow_key = $2 AND state = 'claimed' AND claimed_until < now() LIMIT 1`,
    [scope.integrationId, scope.flowKey],
  );
  return rows.length > 0;
}
