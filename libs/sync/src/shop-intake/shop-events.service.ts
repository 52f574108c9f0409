// What became of a shop connection's webhooks (members read), and the replay of a dead one
// (admins): the stored order is processed again, e.g. after the missing X3 product was created.
import { EntityManager, In } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { ShopConnection } from './shop-connection.entity';
import { ShopActor, ShopConnectionNotFoundError } from './shop-connections.service';
import { ShopEvent, ShopEventState, ShopTopic } from './shop-event.entity';
import { ShopOrder } from './shop-order.entity';
import { enqueueShopEvent } from './shop-webhook-intake';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_LIMIT = 200;

export class ShopEventNotReplayableError extends Error {}

export interface ShopEventView {
  id: string;
  topic: ShopTopic;
  webhookId: string;
  shopOrderId: string;
  state: ShopEventState;
  waitingOn: string | null;
  detail: string | null;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
  /** The X3 sales order (SOHNUM) the shop order became, once it is in X3. */
  x3Order: string | null;
}

function viewOf(e: ShopEvent, x3Order: string | null = null): ShopEventView {
  return {
    id: e.id,
    topic: e.topic,
    webhookId: e.webhookId,
    shopOrderId: e.shopOrderId,
    state: e.state,
    waitingOn: e.waitingOn,
    detail: e.detail,
    attempts: e.attempts,
    receivedAt: e.createdAt.toISOString(),
    processedAt: e.processedAt?.toISOString() ?? null,
    x3Order,
  };
}

export class ShopEvents {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
    private readonly audit: AuditTrail,
  ) {}

  /** The latest 200 events of the connection, newest first, optionally of one state. */
  list(
    tenantId: string,
    integrationId: string,
    connectionId: string,
    state?: ShopEventState,
  ): Promise<ShopEventView[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.connection(m, integrationId, connectionId);
      const rows = await m.find(ShopEvent, {
        where: { connectionId, ...(state ? { state } : {}) },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: LIST_LIMIT,
      });
      const orderIds = [...new Set(rows.map((r) => r.shopOrderId))];
      const orders = orderIds.length
        ? await m.find(ShopOrder, { where: { connectionId, shopOrderId: In(orderIds) } })
        : [];
      const x3Of = new Map(orders.map((o) => [o.shopOrderId, o.x3Order]));
      return rows.map((r) => viewOf(r, x3Of.get(r.shopOrderId) ?? null));
    });
  }

  /** A dead event back to 'received' with its job queued; anything else is refused. */
  replay(tenantId: string, integrationId: string, connectionId: string, eventId: string, by: ShopActor) {
    return this.tx.run(tenantId, async (m) => {
      await this.connection(m, integrationId, connectionId);
      const event = UUID.test(eventId)
        ? await m.findOne(ShopEvent, { where: { id: eventId, connectionId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!event) throw new ShopConnectionNotFoundError('Shop event not found');
      if (event.state !== 'dead')
        throw new ShopEventNotReplayableError(`Only a dead event is replayed; this one is ${event.state}`);
      await m.update(
        ShopEvent,
        { id: event.id },
        { state: 'received', detail: `replayed after: ${event.detail ?? ''}`.slice(0, 2000) },
      );
      await enqueueShopEvent(this.jobs, tenantId, event.id, m, 'replayed');
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'shop_event.replayed',
        targetType: 'integration',
        targetId: integrationId,
        details: { shopConnectionId: connectionId, shopEventId: event.id, topic: event.topic },
        origin: by.origin,
      });
      return viewOf(await m.findOneOrFail(ShopEvent, { where: { id: event.id } }));
    });
  }

  private async connection(m: EntityManager, integrationId: string, connectionId: string): Promise<void> {
    const found =
      UUID.test(connectionId) && UUID.test(integrationId)
        ? await m.findOne(ShopConnection, { where: { id: connectionId, integrationId } })
        : null;
    if (!found) throw new ShopConnectionNotFoundError('Shop connection not found');
  }
}
