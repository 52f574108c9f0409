// Billing wired end to end in processes: a checkout paid on the Stripe sandbox, its signed events
// delivered to the api, stored once, and put in force by the worker's stripe-event job (no test
// drives it); a trial that ended without a card is paused by the worker's repeatable billing-sweep.
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import {
  control,
  createAccount,
  startStripeSandbox,
  StripeSandbox,
  TestAccount,
} from '../../sandbox/src/stripe/testing/stripe-harness';
import { Member, pairByHand, signedUpOwner } from '../../api/test/flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess, xeroWorldEnv } from './worker-harness';

const WEBHOOK_SECRET = 'whsec_billing_worker_e2e';

describe('billing through the api and the worker', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let db: SuiteDatabase;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    const redisUrl = await isolatedRedisUrl();
    db = await isolatedDatabase();
    const env = {
      DATABASE_URL: db.urls.DATABASE_URL,
      REDIS_URL: redisUrl,
      ALLOW_PRIVATE_TARGETS: 'true',
      STRIPE_SECRET_KEY: account.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: sb.url,
    };
    world = await startXeroWorld(env, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    worker = await startWorker({
      ...env,
      SYNC_SWEEP: 'off',
      BILLING_SWEEP: 'on',
      BILLING_SWEEP_EVERY_MS: '1000',
      ...xeroWorldEnv(world),
    });
    const endpoint = await control(sb, account, 'POST', '/webhook-endpoints', {
      url: `${world.api.url}/api/billing/stripe/webhooks`,
      secret: WEBHOOK_SECRET,
    });
    expect(endpoint.status).toBeLessThan(300);
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
  });
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
    await sb?.close();
  });

  const tenantOf = async (m: Member) => (await read(world, m.browser, '/api/tenant')).body.id as string;
  const sessionIdOf = (url: string) => /\/stripe\/checkout\/(cs_test_[A-Za-z0-9_]+)/.exec(url)![1];

  it('puts a paid checkout in force from the worker: the tenant is subscribed to Growth', async () => {
    const me = await signedUpOwner(world, 'billing-worker');
    const tenantId = await tenantOf(me);
    const checkout = await change(world, me.browser, 'POST', '/api/billing/checkout', {
      plan: 'growth',
      interval: 'month',
    });
    expect(checkout.status).toBe(200);
    const paid = await control(sb, account, 'POST', `/checkout-sessions/${sessionIdOf(checkout.body.url)}/complete`, {
      cardNumber: '4242424242424242',
    });
    expect(paid.status).toBe(200);
    const overview = await eventually('the worker put the subscription in force', async () => {
      const o = (await read(world, me.browser, '/api/billing')).body;
      return o.subscribedPlan === 'growth' ? o : undefined;
    });
    // subscribed during the trial: the rest of the trial carries over, then Stripe charges the card
    expect(overview).toMatchObject({ plan: 'growth', interval: 'month', status: 'trialing', hasCustomer: true });
    expect(Date.parse(overview.currentPeriodEnd)).toBeGreaterThan(Date.now());
    // every stored event of the tenant processed, each once
    const events = await eventually('every event processed', async () => {
      const rows = await owner.query<Array<{ id: string; processed: boolean }>>(
        'SELECT id, processed_at IS NOT NULL AS processed FROM stripe_events WHERE routed_tenant_id = $1',
        [tenantId],
      );
      return rows.length > 0 && rows.every((r) => r.processed) ? rows : undefined;
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("pauses a trial that ended without a card through the worker's sweep, and keeps its integration", async () => {
    const me = await signedUpOwner(world, 'billing-trial-over');
    const tenantId = await tenantOf(me);
    const { integrationId } = await pairByHand(world, me);
    await owner.query(`UPDATE tenants SET created_at = now() - interval '30 days' WHERE id = $1`, [tenantId]);
    const paused = await eventually('the sweep paused the integration', async () => {
      const [row] = await owner.query<Array<{ pause_reasons: string[] }>>(
        'SELECT pause_reasons FROM integrations WHERE id = $1',
        [integrationId],
      );
      return row?.pause_reasons.includes('billing') ? row : undefined;
    });
    expect(paused.pause_reasons).toContain('billing');
    // nothing deleted: the integration is still listed, paused
    const listed = (await read(world, me.browser, '/api/integrations')).body as Array<{ id: string }>;
    expect(listed.map((i) => i.id)).toContain(integrationId);
  });
});
