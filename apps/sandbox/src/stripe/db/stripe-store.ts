import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig } from '../../sandbox-config';
import { stripeId, unixNow } from '../core/ids';
import { noSuch } from '../core/stripe-errors';
import { STRIPE_API_VERSION, STRIPE_CONFIG } from '../stripe-tokens';

/** A stored Stripe object in its wire shape; keys starting with `_` are the sandbox's own and never sent. */
export type Doc = Record<string, unknown> & { id: string; object: string };

export interface AccountSettings {
  /** Deliveries of new events wait (status held) until released: how tests reorder them. */
  webhooksPaused?: boolean;
  /** What a subscription becomes when its invoice's last payment retry fails (Stripe's default: canceled). */
  afterFailedRetries?: 'canceled' | 'unpaid' | 'past_due';
}

export interface StripeAccount {
  id: string;
  secret_key: string;
  publishable_key: string;
  control_token: string;
  settings: AccountSettings;
}

export interface ListQuery {
  /** JSONB containment filter on the documents. */
  contains?: Record<string, unknown>;
  where?: { sql: string; params: unknown[] };
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface ListPage {
  data: Doc[];
  has_more: boolean;
}

/** One account's objects inside one transaction; writes to an account are serialised by an advisory lock. */
export class StripeSession {
  readonly events: Doc[] = [];

  constructor(
    readonly client: PoolClient,
    readonly account: StripeAccount,
  ) {}

  async find(id: string): Promise<Doc | undefined> {
    const { rows } = await this.client.query<{ doc: Doc }>(
      'SELECT doc FROM stripe_objects WHERE account_id = $1 AND id = $2',
      [this.account.id, id],
    );
    return rows[0]?.doc;
  }

  /** The object, or Stripe's 404 naming the kind ("No such customer: 'cus_x'"). */
  async get(id: unknown, object: string, kind = object, param = 'id'): Promise<Doc> {
    const doc = typeof id === 'string' && id ? await this.find(id) : undefined;
    if (!doc || doc.object !== object || doc.deleted === true)
      throw noSuch(kind, typeof id === 'string' ? id : '', param);
    return doc;
  }

  async put(doc: Doc): Promise<Doc> {
    await this.client.query(
      `INSERT INTO stripe_objects (account_id, id, type, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, id) DO UPDATE SET doc = EXCLUDED.doc`,
      [this.account.id, doc.id, doc.object, doc],
    );
    return doc;
  }

