// What a posted invoice written over its orders' Xero drafts (draft-matches.ts) leaves behind, in
// the transaction that records the invoice: the drafts' cross-references marked `merged` into it
// (the orders flow writes to them no more), the drafts of orders it bills only in part recorded
// at their remainder (or, when that was not written with the invoice, queued for the orders flow
// to redraft), and the change's outcome naming what became of each.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import type { CrossReferences } from '../cross-references/cross-references.service';
import { requestDrain } from '../pending/drain-jobs';
import type { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { SentRecord } from './batch-flight';
import type { DrainContext } from './drain-context';
import { entryOrderFlows } from './remainder-writes';

type Merges = NonNullable<SentRecord['merges']>;

const label = (d: Merges[number]) => `${d.entity === 'shipment' ? 'delivery' : 'order'} ${d.x3Key}`;
const deleted = (d: Merges[number]) => d.role !== 'delete' || d.outcome?.status === 'ok';
const merged = (d: Merges[number]) => d.role !== 'partial' && deleted(d);
/** A draft updated to its order's remainder in the invoice's batch. */
const reduced = (d: Merges[number]) => d.role === 'partial' && d.index !== undefined && d.outcome?.status === 'ok';
/** A draft Xero would not delete, or not reduce to its order's remainder: it still shows what is invoiced. */
const left = (d: Merges[number]) => !deleted(d) || (d.role === 'partial' && d.index !== undefined && !reduced(d));

/**
 * Done when every draft to delete is gone and every remainder written; held — the invoice written
 * all the same — when Xero refused one (someone approved it meanwhile): the sale would be in Xero twice.
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
    ...merges.filter((d) => d.role === 'partial' && !left(d)).map((d) => partialMessage(d)),
  ];
  const refused = merges.filter(left);
  if (!refused.length) return { kind: 'done', outcome: { ...outcome, messages }, mappingVersion };
  return {
    kind: 'held',
    outcome: {
      ...outcome,
      messages: [
        ...messages,
        ...refused.map(
          (d) =>
            `the Xero draft of ${label(d)} (${d.xeroId}) was not ${d.role === 'delete' ? 'deleted' : 'reduced to what X3 has not invoiced of it'}: ${d.outcome?.messages.join('; ') || '?'}`,
        ),
      ],
      proposal:
        'The posted invoice is in Xero; the draft left beside it as it was would count the sale twice: delete it in Xero (an order invoiced in part: reduce it to what is left to invoice), then dismiss this change',
    },
    mappingVersion,
  };
}

/** What became of the draft of an order the invoice bills in part. */
function partialMessage(d: Merges[number]): string {
  return reduced(d)
    ? `the Xero draft of ${label(d)} now shows what X3 has not invoiced of it`
    : `the Xero draft of ${label(d)} is kept for what X3 has not invoiced of it`;
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

/** The drafts updated to their order's remainder with the invoice: their cross-references hold it now. */
export async function recordRemainders(
  m: EntityManager,
  crossRefs: CrossReferences,
  context: DrainContext,
  merges: Merges,
): Promise<void> {
  for (const d of merges.filter(reduced)) {
    await crossRefs.record(m, context.integration.tenantId, {
      integrationId: context.integration.id,
      entity: 'salesOrder',
      x3Key: d.x3Key,
      xeroId: d.outcome!.xeroId ?? d.xeroId,
      xeroNaturalKey: d.reference ?? d.x3Key,
      contentHash: d.remainder!.contentHash,
      kind: 'write',
      mappingVersion: d.remainder!.mappingVersion,
      xeroUpdatedAt: d.outcome!.updatedAt,
    });
  }
}

/**
 * The orders the invoice bills only in part whose drafts were not updated with it: each is queued in the integration's orders flow
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
  const keys = [...new Set(merges.filter((x) => x.role === 'partial' && !reduced(x)).map((x) => x.x3Key))];
  if (!keys.length) return;
  const integrationId = context.integration.id;
  for (const flowKey of await entryOrderFlows(m, integrationId)) {
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
