// A document waits on a partner or product the flow has not delivered (say a customer no company
// document used until now, so its own poll left it out). The partner's or product's poll fetches
// those records by key, so the wait ends at the next poll rather than at the next comparison.
import { contentHash, X3NotFoundError, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { TenantTransactions } from '#lb/database';
import { FlowScope } from '../pending';
import { acceptPage, ACCEPT_PAGE, itemOf, PageDeps } from './accept-page';
import type { X3PollContext } from './x3-poll-context';

/** Waiting keys (`<entity>:<X3 key>`) of the integration no delivery of this flow answered yet. */
async function waitingKeys(tx: TenantTransactions, ctx: X3PollContext): Promise<string[]> {
  const prefix = `${ctx.source.entity}:`;
  const rows: Array<{ key: string }> = await tx.runReadOnly(ctx.delivery.tenantId, (m) =>
    m.query(
      `SELECT DISTINCT substr(p.waiting_on, $2) AS key FROM sync_pending_changes p
        WHERE p.integration_id = $1 AND p.state = 'waiting' AND left(p.waiting_on, $3) = $4
          AND NOT EXISTS (SELECT 1 FROM x3_delivered_records d
                          WHERE d.x3_connection_id = $5 AND d.consumer = $6 AND d.entity = $7
                            AND d.record_key = substr(p.waiting_on, $2))
        LIMIT $8`,
      [
        ctx.integration.id,
        prefix.length + 1,
        prefix.length,
        prefix,
        ctx.delivery.x3ConnectionId,
        ctx.delivery.consumer,
        ctx.delivery.entity,
        ACCEPT_PAGE,
      ],
    ),
  );
  return rows.map((r) => r.key);
}

export async function pullWaitingPrerequisites(
  d: PageDeps & { tx: TenantTransactions },
  transport: X3Transport,
  ctx: X3PollContext,
  scope: FlowScope,
  lane: number,
): Promise<number> {
  if (ctx.source.scope !== 'parties' && ctx.source.scope !== 'products') return 0;
  const keys = await waitingKeys(d.tx, ctx);
  const records: X3Record[] = [];
  for (const key of keys) {
    try {
      records.push(await transport.get(ctx.source.node, key));
    } catch (error) {
      if (!(error instanceof X3NotFoundError)) throw error; // an unknown key: the document stays waiting
    }
  }
  const items = records.map((r) => itemOf(r, { key: r._id, hash: contentHash(r), stamp: r._updateStamp }));
  await d.tx.run(ctx.delivery.tenantId, (m) => acceptPage(m, d, ctx, scope, lane, items));
  return items.length;
}
