// Shop events waiting on something another part of the sync makes: the X3 order of a shop order
// (made by the order writer), the Xero invoice of an X3 invoice (made by the invoices flow). When
// it lands, the waiting events go back to 'received' and their jobs are queued, in the caller's
// transaction (the one that records the landing).
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { updatedRows } from './shop-sql';
import { enqueueShopEvent } from './shop-webhook-intake';

export const INVOICE_OF_ORDER = 'invoice-of-order:';
export const SHOP_ORDER = 'shop-order:';

/**
 * Releases the integration's shop events waiting on any of `keys`. An invoice landing also
 * re-checks those waiting for "the invoice of order N": which order an invoice bills is X3's to
 * say, and the re-check asks it (a still-missing invoice just waits again).
 */
export async function releaseShopWaits(
  m: EntityManager,
  jobs: JobProducer,
  tenantId: string,
  integrationId: string,
  keys: string[],
): Promise<number> {
  if (!keys.length) return 0;
  const anyInvoice = keys.some((k) => k.startsWith('invoice:'));
  const rows = await updatedRows<{ id: string }>(
    m,
    `UPDATE shop_events e SET state = 'received', waiting_on = NULL, updated_at = now(),
            detail = 'released: ' || e.waiting_on || ' landed'
     FROM shop_connections c
     WHERE c.tenant_id = e.tenant_id AND c.id = e.connection_id AND c.integration_id = $1 AND e.state = 'waiting'
       AND (e.waiting_on = ANY($2::text[]) OR ($3 AND e.waiting_on LIKE '${INVOICE_OF_ORDER}%'))
     RETURNING e.id`,
    [integrationId, [...new Set(keys)], anyInvoice],
  );
  for (const r of rows) await enqueueShopEvent(jobs, tenantId, r.id, m, 'released');
  return rows.length;
}
