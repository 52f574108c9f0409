// The flag a flow's drain checks: a paused backfill lane (sync_call_plans.backfill_paused_flows)
// keeps its changes pending, unattempted, while the flow's higher lanes drain as usual.
import { EntityManager } from 'typeorm';
import { LANES } from '../pending/lanes';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Claim, FlowScope, PendingChanges } from '../pending/pending-changes.service';

/** Pauses a flow's backfill lane: its drain leaves backfill-lane changes pending until resumed. */
export async function pauseBackfill(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  flowKey: string,
): Promise<void> {
  await m.query(
    `INSERT INTO sync_call_plans (tenant_id, integration_id, backfill_paused_flows) VALUES ($1, $2, ARRAY[$3])
     ON CONFLICT (tenant_id, integration_id) DO UPDATE
     SET backfill_paused_flows = array_append(array_remove(sync_call_plans.backfill_paused_flows, $3), $3),
         updated_at = now()`,
    [tenantId, integrationId, flowKey],
  );
}

/** Resumes it; the caller requests a drain of the flow (requestDrain) in the same transaction. */
export async function resumeBackfill(m: EntityManager, integrationId: string, flowKey: string): Promise<void> {
  await m.query(
    `UPDATE sync_call_plans SET backfill_paused_flows = array_remove(backfill_paused_flows, $2), updated_at = now()
     WHERE integration_id = $1`,
    [integrationId, flowKey],
  );
}

export async function backfillPaused(m: EntityManager, integrationId: string, flowKey: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM sync_call_plans WHERE integration_id = $1 AND $2 = ANY(backfill_paused_flows)`,
    [integrationId, flowKey],
  );
  return rows.length > 0;
}

/**
 * When the flow's backfill is paused, releases the claim's backfill-lane changes unattempted (to be
 * looked at again after `recheckMs`) and returns the changes left to drain; else the claim's.
 */
export async function setAsidePausedBackfill(
  m: EntityManager,
  pending: PendingChanges,
  scope: FlowScope,
  claim: Claim,
  recheckMs: number,
): Promise<SyncPendingChange[]> {
  const backfill = claim.changes.filter((c) => c.lane === LANES.backfill);
  if (!backfill.length || !(await backfillPaused(m, scope.integrationId, scope.flowKey))) return claim.changes;
  for (const change of backfill)
    await pending.settle(m, change, claim.claimId, { kind: 'release', delayMs: recheckMs });
  return claim.changes.filter((c) => c.lane !== LANES.backfill);
}
