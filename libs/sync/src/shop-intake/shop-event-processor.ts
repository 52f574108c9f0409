// Processes one stored shop event: orders/create → the X3 sales order, orders/paid → the Xero
// payment, orders/cancelled → the X3 order closed (or, once delivered or invoiced, dead with what to do). The event row records what happened (done, dead with the reason, waiting on a key);
// any failure to reach X3 or Xero leaves it 'received' with a delayed retry queued in the same
// transaction, so an outage delays an order and loses none. No transaction spans a call out.
import { X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector } from '#lb/connectors/xero';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { jitteredExponentialDelay, JobProducer } from '#lb/queues';
import { X3Opener } from '../x3-writer/x3-opener';
import { ShopCancelWriter } from './shop-cancel-writer';
import { ShopConnection } from './shop-connection.entity';
import { ShopEvent } from './shop-event.entity';
import { parseShopOrder } from './shop-order-shape';
import { ShopOrderWriter, ShopWriteOutcome } from './shop-order-writer';
import { ShopPaymentWriter } from './shop-payment-writer';
import { updatedRows } from './shop-sql';
import { releaseShopWaits, SHOP_ORDER } from './shop-waits';

export interface ShopEventDeps {
  tx: TenantTransactions;
  xero: XeroConnector;
  jobs: JobProducer;
  openX3: X3Opener;
}

export type ShopEventResult = ShopWriteOutcome['kind'] | 'retrying' | 'already' | 'missing' | 'busy';

/** How long a worker holds an event it processes (longer than any X3 or Xero call it makes). */
const CLAIM_SECONDS = 300;

export class ShopEventProcessor {
  private readonly orders: ShopOrderWriter;
  private readonly payments: ShopPaymentWriter;
  private readonly cancels: ShopCancelWriter;

  constructor(private readonly d: ShopEventDeps) {
    this.orders = new ShopOrderWriter(d.tx);
    this.cancels = new ShopCancelWriter(d.tx);
    this.payments = new ShopPaymentWriter(d.tx, d.xero);
  }

  async handle(tenantId: string, eventId: string): Promise<ShopEventResult> {
    const loaded = await this.d.tx.run(tenantId, async (m) => {
      const event = await m.findOne(ShopEvent, { where: { id: eventId } });
      if (!event) return null;
      const conn = await m.findOneOrFail(ShopConnection, { where: { id: event.connectionId } });
      const integration = await m.findOneOrFail(Integration, { where: { id: conn.integrationId } });
      return { event, conn, integration };
    });
    if (!loaded) return 'missing';
    const { event, conn, integration } = loaded;
    if (event.state === 'done' || event.state === 'dead') return 'already';
    // one worker at a time per event (a sweep's or a release's job may meet a retry's)
    if (!(await this.claim(tenantId, event.id))) return 'busy';
    let transport: X3Transport | undefined;
    const x3 = async () => (transport ??= await this.d.tx.run(tenantId, (m) => this.d.openX3(m, integration)));
    try {
      const order = parseShopOrder(event.payload);
      const outcome =
        event.topic === 'orders/create'
          ? await this.orders.write(tenantId, conn, order, await x3())
          : event.topic === 'orders/cancelled'
            ? await this.cancels.write(tenantId, conn, order, x3)
            : await this.payments.write(
                tenantId,
                conn,
                integration,
                order,
                event.createdAt.toISOString().slice(0, 10),
                x3,
              );
      await this.settle(tenantId, event, integration, outcome);
      return outcome.kind;
    } catch (e) {
      await this.retryLater(tenantId, event, e);
      return 'retrying';
    } finally {
      transport?.close();
    }
  }

  private async claim(tenantId: string, eventId: string): Promise<boolean> {
    const rows = await this.d.tx.run(tenantId, (m) =>
      updatedRows<{ id: string }>(
        m,
        `UPDATE shop_events SET claimed_until = now() + make_interval(secs => $2)
         WHERE id = $1 AND state IN ('received', 'waiting') AND (claimed_until IS NULL OR claimed_until < now())
         RETURNING id`,
        [eventId, CLAIM_SECONDS],
      ),
    );
    return rows.length > 0;
  }

  private settle(tenantId: string, event: ShopEvent, integration: Integration, o: ShopWriteOutcome): Promise<void> {
    return this.d.tx.run(tenantId, async (m) => {
      await m.update(
        ShopEvent,
        { id: event.id },
        {
          state: o.kind,
          waitingOn: o.kind === 'waiting' ? o.waitingOn : null,
          detail: o.detail,
          attempts: () => 'attempts + 1',
          processedAt: new Date(),
          claimedUntil: null,
        },
      );
      // a payment that came before its order goes on now
      if (o.kind === 'done' && event.topic === 'orders/create')
        await releaseShopWaits(m, this.d.jobs, tenantId, integration.id, [`${SHOP_ORDER}${event.shopOrderId}`]);
    });
  }

  /** X3 or Xero did not answer (or refused us for now): kept as received, tried again later. */
  private retryLater(tenantId: string, event: ShopEvent, error: unknown): Promise<void> {
    const attempt = event.attempts + 1;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return this.d.tx.run(tenantId, async (m) => {
      await m.update(
        ShopEvent,
        { id: event.id },
        {
          attempts: attempt,
          claimedUntil: null,
          detail: `attempt ${attempt} failed, will retry: ${message}`.slice(0, 2000),
        },
      );
      await this.d.jobs.enqueue(
        'sync',
        'shop-event',
        { tenantId, eventId: event.id },
        { jobId: `shop-event:${event.id}:retry:${attempt}`, delay: jitteredExponentialDelay(attempt) },
        m,
      );
    });
  }
}
