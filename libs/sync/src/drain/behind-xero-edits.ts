// X3 changes that must wait for the Xero side first (x3-to-xero changes of customers and suppliers).
//
// Both-ways flows: an X3 change of a record whose Xero edit is known here but not carried yet (its
// webhook event not fetched, or its xero-to-x3 change open in another claim) waits for it. Carried
// first, Xero's edit meets the flow's conflict rules against X3 (newest wins), and the X3 change,
// re-read afterwards, then carries only what X3 won. Written first, X3's values would overwrite a
// newer Xero edit, and putting it back costs a second write (the both-ways proof's paused rounds).
// A Xero edit whose webhook has not reached us yet cannot be seen here: that race remains.
//
// Any flow: an X3 record a xero-to-x3 change is writing right now (its X3 key marked on the change
// before the write: PendingChanges.renewWriting) waits until that change settles. The X3 poll can
// see the record between X3's answer and the commit of its cross-reference (or while a write whose
// answer was lost waits for its retry); with no cross-reference yet it read as a new X3 record,
// and its "create" — Xero's POST finds a contact by Name — wrote X3's copy over the Xero contact it
// came from (first-connection e2e, 2 Dec 2026: docs/connectors/first-connection-matching.md).
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { DrainContext } from './drain-context';

/** A Xero edit older than this is not waited for: a stuck event must not hold X3's side forever. */
const RECENT = '5 minutes';
/** How soon the waiting X3 change is looked at again. */
export const BEHIND_XERO_RETRY_MS = 1_000;
/** A write from Xero waiting for its retry is looked at again at least this often. */
const WRITE_RECHECK_MAX_MS = 60_000;
/**
 * A write from Xero not attempted for this long is not waited for (a flow switched off with changes
 * left open): longer than the X3 writer's longest retry delay (30 min + 20 %, x3-failures.ts).
 */
const WRITING_STALE = '1 hour';

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

/**
 * X3 key → how long to wait, for the keys among `changes` that an open xero-to-x3 change of the
 * entity (any flow of the integration) is writing to X3: claimed, BEHIND_XERO_RETRY_MS; waiting
 * for a retry, until then (at most WRITE_RECHECK_MAX_MS). The key stays marked on the change until
 * it settles (PendingChanges.renewWriting), so the X3 change waits while X3's record is in flux.
 */
export async function writtenFromXero(
  m: EntityManager,
  context: DrainContext,
  changes: SyncPendingChange[],
): Promise<Map<string, number>> {
  const keys = changes.filter((c) => c.direction === 'x3-to-xero').map((c) => c.sourceKey);
  if ((context.entity !== 'customer' && context.entity !== 'supplier') || !keys.length) return new Map();
  const rows: Array<{ x3_key: string; due_ms: number }> = await m.query(
    `SELECT p.outcome->>'targetId' AS x3_key,
            max(CASE WHEN p.state = 'pending' THEN extract(epoch FROM p.available_at - now()) * 1000 ELSE 0 END)::float8
              AS due_ms
     FROM sync_pending_changes p
     WHERE p.integration_id = $1 AND p.entity = $2 AND p.direction = 'xero-to-x3'
       AND p.state IN ('pending', 'claimed') AND p.outcome->>'targetId' = ANY($3::text[])
       AND p.updated_at > now() - interval '${WRITING_STALE}'
     GROUP BY 1`,
    [context.integration.id, context.entity, keys],
  );
  const clamp = (ms: number) => Math.min(WRITE_RECHECK_MAX_MS, Math.max(BEHIND_XERO_RETRY_MS, Math.ceil(ms)));
  return new Map(rows.map((r) => [r.x3_key, clamp(Number(r.due_ms))]));
}

/** source key → how long it waits, for the X3 changes among `changes` that go after the Xero side. */
export async function waitsForXeroSide(
  m: EntityManager,
  context: DrainContext,
  changes: SyncPendingChange[],
): Promise<Map<string, number>> {
  const waits = await writtenFromXero(m, context, changes);
  for (const key of await behindXeroEdits(m, context, changes)) {
    waits.set(key, Math.max(waits.get(key) ?? 0, BEHIND_XERO_RETRY_MS));
  }
  return waits;
}
