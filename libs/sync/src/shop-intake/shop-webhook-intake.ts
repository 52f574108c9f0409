// The shop webhook inbox: the URL names a shop connection; its tenant and sealed secret are found
// through the one narrow door (lb_shop_connection_target), the HMAC is checked on the raw bytes,
// and only then is the delivery stored — once per X-Shopify-Webhook-Id — together with its job's
// outbox row, in one tenant transaction. Nothing here calls X3 or Xero or waits on Redis.
import { DataSource, EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { SHOP_TOPICS, ShopEvent } from './shop-event.entity';
import { isShopTopic, MalformedShopOrderError, parseShopDelivery } from './shop-order-shape';
import { SHOP_SECRET_PURPOSE, verifyShopSignature } from './shop-signature';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ShopDelivery {
  rawBody: Buffer | undefined;
  /** X-Shopify-Hmac-Sha256 */
  hmac: string | undefined;
  /** X-Shopify-Topic */
  topic: string | undefined;
  /** X-Shopify-Webhook-Id */
  webhookId: string | undefined;
}

export type ShopWebhookVerdict =
  | { status: 'accepted'; eventId: string; duplicate: boolean }
  /** Unknown connection or wrong signature: the same answer, so the endpoint tells no one which ids exist. */
  | { status: 'unauthorised' }
  | { status: 'malformed'; message: string };

/**
 * Queues the processing of one stored shop event. The intake's job is `shop-event:<id>`; a later
 * one (released, replayed, swept) names why and when, so Bull never absorbs it into an earlier job
 * of the event that may be finishing right now.
 */
export function enqueueShopEvent(jobs: JobProducer, tenantId: string, eventId: string, m: EntityManager, why?: string) {
  const jobId = why ? `shop-event:${eventId}:${why}:${Date.now()}` : `shop-event:${eventId}`;
  return jobs.enqueue('sync', 'shop-event', { tenantId, eventId }, { jobId }, m);
}

export class ShopWebhookIntake {
  private readonly secrets: SecretStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TenantTransactions,
    secrets: SecretStore,
    private readonly jobs: JobProducer,
  ) {
    this.secrets = secrets;
  }

  async receive(connectionId: string, d: ShopDelivery): Promise<ShopWebhookVerdict> {
    if (!UUID.test(connectionId) || !d.rawBody || !d.hmac) return { status: 'unauthorised' };
    const rows: Array<{ tenant_id: string; secret_id: string }> = await this.dataSource.query(
      'SELECT * FROM lb_shop_connection_target($1)',
      [connectionId],
    );
    const target = rows[0];
    if (!target) return { status: 'unauthorised' };
    return this.tx.run(target.tenant_id, async (m) => {
      const secret = await this.secrets.read(m, target.tenant_id, target.secret_id, SHOP_SECRET_PURPOSE);
      if (!verifyShopSignature(d.rawBody, d.hmac, secret)) return { status: 'unauthorised' } as const;
      // Signed: from here a refusal is a 400 that says why, and nothing is stored.
      if (!isShopTopic(d.topic))
        return {
          status: 'malformed',
          message: `topic ${String(d.topic ?? '(none)')} is not taken: ${SHOP_TOPICS.join(', ')}`,
        } as const;
      const webhookId = d.webhookId?.trim() ?? '';
      if (!/^[\x21-\x7e]{1,100}$/.test(webhookId))
        return { status: 'malformed', message: 'X-Shopify-Webhook-Id must be 1 to 100 visible characters' } as const;
      let payload: Record<string, unknown>;
      let orderId: string;
      try {
        payload = JSON.parse(d.rawBody!.toString('utf8')) as Record<string, unknown>;
        orderId = parseShopDelivery(d.topic, payload).id;
      } catch (e) {
        if (e instanceof MalformedShopOrderError || e instanceof SyntaxError)
          return { status: 'malformed', message: `not an order: ${e.message}` } as const;
        throw e;
      }
      const inserted: Array<{ id: string }> = await m.query(
        `INSERT INTO shop_events (tenant_id, connection_id, webhook_id, topic, shop_order_id, payload)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (tenant_id, connection_id, webhook_id) DO NOTHING RETURNING id`,
        [target.tenant_id, connectionId, webhookId, d.topic, orderId, JSON.stringify(payload)],
      );
      if (!inserted.length) {
        const before = await m.findOneOrFail(ShopEvent, { where: { connectionId, webhookId } });
        return { status: 'accepted', eventId: before.id, duplicate: true } as const;
      }
      await enqueueShopEvent(this.jobs, target.tenant_id, inserted[0].id, m);
      return { status: 'accepted', eventId: inserted[0].id, duplicate: false } as const;
    });
  }
}
