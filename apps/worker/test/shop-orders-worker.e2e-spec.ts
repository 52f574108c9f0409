// The shop intake wired end to end in processes: a signed orders/create posted to the api is
// stored, its job goes through the outbox to Bull, the worker's shop-event processor enters the
// X3 sales order in the trial folder; a replayed delivery makes nothing more.
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CookieBrowser, eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { change, newOrg, read, signInWithXero, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess, xeroWorldEnv } from './worker-harness';

/** Backstop only: the wait ends on its condition (the trial's own sync runs beside it). */
const CONDITION_MS = 240_000;

describe('shop orders through the api and the worker', () => {
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let db: SuiteDatabase;

  beforeAll(async () => {
    const redisUrl = await isolatedRedisUrl();
    db = await isolatedDatabase();
    const env = { DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redisUrl };
    world = await startXeroWorld(env, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    worker = await startWorker({
      ...env,
      ...xeroWorldEnv(world),
    });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
  }, 300_000);
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
  });

  it(
    'a signed order becomes one X3 sales order of the trial folder, by the worker',
    async () => {
      const org = await newOrg(world, `shop-${Date.now().toString(36)}@example.test`);
      const admin = new CookieBrowser();
      await signInWithXero(world, admin, org);
      const trial = await change(world, admin, 'POST', '/api/sandbox/try');
      expect(trial.status).toBe(201);
      const made = await change(
        world,
        admin,
        'POST',
        `/api/integrations/${trial.body.integrationId}/shop-connections`,
        {
          name: 'Online shop',
          salesSite: 'NZ011',
          xeroPaymentAccount: '090',
          customerDefaults: { currency: 'NZD', taxRule: 'NZL', paymentTerm: 'CH30NETEOM' },
        },
      );
      expect(made.status).toBe(201);
      const orderId = Date.now();
      const body = JSON.stringify({
        id: orderId,
        name: `#${orderId}`,
        email: `worker.${orderId}@example.com`,
        currency: 'NZD',
        created_at: new Date().toISOString(),
        taxes_included: true,
        total_price: '49.80',
        customer: {
          id: orderId + 1,
          email: `worker.${orderId}@example.com`,
          first_name: 'Wiremu',
          last_name: 'Worker',
        },
        line_items: [{ sku: 'NZFOOD01', quantity: 2, price: '24.90', title: 'Honey' }],
      });
      const headers = {
        'content-type': 'application/json',
        'x-shopify-hmac-sha256': createHmac('sha256', made.body.secret as string)
          .update(body)
          .digest('base64'),
        'x-shopify-topic': 'orders/create',
        'x-shopify-webhook-id': randomUUID(),
      };
      const url = `${world.api.url}${made.body.connection.webhookPath as string}`;
      expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);

      const done = await eventually(
        'the worker to enter the order in X3',
        async () => {
          const [e] = await owner.query<Array<{ state: string; detail: string | null }>>(
            `SELECT state, detail FROM shop_events WHERE shop_order_id = $1`,
            [String(orderId)],
          );
          return e && e.state !== 'received' ? e : undefined;
        },
        CONDITION_MS,
      );
      const [order] = await owner.query<Array<{ x3_order: string; x3_customer: string }>>(
        `SELECT x3_order, x3_customer FROM shop_orders WHERE shop_order_id = $1`,
        [String(orderId)],
      );
      expect(done).toEqual({
        state: 'done',
        detail: `X3 sales order ${order.x3_order} (customer ${order.x3_customer})`,
      });
      // the same delivery again: 200, nothing new stored
      expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
      const [count] = await owner.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM shop_events`);
      expect(count.n).toBe('1');
      const events = await read(
        world,
        admin,
        `/api/integrations/${trial.body.integrationId}/shop-connections/${made.body.connection.id}/events`,
      );
      expect(events.body.map((e: { state: string }) => e.state)).toEqual(['done']);
    },
    CONDITION_MS + 60_000,
  );
});
