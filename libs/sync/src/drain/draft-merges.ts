// What a posted invoice written over its orders' Xero drafts (draft-matches.ts) leaves behind, in
// the transaction that records the invoice: the drafts' cross-references marked `merged` into it
// (the orders flow writes to them no more), and the change's outcome naming what became of each.
import { EntityManager } from 'typeorm';
import type { Settlement } from '../pending/pending-changes.service';
import type { SentRecord } from './batch-flight';

type Merges = NonNullable<SentRecord['merges']>;

const label = (d: Merges[number]) => `${d.entity === 'shipment' ? 'delivery' : 'order'} ${d.x3Key}`;
const deleted = (d: Merges[number]) => d.role !== 'delete' || d.outcome?.status === 'ok';

/**
 * Done when every draft to delete is gone; held — the invoice written all the same — when Xero
 * refused to delete one (someone approved it meanwhile): the sale would be in Xero twice.
 */
export function mergeSettlement(r: SentRecord, merges: Merges, mappingVersion: number): Settlement {
  const outcome = {
    action: 'updated' as const,
    targetId: r.outcome!.xeroId!,
    batchId: r.flight.batchId,
  };
  const kept = merges.find((d) => d.role === 'update');
  const messages = [
    ...(kept ? [`the Xero draft of ${label(kept)} became this invoice`] : []),
    ...merges.filter((d) => d.role === 'delete' && deleted(d)).map((d) => `the Xero draft of ${label(d)} was deleted`),
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
  for (const d of merges.filter(deleted)) {
    await m.query(
      `UPDATE sync_cross_references SET state = 'merged', xero_natural_key = $4, updated_at = now()
       WHERE integration_id = $1 AND entity = $2 AND x3_key = $3 AND state <> 'archived'`,
      [integrationId, d.entity, d.x3Key, invoiceKey],
    );
  }
}
