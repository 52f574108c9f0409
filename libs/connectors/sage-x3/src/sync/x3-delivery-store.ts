import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import type { X3EntityName } from '../graphql/x3-entities';
import { DeliveredHashes, X3Delivery } from './incremental-cursor';

/** One consumer's view of one X3 connection's entity. */
export interface X3DeliveryScope {
  tenantId: string;
  x3ConnectionId: string;
  /** An integration or flow id: each consumer has its own delivered state. */
  consumer: string;
  entity: X3EntityName;
}

/** The last delivered content hash per record, in x3_delivered_records (tenant-owned, RLS). */
export class X3DeliveryStore {
  constructor(private readonly tx: TenantTransactions) {}

  /**
   * The lookup a change stream uses while it reads X3: each batch in its own short read-only
   * transaction, so no transaction stays open across X3 calls.
   */
  hashes(scope: X3DeliveryScope): DeliveredHashes {
    return {
      lastDelivered: (keys) => this.tx.runReadOnly(scope.tenantId, (m) => this.lastDelivered(m, scope, keys)),
      lastStamps: (keys) => this.tx.runReadOnly(scope.tenantId, (m) => this.lastStamps(m, scope, keys)),
    };
  }

  async lastDelivered(m: EntityManager, scope: X3DeliveryScope, keys: string[]): Promise<Map<string, string>> {
    return new Map((await this.delivered(m, scope, keys)).map((r) => [r.record_key, r.content_hash]));
  }

  /** The stamp last delivered per key (ms). */
  async lastStamps(m: EntityManager, scope: X3DeliveryScope, keys: string[]): Promise<Map<string, number>> {
    return new Map(
      (await this.delivered(m, scope, keys)).map((r) => [r.record_key, new Date(r.update_stamp).getTime()]),
    );
  }

  private async delivered(m: EntityManager, scope: X3DeliveryScope, keys: string[]) {
    if (keys.length === 0) return [];
    return m.query<Array<{ record_key: string; content_hash: string; update_stamp: Date }>>(
      `SELECT record_key, content_hash, update_stamp FROM x3_delivered_records
        WHERE tenant_id = $1 AND x3_connection_id = $2 AND consumer = $3 AND entity = $4 AND record_key = ANY($5::text[])`,
      [scope.tenantId, scope.x3ConnectionId, scope.consumer, scope.entity, keys],
    );
  }

  /**
   * Records deliveries once the consumer has durably accepted them, in the caller's transaction
   * (the one that stores the accepted changes, then the cursor). The last delivery wins whatever
   * its stamp: a late commit can carry a stamp below the one delivered before it.
   */
  async markDelivered(m: EntityManager, scope: X3DeliveryScope, deliveries: X3Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    // Last one per key wins within the batch: ON CONFLICT cannot touch a row twice in one statement.
    const byKey = new Map(deliveries.map((d) => [d.key, d]));
    const list = [...byKey.values()];
    await m.query(
      `INSERT INTO x3_delivered_records (tenant_id, x3_connection_id, consumer, entity, record_key, content_hash, update_stamp)
       SELECT $1, $2, $3, $4, k, h, s FROM unnest($5::text[], $6::text[], $7::timestamptz[]) AS d(k, h, s)
       ON CONFLICT (tenant_id, x3_connection_id, consumer, entity, record_key) DO UPDATE
         SET content_hash = EXCLUDED.content_hash, update_stamp = EXCLUDED.update_stamp, delivered_at = now()`,
      [
        scope.tenantId,
        scope.x3ConnectionId,
        scope.consumer,
        scope.entity,
        list.map((d) => d.key),
        list.map((d) => d.hash),
        list.map((d) => d.stamp),
      ],
    );
  }
}
