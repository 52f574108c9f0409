// Both-ways flows: an X3 change of a record whose Xero edit is known here but not carried yet (its
// webhook event not fetched, or its xero-to-x3 change open in another claim) waits for it. Carried
// first, Xero's edit meets the flow's conflict rules against X3 (newest wins), and the X3 change,
// re-read afterwards, then carries only what X3 won. Written first, X3's values would overwrite a
// newer Xero edit, and putting it back costs a second write (the both-ways proof's paused rounds).
// A Xero edit whose webhook has not reached us yet cannot be seen here: that race remains.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { DrainContext } from './drain-context';

/** A Xero edit older than this is not waited for: a stuck event must not hold X3's side forever. */
const RECENT = '5 minutes';
/** How soon the waiting X3 change is looked at again. */
export const BEHIND_XERO_RETRY_MS = 1_000;

/** The X3 keys among `changes` whose Xero record has an edit on its way to X3. */
export async function behindXeroEdits(
  m: EntityManager,
  context: DrainContext,
  changes: SyncPendingChange[],
): Promise<Set<string>> {
  const keys = changes.filter((c) => c.direction === 'x3-to-xero').map((c) => c.sourceKey);
  if (context.flow.direction !== 'both-ways' || !keys.length) return new Set();
  const rows: Array<{ x3_key: string }> = await m.query(
    `SELECT r.x3_key FROM sync_cross_references r
     WHERE r.integration_id = $1 AND r.entity = $2 AND r.x3_key = ANY($3) AND r.state <> 'archived'
       AND r.xero_id IS NOT NULL
       AND (EXISTS (SELECT 1 FROM sync_pending_changes p
                    WHERE p.integration_id = r.integration_id AND p.flow_key = $4 AND p.direction = 'xero-to-x3'
                      AND p.state IN ('pending', 'claimed') AND p.source_key = lower(r.xero_id)
                      AND p.updated_at > now() - interval '${RECENT}')
            OR EXISTS (SELECT 1 FROM xero_events e
                       WHERE e.status = 'pending' AND e.resource_id::text = lower(r.xero_id)
                         AND e.created_at > now() - interval '${RECENT}'))`,
    [context.integration.id, context.entity, keys, context.flowKey],
  );
  return new Set(rows.map((r) => r.x3_key));
}
