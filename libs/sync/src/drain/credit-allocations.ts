// Credit-note allocations (issue 11): an X3 credit memo that names the invoice (sales, SIHORINUM)
// or bill (purchase, PIHINVNUM) it credits is allocated to it in Xero once both are there. Each
// allocation is a pending change of the credit-notes flow under its own source key
// (`allocation:<credit memo>`), queued whenever its credit memo is drained and not allocated yet;
// it waits on `creditNote:<key>` / `invoice:<key>` / `bill:<key>` like any record and is carried
// by credit-allocation-step.ts. sync_credit_allocations holds the outcome (exactly once).
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { X3Error, X3Record } from '#lb/connectors/sage-x3';
import type { CreditNote } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import type { DrainContext } from './drain-context';
import type { Prerequisite } from './entity-plans';
import type { Verdict } from './map-records';

export const ALLOCATION_PREFIX = 'allocation:';

/** What an allocation change carries (its source): the credit memo and the credited document. */
export interface AllocationSource {
  creditNoteKey: string;
  /** `invoice:<X3 key>` or `bill:<X3 key>`. */
  documentKey: string;
}

export const isAllocationChange = (c: Pick<SyncPendingChange, 'sourceKey'>) =>
  c.sourceKey.startsWith(ALLOCATION_PREFIX);

export const creditNoteKeyOf = (c: Pick<SyncPendingChange, 'sourceKey'>) => c.sourceKey.slice(ALLOCATION_PREFIX.length);

/** The credited document of a credit note, as a prerequisite: a sales memo's invoice, a purchase one's bill. */
export function creditedDocumentOf(note: CreditNote): Prerequisite | undefined {
  if (!note.originalInvoiceKey) return undefined;
  return { entity: note.side === 'purchase' ? 'bill' : 'invoice', key: note.originalInvoiceKey };
}

/** `invoice:FAC00017` → its prerequisite. */
export function prerequisiteOf(documentKey: string): Prerequisite {
  const at = documentKey.indexOf(':');
  return { entity: documentKey.slice(0, at) as Prerequisite['entity'], key: documentKey.slice(at + 1) };
}

/**
 * In the transaction that resolves a claim of credit notes: an allocation change for each mapped
 * credit memo that credits a document and is not allocated (or held) yet. An allocated one costs
 * nothing on a re-drain.
 */
export async function queueCreditAllocations(
  m: EntityManager,
  pending: PendingChanges,
  context: DrainContext,
  verdicts: Verdict[],
): Promise<void> {
  // a flow that only flags writes nothing to Xero: there is no note to allocate
  if (context.action === 'flag') return;
  const wanted = new Map<string, { source: AllocationSource; lane: number }>();
  for (const v of verdicts) {
    if (v.kind !== 'mapped' || v.record.entity !== 'creditNote') continue;
    const doc = creditedDocumentOf(v.record);
    if (!doc) continue;
    const source = { creditNoteKey: v.record.key, documentKey: `${doc.entity}:${doc.key}` };
    wanted.set(source.creditNoteKey, { source, lane: v.change.lane });
  }
  if (!wanted.size) return;
  const integrationId = context.integration.id;
  const settled: Array<{ credit_note_key: string }> = await m.query(
    `SELECT credit_note_key FROM sync_credit_allocations
      WHERE integration_id = $1 AND credit_note_key = ANY($2::text[]) AND state <> 'open'`,
    [integrationId, [...wanted.keys()]],
  );
  for (const r of settled) wanted.delete(r.credit_note_key);
  if (!wanted.size) return;
  for (const { source } of wanted.values()) {
    // the credited document may change while still open (X3 corrected the memo)
    await m.query(
      `INSERT INTO sync_credit_allocations (tenant_id, integration_id, credit_note_key, document_key, idempotency_key)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, integration_id, credit_note_key)
       DO UPDATE SET document_key = EXCLUDED.document_key, updated_at = now()
         WHERE sync_credit_allocations.state = 'open'`,
      [context.integration.tenantId, integrationId, source.creditNoteKey, source.documentKey, randomUUID()],
    );
  }
  const changes: NewPendingChange[] = [...wanted.values()].map(({ source, lane }) => ({
    integrationId,
    flowKey: context.flowKey,
    entity: 'creditNote',
    direction: 'x3-to-xero',
    sourceKey: `${ALLOCATION_PREFIX}${source.creditNoteKey}`,
    lane,
    source: { ...source },
  }));
  await pending.accept(m, context.integration.tenantId, changes);
}

/**
 * Re-reads a credit note by key (a replay, a pull): X3 keeps sales credit memos in SINVOICE and
 * supplier ones in PINVOICE, and the key alone does not say which, so the second is tried when
 * the first has no such record.
 */
export async function readCreditNote(
  readX3: (x3Entity: string, key: string) => Promise<X3Record>,
  key: string,
): Promise<X3Record> {
  try {
    return await readX3('salesInvoice', key);
  } catch (e) {
    if (e instanceof X3Error && e.kind === 'not-found') return readX3('purchaseInvoice', key);
    throw e;
  }
}
