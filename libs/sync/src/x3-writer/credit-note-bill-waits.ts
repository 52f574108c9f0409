// A Xero supplier credit note allocated to a bill that is on its way to X3 (its change open in an
// enabled xero-to-x3 bills flow) waits on `bill:<InvoiceID>`, so that its X3 credit memo can name
// the bill's X3 invoice (PIHINVNUM): the bill's link releases it (bill-drain.ts, billWaitKeys).
// A bill that settles without a link (skipped before the cut-over, refused, held) releases the
// credit notes waiting on it too — only those, never a payment waiting on the same key — and
// they are then carried naming no invoice. Nothing here pulls a bill: a note never waits on a
// bill no flow is carrying.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { requestDrain } from '../pending/drain-jobs';
import { xeroReadingFlows } from '../xero-intake/xero-flows';

export const billWaitKeyOf = (invoiceId: string) => `bill:${invoiceId.toLowerCase()}`;

/** Of these Xero InvoiceIDs (lower-cased), those whose change is open in an enabled xero-to-x3 bills flow. */
export async function billsOnTheirWay(
  m: EntityManager,
  integrationId: string,
  billIds: string[],
): Promise<Set<string>> {
  if (!billIds.length) return new Set();
  const flows = (await xeroReadingFlows(m, integrationId, ['bill'])).map((f) => f.flowKey);
  if (!flows.length) return new Set();
  const rows: Array<{ id: string }> = await m.query(
    `SELECT DISTINCT lower(source_key) AS id FROM sync_pending_changes
      WHERE integration_id = $1 AND flow_key = ANY($2::text[]) AND direction = 'xero-to-x3'
        AND state IN ('pending', 'claimed', 'waiting') AND lower(source_key) = ANY($3::text[])`,
    [integrationId, flows, billIds],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * In the transaction that settles bills without a link: the supplier credit notes waiting on them
 * go again (they are carried naming no invoice). Drains of their flows are requested.
 */
export async function releaseCreditNotesWaitingOn(
  jobs: JobProducer,
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  billIds: string[],
  lane: number,
): Promise<void> {
  if (!billIds.length) return;
  // TypeORM answers an UPDATE … RETURNING with [rows, affected count]
  const [rows]: [Array<{ flow_key: string }>, number] = await m.query(
    `UPDATE sync_pending_changes SET state = 'pending', waiting_on = NULL, available_at = now(), updated_at = now()
      WHERE integration_id = $1 AND state = 'waiting' AND entity = 'creditNote' AND direction = 'xero-to-x3'
        AND waiting_on = ANY($2::text[])
      RETURNING flow_key`,
    [integrationId, [...new Set(billIds.map(billWaitKeyOf))]],
  );
  for (const flowKey of new Set(rows.map((r) => r.flow_key))) {
    await requestDrain(jobs, tenantId, { integrationId, flowKey }, lane, m);
  }
}
