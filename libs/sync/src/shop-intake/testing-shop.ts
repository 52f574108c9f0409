// Test helpers of the shop intake specs: a shop connection on a drain-world pair, Shopify-shaped
// order bodies signed as a shop signs them, and the intake/processor built as the api and worker build them.
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '#lb/accounts';
import type { DrainWorld, Pair } from '../drain/testing/drain-world';
import { x3OpenerFor } from '../x3-writer/x3-opener';
import { ShopConnections } from './shop-connections.service';
import { ShopEvent } from './shop-event.entity';
import { ShopEventProcessor } from './shop-event-processor';
import { ShopOrder } from './shop-order.entity';
import { shopSignature } from './shop-signature';
import { ShopDelivery, ShopWebhookIntake } from './shop-webhook-intake';

type Json = Record<string, unknown>;

export interface ShopLineInput {
  sku: string;
  quantity: number;
  price: string;
}

let nextOrderId = Date.now() % 1_000_000_000;

/** A Shopify-shaped order (the fields Shopify sends that the intake reads, and a few it does not). */
export function shopOrder(lines: ShopLineInput[], extra: Json = {}): Json {
  const id = ++nextOrderId;
  const total = lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * l.quantity, 0);
  return {
    id,
    name: `#${id}`,
    email: `buyer.${id}@example.com`,
    currency: 'NZD',
    created_at: '2026-11-20T09:30:00+13:00',
    taxes_included: true,
    total_price: (total / 100).toFixed(2),
    financial_status: 'pending',
    customer: { id: id + 7, email: `buyer.${id}@example.com`, first_name: 'Aroha', last_name: `Buyer ${id}` },
    line_items: lines.map((l, i) => ({
      id: i + 1,
      sku: l.sku,
      quantity: l.quantity,
      price: l.price,
      title: l.sku,
      tax_lines: [],
    })),
    ...extra,
  };
}

export function delivery(
  body: Json | string,
  secret: string,
  topic = 'orders/create',
  webhookId = randomUUID(),
): ShopDelivery {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { rawBody, hmac: shopSignature(rawBody, secret), topic, webhookId };
}

export class ShopWorld {
  readonly intake: ShopWebhookIntake;
  readonly processor: ShopEventProcessor;
  readonly connections: ShopConnections;

  constructor(readonly w: DrainWorld) {
    this.intake = new ShopWebhookIntake(w.h.ds, w.h.tx, w.h.secrets, w.jobs);
    this.processor = new ShopEventProcessor({
      tx: w.h.tx,
      xero: w.xero,
      jobs: w.jobs,
      openX3: x3OpenerFor(w.h.secrets, () => true),
    });
    this.connections = new ShopConnections(w.h.tx, w.h.secrets, new AuditTrail());
  }

  /** A shop connection of the pair entering orders on NZ011, payments into Xero 090. */
  async connect(pair: Pair) {
    return this.connections.create(
      pair.tenantId,
      pair.integrationId,
      {
        name: 'Online shop',
        salesSite: 'NZ011',
        xeroPaymentAccount: '090',
        customerDefaults: { currency: 'NZD', taxRule: 'NZL', paymentTerm: 'CH30NETEOM' },
      },
      { actor: { kind: 'system', id: null } },
    );
  }

  events(tenantId: string): Promise<ShopEvent[]> {
    return this.w.h.tx.run(tenantId, (m) => m.find(ShopEvent, { order: { createdAt: 'ASC' } }));
  }

  event(tenantId: string, id: string): Promise<ShopEvent> {
    return this.w.h.tx.run(tenantId, (m) => m.findOneOrFail(ShopEvent, { where: { id } }));
  }

  /** The shop order row (one per connection and shop order id), read in the tenant's context. */
  order(pair: Pair, shopOrderId: unknown): Promise<ShopOrder | null> {
    return this.w.h.tx.run(pair.tenantId, (m) => m.findOne(ShopOrder, { where: { shopOrderId: String(shopOrderId) } }));
  }

  /** Stores the delivery and runs its job as the worker would; the event afterwards. */
  async deliverAndProcess(pair: Pair, secret: string, connectionId: string, body: Json, topic: string) {
    const verdict = await this.intake.receive(connectionId, delivery(body, secret, topic));
    if (verdict.status !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(verdict)}`);
    await this.processor.handle(pair.tenantId, verdict.eventId);
    return this.event(pair.tenantId, verdict.eventId);
  }

  /** Jobs the outbox holds for an event (what the relay would hand to Bull). */
  async jobsOf(tenantId: string, eventId: string): Promise<string[]> {
    const rows: Array<{ job_id: string }> = await this.w.h.tx.run(tenantId, (m) =>
      m.query(
        `SELECT job_id FROM job_outbox WHERE job_name = 'shop-event' AND payload->>'eventId' = $1 ORDER BY job_id`,
        [eventId],
      ),
    );
    return rows.map((r) => r.job_id);
  }
}
