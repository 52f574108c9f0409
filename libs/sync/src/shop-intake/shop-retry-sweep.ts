// The safety net of the shop intake: an event still 'received' and untouched for 15 minutes
// (longer than any retry's backoff) lost its job — say Bull gave up while PostgreSQL was down.
// Its job is queued again; the event's claim keeps a late duplicate from running beside it.
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { updatedRows } from './shop-sql';
import { enqueueShopEvent } from './shop-webhook-intake';

export async function sweepShopEvents(
  dataSource: DataSource,
  tx: TenantTransactions,
  jobs: JobProducer,
  limit = 200,
): Promise<number> {
  const rows: Array<{ tenant_id: string; event_id: string }> = await dataSource.query(
    'SELECT * FROM lb_shop_events_to_retry($1)',
    [limit],
  );
  for (const r of rows) {
    await tx.run(r.tenant_id, async (m) => {
      // touched: the next sweep leaves it for another 15 minutes
      const touched = await updatedRows<{ id: string }>(
        m,
        `UPDATE shop_events SET updated_at = now() WHERE id = $1 AND state = 'received' RETURNING id`,
        [r.event_id],
      );
      if (touched.length) await enqueueShopEvent(jobs, r.tenant_id, r.event_id, m, 'swept');
    });
  }
  return rows.length;
}