  async list(object: string, q: ListQuery): Promise<ListPage> {
    const params: unknown[] = [this.account.id, object];
    let sql = 'SELECT doc FROM stripe_objects WHERE account_id = $1 AND type = $2';
    if (q.contains) {
      params.push(q.contains);
      sql += ` AND doc @> $${params.length}`;
    }
    if (q.where) {
      sql += ` AND ${q.where.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + params.length}`)}`;
      params.push(...q.where.params);
    }
    let order = 'DESC';
    const cursor = q.startingAfter ?? q.endingBefore;
    if (cursor) {
      const { rows } = await this.client.query<{ seq: string }>(
        'SELECT seq FROM stripe_objects WHERE account_id = $1 AND id = $2 AND type = $3',
        [this.account.id, cursor, object],
      );
      if (!rows[0]) throw noSuch(object, cursor, q.startingAfter ? 'starting_after' : 'ending_before');
      params.push(rows[0].seq);
      sql += q.startingAfter ? ` AND seq < $${params.length}` : ` AND seq > $${params.length}`;
      if (q.endingBefore) order = 'ASC';
    }
    params.push(q.limit + 1);
    const { rows } = await this.client.query<{ doc: Doc }>(
      `${sql} ORDER BY seq ${order} LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, q.limit).map((r) => r.doc);
    if (order === 'ASC') data.reverse();
    return { data, has_more: rows.length > q.limit };
  }

  /** Records an event; the dispatcher delivers it to the account's endpoints after commit. */
  emit(type: string, object: Doc, previous?: Record<string, unknown>, created = unixNow()): Doc {
    const event: Doc = {
      id: stripeId('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created,
      data: { object: present(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.events.push(event);
    return event;
  }
}

/** The wire shape: the stored document without the sandbox's own `_` keys. */
export function present<T>(doc: T): T {
  if (Array.isArray(doc)) return doc.map((d) => present(d as unknown)) as T;
  if (!doc || typeof doc !== 'object') return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = present(v);
  return out as T;
}

@Injectable()
export class StripeStore {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(STRIPE_CONFIG) private readonly config: SandboxConfig,
  ) {}

  async accountByKey(secretKey: string): Promise<StripeAccount | undefined> {
    const rows = await this.db.query<StripeAccount>(
      'SELECT id, secret_key, publishable_key, control_token, settings FROM stripe_accounts WHERE secret_key = $1',
      [secretKey],
    );
    return rows[0];
  }

  async account(id: string): Promise<StripeAccount | undefined> {
    const rows = await this.db.query<StripeAccount>(
      'SELECT id, secret_key, publishable_key, control_token, settings FROM stripe_accounts WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  /** The account holding an object reached by a hosted page's URL (checkout and portal session ids are unguessable). */
  async accountOf(id: string, object: string): Promise<StripeAccount | undefined> {
    const rows = await this.db.query<StripeAccount>(
      `SELECT a.id, a.secret_key, a.publishable_key, a.control_token, a.settings FROM stripe_objects o
       JOIN stripe_accounts a ON a.id = o.account_id WHERE o.id = $1 AND o.type = $2`,
      [id, object],
    );
    return rows[0];
  }

  /** A new account with fresh keys (or the given secret key for a configured seed account). */
  async createAccount(
    opts: { seedKey?: string; secretKey?: string } = {},
  ): Promise<{ account: StripeAccount; created: boolean }> {
    const secret = opts.secretKey ?? `sk_test_${randomBytes(24).toString('base64url')}`;
    const rows = await this.db.query<StripeAccount>(
      `INSERT INTO stripe_accounts (id, seed_key, secret_key, publishable_key, control_token) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT DO NOTHING RETURNING id, secret_key, publishable_key, control_token, settings`,
      [
        stripeId('acct', 16),
        opts.seedKey ?? null,
        secret,
        `pk_test_${randomBytes(24).toString('base64url')}`,
        randomBytes(24).toString('base64url'),
      ],
    );
    if (rows[0]) return { account: rows[0], created: true };
    const existing = opts.seedKey
      ? await this.db.query<StripeAccount>(
          'SELECT id, secret_key, publishable_key, control_token, settings FROM stripe_accounts WHERE seed_key = $1',
          [opts.seedKey],
        )
      : [];
    if (!existing[0]) throw new Error('that secret key belongs to another sandbox account');
    return { account: existing[0], created: false };
  }

  async updateSettings(id: string, patch: AccountSettings): Promise<AccountSettings> {
    const rows = await this.db.query<{ settings: AccountSettings }>(
      'UPDATE stripe_accounts SET settings = settings || $2::jsonb WHERE id = $1 RETURNING settings',
      [id, JSON.stringify(patch)],
    );
    return rows[0]?.settings ?? {};
  }

  /** Runs work on one account, serialised with its other writes; events it emits are queued for delivery. */
  async tx<T>(account: StripeAccount, work: (s: StripeSession) => Promise<T>): Promise<T> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`stripe:${account.id}`]);
      const { rows } = await client.query<{ settings: AccountSettings }>(
        'SELECT settings FROM stripe_accounts WHERE id = $1',
        [account.id],
      );
      const session = new StripeSession(client, { ...account, settings: rows[0]?.settings ?? {} });
      const result = await work(session);
      await this.queueEvents(session);
      return result;
    });
  }

  private async queueEvents(s: StripeSession): Promise<void> {
    if (s.events.length === 0) return;
    const { rows: endpoints } = await s.client.query<{ id: string; enabled_events: string[] }>(
      `SELECT id, enabled_events FROM stripe_webhook_endpoints WHERE account_id = $1 AND status = 'enabled' ORDER BY created_at`,
      [s.account.id],
    );
    const status = s.account.settings.webhooksPaused ? 'held' : 'pending';
    for (const event of s.events) {
      const targets = endpoints.filter(
        (e) => e.enabled_events.includes('*') || e.enabled_events.includes(String(event.type)),
      );
      event.pending_webhooks = targets.length;
      await s.client.query('INSERT INTO stripe_events (account_id, id, type, doc) VALUES ($1, $2, $3, $4)', [
        s.account.id,
        event.id,
        event.type,
        event,
      ]);
      for (const target of targets)
        await s.client.query(
          `INSERT INTO stripe_deliveries (account_id, event_id, endpoint_id, status, next_attempt_ms, origin)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [s.account.id, event.id, target.id, status, Date.now(), this.config.publicUrl],
        );
    }
  }
}
