// An approved difference's fix applied as a sync action: the X3 record goes back through the
// normal pending-change path (the drain re-reads it from X3, maps it and writes it to Xero, or
// holds it for an accountant when Xero refuses), so a fix is never a side-channel write. A
// duplicate keyed in Xero is voided by the worker's void-duplicate job (void-duplicate.ts); a
// record only Xero has goes to X3 through the flow reading it from Xero (create-in-x3.ts); a
// missing lookup entry is added with the approval's value as a new mapping version (add-mapping.ts);
// a payment keyed in Xero only is queued for X3 by the worker's carry-xero-payments job (carry-payment.ts).
import { EntityManager } from 'typeorm';
import type { Actor, CanonicalEntity, MappingVersions } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { LANES, PendingChanges, requestDrain } from '#lb/sync';
import type { ReconDifference } from '../runs/recon-difference.entity';
import { addMappingEntry } from './add-mapping';
import { queueCarryPayment } from './carry-payment';
import { queueCreateInX3 } from './create-in-x3';
import { FixNotAutomaticError } from './fix-errors';

export { FixInputError, FixNotAutomaticError } from './fix-errors';

export interface FixDeps {
  jobs: JobProducer;
  /** Mapping versions with the sync's activation hook (add-mapping); without it that fix is refused. */
  mappings?: MappingVersions;
}

/** What the approving admin gives: who approves, and for add-mapping the entry's value fields. */
export interface FixApproval {
  by: Actor;
  value?: Record<string, unknown>;
}

/** The flow carrying this entity from X3 to Xero, if the integration has one. */
async function flowFor(m: EntityManager, integrationId: string, entity: string): Promise<string | null> {
  const [row] = await m.query<Array<{ flowKey: string }>>(
    `SELECT h.flow_key AS "flowKey" FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND v.document->>'entity' = $2 AND v.document->>'direction' IN ('x3-to-xero', 'both-ways')
     ORDER BY h.flow_key LIMIT 1`,
    [integrationId, entity],
  );
  return row?.flowKey ?? null;
}

/** Applies the fix in the caller's transaction; the drain it asks for runs after the commit. */
export async function applyFix(
  m: EntityManager,
  { jobs, mappings }: FixDeps,
  integrationId: string,
  difference: ReconDifference,
  approval: FixApproval,
): Promise<void> {
  const { fix } = difference;
  if (fix.action === 'add-mapping') return addMappingEntry(m, mappings, integrationId, difference, approval);
  if (fix.action === 'void-duplicate' && fix.target) {
    // a Xero write the worker makes after the commit (the job goes through the outbox with it)
    await jobs.enqueue(
      'maintenance',
      'void-duplicate',
      { tenantId: difference.tenantId, differenceId: difference.id },
      { jobId: `void-duplicate:${difference.id}` },
      m,
    );
    return;
  }
  if (fix.action === 'create-in-x3') return queueCreateInX3(m, jobs, integrationId, difference);
  if (fix.action === 'carry-payment') return queueCarryPayment(m, jobs, integrationId, difference);
  if (fix.action !== 'resend-x3' || !fix.target) {
    throw new FixNotAutomaticError(`${fix.description}: this fix is made by an accountant, not by the sync`);
  }
  const flowKey = await flowFor(m, integrationId, difference.entity);
  if (!flowKey) throw new FixNotAutomaticError(`no flow carries ${difference.entity} records from X3 to Xero`);
  const scope = { integrationId, flowKey };
  await new PendingChanges().accept(m, difference.tenantId, [
    // source null: the drain reads the record from X3 as it is now, never a stale copy; forced:
    // the X3 record did not change, so the content-hash dedupe would skip it (Xero's copy drifted)
    {
      ...scope,
      entity: difference.entity as CanonicalEntity,
      direction: 'x3-to-xero',
      sourceKey: fix.target,
      lane: LANES.interactive,
      source: null,
      force: true,
    },
  ]);
  await requestDrain(jobs, difference.tenantId, scope, LANES.interactive, m);
}
