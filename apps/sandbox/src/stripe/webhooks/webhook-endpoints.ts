import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig } from '../../sandbox-config';
import { stripeId } from '../core/ids';
import { listOf, pageParams } from '../core/lists';
import { Params, optString } from '../core/params';
import { invalid, noSuch } from '../core/stripe-errors';
import { Doc, StripeAccount } from '../db/stripe-store';
import { STRIPE_CONFIG, STRIPE_SETTINGS } from '../stripe-tokens';
import { StripeSettings } from '../stripe-settings';
import { newWebhookSecret, postEvent } from './webhook-signer';

interface EndpointRow {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
  status: string;
  created_at: Date;
}

function endpointDoc(row: EndpointRow, withSecret: boolean): Record<string, unknown> {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    api_version: null,
    application: null,
    created: Math.floor(row.created_at.getTime() / 1000),
    description: null,
    enabled_events: row.enabled_events,
    livemode: false,
    metadata: {},
    ...(withSecret ? { secret: row.secret } : {}),
    status: row.status,
    url: row.url,
  };
}

/** Webhook endpoints, stored events, and the control API's hand-driven deliveries. */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(STRIPE_CONFIG) private readonly config: SandboxConfig,
    @Inject(STRIPE_SETTINGS) private readonly settings: StripeSettings,
  ) {}

  async create(
    a: StripeAccount,
    input: { url: string; secret?: string; events?: string[] },
  ): Promise<Record<string, unknown>> {
    if (!/^https?:\/\/\S+$/.test(input.url))
      throw invalid('Invalid URL: must be an http(s) URL.', 'url', 'url_invalid');
    if (input.secret !== undefined && !/^whsec_[A-Za-z0-9_+/=-]{8,}$/.test(input.secret))
      throw invalid('secret must look like whsec_…', 'secret');
    const [row] = await this.db.query<EndpointRow>(
      `INSERT INTO stripe_webhook_endpoints (id, account_id, url, secret, enabled_events) VALUES ($1,$2,$3,$4,$5)
       RETURNING id, url, secret, enabled_events, status, created_at`,
      [stripeId('we'), a.id, input.url, input.secret ?? newWebhookSecret(), JSON.stringify(input.events ?? ['*'])],
    );
    return endpointDoc(row, true);
  }

  /** An endpoint with this URL and secret, made once (configured endpoints survive restarts). */
  async ensure(a: StripeAccount, input: { url: string; secret?: string; events?: string[] }): Promise<void> {
    const rows = await this.db.query(
      'SELECT 1 FROM stripe_webhook_endpoints WHERE account_id = $1 AND url = $2 AND secret = $3',
      [a.id, input.url, input.secret ?? ''],
    );
    if (rows.length === 0) await this.create(a, input);
  }

  async list(a: StripeAccount): Promise<unknown> {
    const rows = await this.db.query<EndpointRow>(
      'SELECT id, url, secret, enabled_events, status, created_at FROM stripe_webhook_endpoints WHERE account_id = $1 ORDER BY created_at DESC',
      [a.id],
    );
    return {
      object: 'list',
      data: rows.map((r) => endpointDoc(r, false)),
      has_more: false,
      url: '/v1/webhook_endpoints',
    };
  }

  async remove(a: StripeAccount, id: string): Promise<unknown> {
    const rows = await this.db.query(
      'DELETE FROM stripe_webhook_endpoints WHERE account_id = $1 AND id = $2 RETURNING id',
      [a.id, id],
    );
    if (rows.length === 0) throw noSuch('webhook endpoint', id);
    return { id, object: 'webhook_endpoint', deleted: true };
  }

  async event(a: StripeAccount, id: string): Promise<Doc> {
    const [row] = await this.db.query<{ doc: Doc }>('SELECT doc FROM stripe_events WHERE account_id = $1 AND id = $2', [
      a.id,
      id,
    ]);
    if (!row) throw noSuch('event', id);
    return row.doc;
  }

  async listEvents(a: StripeAccount, p: Params): Promise<unknown> {
    const { limit, startingAfter, endingBefore } = pageParams(p);
    const params: unknown[] = [a.id];
    let sql = 'SELECT doc FROM stripe_events WHERE account_id = $1';
    const type = optString(p, 'type');
    if (type) {
      params.push(type.replace(/\*/g, '%'));
      sql += ` AND type LIKE $${params.length}`;
    }
    const cursor = startingAfter ?? endingBefore;
    if (cursor) {
      params.push(cursor);
      sql += ` AND seq ${startingAfter ? '<' : '>'} (SELECT seq FROM stripe_events WHERE account_id = $1 AND id = $${params.length})`;
    }
    params.push(limit + 1);
    const rows = await this.db.query<{ doc: Doc }>(
      `${sql} ORDER BY seq ${endingBefore ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, limit).map((r) => r.doc);
    if (endingBefore) data.reverse();
    return listOf('/v1/events', { data, has_more: rows.length > limit });
  }

  async deliveries(a: StripeAccount, eventId?: string): Promise<unknown[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT d.id, d.event_id AS "eventId", e.type, d.endpoint_id AS "endpointId", d.status, d.attempts,
              d.last_status AS "lastStatus", d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"
       FROM stripe_deliveries d JOIN stripe_events e ON e.account_id = d.account_id AND e.id = d.event_id
       WHERE d.account_id = $1 AND ($2::text IS NULL OR d.event_id = $2) ORDER BY d.id`,
      [a.id, eventId ?? null],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Queues the event again for its endpoints (or one), `times` over: duplicates on purpose. */
  async redeliver(
    a: StripeAccount,
    eventId: string,
    opts: { endpointId?: string; times?: number },
  ): Promise<unknown[]> {
    await this.event(a, eventId);
    const endpoints = await this.endpointsOf(a, opts.endpointId);
    for (let i = 0; i < (opts.times ?? 1); i++)
      for (const e of endpoints)
        await this.db.query(
          `INSERT INTO stripe_deliveries (account_id, event_id, endpoint_id, status, next_attempt_ms, origin) VALUES ($1,$2,$3,'pending',$4,$5)`,
          [a.id, eventId, e.id, Date.now(), this.config.publicUrl],
        );
    return this.deliveries(a, eventId);
  }

  /** Sends the given events now, one after another in the order given (repeats allowed), and reports each reply. */
  async deliverInOrder(a: StripeAccount, eventIds: string[], endpointId?: string): Promise<unknown[]> {
    const endpoints = await this.endpointsOf(a, endpointId);
    const results: unknown[] = [];
    for (const eventId of eventIds) {
      const event = await this.event(a, eventId);
      for (const e of endpoints) {
        const result = await postEvent(e.url, JSON.stringify(event, null, 2), e.secret, this.settings.webhookTimeoutMs);
        const ok = result.status !== null && result.status >= 200 && result.status < 300;
        await this.db.query(
          `INSERT INTO stripe_deliveries (account_id, event_id, endpoint_id, status, attempts, next_attempt_ms, last_status, last_error, origin, delivered_at)
           VALUES ($1,$2,$3,$4,1,$5,$6,$7,$8,$9)`,
          [
            a.id,
            eventId,
            e.id,
            ok ? 'delivered' : 'failed',
            Date.now(),
            result.status,
            result.error ?? null,
            this.config.publicUrl,
            ok ? new Date() : null,
          ],
        );
        results.push({
          eventId,
          endpointId: e.id,
          status: result.status,
          ...(result.error ? { error: result.error } : {}),
        });
      }
    }
    return results;
  }

  /** Releases held deliveries: in order, newest first (reverse) or shuffled. */
  async release(a: StripeAccount, order: 'in_order' | 'reverse' | 'shuffle'): Promise<number> {
    const held = await this.db.query<{ id: string }>(
      `SELECT id FROM stripe_deliveries WHERE account_id = $1 AND status = 'held' ORDER BY id`,
      [a.id],
    );
    const ids = held.map((h) => h.id);
    if (order === 'reverse') ids.reverse();
    if (order === 'shuffle') ids.sort(() => Math.random() - 0.5);
    // The dispatcher sends due deliveries by next_attempt_ms, so spacing them by 1 ms sets the order.
    const base = Date.now();
    for (const [i, id] of ids.entries())
      await this.db.query(`UPDATE stripe_deliveries SET status = 'pending', next_attempt_ms = $2 WHERE id = $1`, [
        id,
        base + i,
      ]);
    return ids.length;
  }

  private async endpointsOf(a: StripeAccount, endpointId?: string): Promise<EndpointRow[]> {
    const rows = await this.db.query<EndpointRow>(
      `SELECT id, url, secret, enabled_events, status, created_at FROM stripe_webhook_endpoints
       WHERE account_id = $1 AND ($2::text IS NULL OR id = $2) ORDER BY created_at`,
      [a.id, endpointId ?? null],
    );
    if (endpointId && rows.length === 0) throw noSuch('webhook endpoint', endpointId);
    return rows;
  }
}
