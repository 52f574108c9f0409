// What a posted invoice written over its orders' Xero drafts (draft-matches.ts) leaves behind, in
// the transaction that records the invoice: the drafts' cross-references marked `merged` into it
// (the orders flow writes to them no more), the drafts of orders it bills only in part redrafted
// for their remainder by the orders flow, and the change's outcome naming what became of each.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { requestDrain } from '../pending/drain-jobs';
import type { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { SentRecord } from './batch-flight';
import type { DrainContext } from './drain-context';

type Merges = NonNullable<SentRecord['merges']>;

const label = (d: Merges[number]) => `${d.entity === 'shipment' ? 'delivery' : 'order'} ${d.x3Key}`;
const deleted = (d: Merges[number]) => d.role !== 'delete' || d.outcome?.status === 'ok';
const merged = (d: Merges[number]) => d.role !== 'partial' && deleted(d);

/**
 * Done when every draft to delete is gone; held — the invoice written all the same — when Xero
 * refused to delete one (someone approved it meanwhile): the sale would be in Xero twice.
 */
export function mergeSettlement(r: SentRecord, merges: Merges, mappingVersion: number): Settlement {
  const outcome = {
    action: r.flight.inFlight.decision === 'update' ? ('updated' as const) : ('created' as const),
    targetId: r.outcome!.xeroId!,
    batchId: r.flight.batchId,
  };
  const kept = merges.find((d) => d.role === 'update');
  const messages = [
    ...(kept ? [`the Xero draft of ${label(kept)} became this invoice`] : []),
    ...merges.filter((d) => d.role === 'delete' && deleted(d)).map((d) => `the Xero draft of ${label(d)} was deleted`),
    ...merges
      .filter((d) => d.role === 'partial')
      .map((d) => `the Xero draft of ${label(d)} is kept for what X3 has not invoiced of it`),
  ];
  const left = merges.filter((d) => !deleted(d));
  if (!left.length) return { kind: 'done', outcome: { ...outcome, messages }, mappingVersion };
  return {
    kind: 'held',
    outcome: {
      ...outcome,
      messages: [
        ...messages,
        ...left.map(
          (d) =>
            `the Xero draft of ${label(d)} (${d.xeroId}) was not deleted: ${d.outcome?.messages.join('; ') ?? '?'}`,
        ),
      ],
      proposal:
        'The posted invoice is in Xero; the draft left beside it would count the sale twice: delete it in Xero, then dismiss this change',
    },
    mappingVersion,
  };
}

/** The drafts now part of the invoice (written over, deleted, or deleted before) are `merged` into it. */
export async function markMerged(
  m: EntityManager,
  integrationId: string,
  invoiceKey: string,
  merges: Merges,
): Promise<void> {
  for (const d of merges.filter(merged)) {
    await m.query(
      `UPDATE sync_cross_references SET state = 'merged', xero_natural_key = $4, updated_at = now()
       WHERE integration_id = $1 AND entity = $2 AND x3_key = $3 AND state <> 'archived'`,
      [integrationId, d.entity, d.x3Key, invoiceKey],
    );
  }
}

/**
 * The orders the invoice bills only in part: each is queued in the integration's orders flow
 * drafting on entry (read again from X3, so mapped as its remainder) and that flow's drain asked
 * for, in the transaction that records the invoice. X3 may not touch the order's header when it
 * invoices a line, so its poll alone could miss it.
 */
export async function queueRemainders(
  m: EntityManager,
  d: { pending: PendingChanges; jobs: JobProducer },
  context: DrainContext,
  merges: Merges,
  lane: number,
): Promise<void> {
  const keys = [...new Set(merges.filter((x) => x.role === 'partial').map((x) => x.x3Key))];
  if (!keys.length) return;
  const integrationId = context.integration.id;
  const flows: Array<{ flow_key: string }> = await m.query(
    `SELECT h.flow_key FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND v.document->>'entity' = 'salesOrder'
       AND v.document->>'direction' = 'x3-to-xero'
       AND coalesce(v.document->'options'->>'draftOn', 'entry') = 'entry'`,
    [integrationId],
  );
  for (const { flow_key: flowKey } of flows) {
    const changes = keys.map((sourceKey) => ({
      integrationId,
      flowKey,
      entity: 'salesOrder' as const,
      direction: 'x3-to-xero' as const,
      sourceKey,
      lane,
      source: null,
    }));
    await d.pending.accept(m, context.integration.tenantId, changes);
    await requestDrain(d.jobs, context.integration.tenantId, { integrationId, flowKey }, lane, m);
  }
}
