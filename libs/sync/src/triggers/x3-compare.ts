// The periodic comparison: every record of the flow's X3 entity (of the company) against what was
// delivered to the flow, by content hash (stamps and lines included, so a line saved alone shows).
// It catches what polling missed (a commit older than the overlap window) and deletions.
import { contentHash, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { TenantTransactions } from '#lb/database';
import { FlowScope } from '../pending';
import { acceptPage, ACCEPT_PAGE, DELETED_HASH, deletedSource, itemOf, PageDeps, PageItem } from './accept-page';
import { selectInScope } from './master-scope';
import type { X3PollContext } from './x3-poll-context';

export interface CompareResult {
  read: number;
  changed: number;
  deleted: number;
}

/** Every key delivered to the flow and not already known deleted. */
async function deliveredKeys(tx: TenantTransactions, ctx: X3PollContext): Promise<string[]> {
  const { tenantId, x3ConnectionId, consumer, entity } = ctx.delivery;
  const rows: Array<{ record_key: string }> = await tx.runReadOnly(tenantId, (m) =>
    m.query(
      `SELECT record_key FROM x3_delivered_records
        WHERE x3_connection_id = $1 AND consumer = $2 AND entity = $3 AND content_hash <> $4`,
      [x3ConnectionId, consumer, entity, DELETED_HASH],
    ),
  );
  return rows.map((r) => r.record_key);
}

/** Whether anything was ever delivered to the flow from this entity (a first read has nothing to compare). */
export async function hasDeliveries(tx: TenantTransactions, ctx: X3PollContext): Promise<boolean> {
  const { tenantId, x3ConnectionId, consumer, entity } = ctx.delivery;
  const rows: unknown[] = await tx.runReadOnly(tenantId, (m) =>
    m.query(
      `SELECT 1 FROM x3_delivered_records WHERE x3_connection_id = $1 AND consumer = $2 AND entity = $3 LIMIT 1`,
      [x3ConnectionId, consumer, entity],
    ),
  );
  return rows.length > 0;
}

export async function compareWithX3(
  d: PageDeps & { tx: TenantTransactions },
  transport: X3Transport,
  ctx: X3PollContext,
  scope: FlowScope,
  lane: number,
): Promise<CompareResult> {
  const seen = new Set<string>();
  const result: CompareResult = { read: 0, changed: 0, deleted: 0 };
  let page: X3Record[] = [];
  const flush = async () => {
    const last = await d.tx.runReadOnly(ctx.delivery.tenantId, (m) =>
      d.deliveries.lastDelivered(
        m,
        ctx.delivery,
        page.map((r) => r._id),
      ),
    );
    const inScope = await selectInScope(transport, ctx.source, ctx.filter, page, new Set(last.keys()));
    const items: PageItem[] = [];
    for (const record of inScope) {
      const hash = contentHash(record);
      if (last.get(record._id) === hash) continue;
      items.push(itemOf(record, { key: record._id, hash, stamp: record._updateStamp }));
    }
    await d.tx.run(ctx.delivery.tenantId, (m) => acceptPage(m, d, ctx, scope, lane, items));
    result.changed += items.length;
    page = [];
  };
  for await (const record of transport.list(ctx.source.node, { pageSize: 1000 })) {
    if (!ctx.source.belongs(record)) continue;
    result.read++;
    seen.add(record._id);
    page.push(record);
    if (page.length >= ACCEPT_PAGE) await flush();
  }
  if (page.length) await flush();

  // Delivered before, absent now: deleted in X3 (or moved out of the company, which reads the same).
  const gone = (await deliveredKeys(d.tx, ctx)).filter((k) => !seen.has(k));
  const now = new Date().toISOString();
  for (let at = 0; at < gone.length; at += ACCEPT_PAGE) {
    const items = gone
      .slice(at, at + ACCEPT_PAGE)
      .map((key) => ({ key, source: deletedSource(key), delivery: { key, hash: DELETED_HASH, stamp: now } }));
    await d.tx.run(ctx.delivery.tenantId, (m) => acceptPage(m, d, ctx, scope, lane, items));
  }
  result.deleted = gone.length;
  return result;
}
