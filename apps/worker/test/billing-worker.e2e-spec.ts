// Billing wired end to end in processes: a checkout paid on the Stripe sandbox, its signed events
// delivered to the api, stored once, and put in force by the worker's stripe-event job (no test
// drives it); a trial that ended without a card is paused by the worker's repeatable billing-sweep,
// which also processes events stored before their customer was known and retries an off-boarding
// cancellation Stripe could not take (the api and worker reach Stripe through a proxy we cut).
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import {
  control,
  createAccount,
  startStripeSandbox,
  StripeSandbox,
  stripeClient,
  TestAccount,
} from '../../sandbox/src/stripe/testing/stripe-harness';
import { Member, pairByHand, signedUpOwner } from '../../api/test/flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startSwitchableProxy, SwitchableProxy } from './switchable-proxy';
import { startWorker, stopWorker, WorkerProcess, xeroWorldEnv } from './worker-harness';

const WEBHOOK_SECRET = 'whsec_billing_worker_e2e';

describe('billing through the api and the worker', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let db: SuiteDatabase;
  let stripeLine: SwitchableProxy;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripeLine = await startSwitchableProxy({ host: '127.0.0.1', port: sb.port });
    const redisUrl = await isolatedRedisUrl();
    db = await isolatedDatabase();
    const env = {
      DATABASE_URL: db.urls.DATABASE_URL,
      REDIS_URL: redisUrl,
      ALLOW_PRIVATE_TARGETS: 'true',
      STRIPE_SECRET_KEY: account.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: stripeLine.url,
      STRIPE_CALL_TIMEOUT_MS: '5000',
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
    await stripeLine?.close();
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

  it('processes from the sweep a Stripe event stored before any tenant held its customer', async () => {
    const me = await signedUpOwner(world, 'billing-unrouted');
    const tenantId = await tenantOf(me);
    // a customer made at Stripe before we stored it (a checkout whose reply was lost, the dashboard)
    const customer = await stripeClient(sb, account.secretKey).customers.create({
      name: 'Early Ltd',
      metadata: { tenant_id: tenantId },
    });
    const stored = await eventually('customer.created stored, routed to no one', async () => {
      const rows = await owner.query<Array<{ id: string; routed_tenant_id: string | null }>>(
        `SELECT id, routed_tenant_id FROM stripe_events WHERE customer_id = $1 AND type = 'customer.created'`,
        [customer.id],
      );
      return rows[0];
    });
    expect(stored.routed_tenant_id).toBeNull();
    await owner.query('INSERT INTO billing_accounts (tenant_id, stripe_customer_id) VALUES ($1, $2)', [
      tenantId,
      customer.id,
    ]);
    const done = await eventually('the sweep routed and processed it', async () => {
      const [row] = await owner.query<Array<{ routed_tenant_id: string; processed: boolean }>>(
        'SELECT routed_tenant_id, processed_at IS NOT NULL AS processed FROM stripe_events WHERE id = $1',
        [stored.id],
      );
      return row?.processed ? row : undefined;
    });
    expect(done.routed_tenant_id).toBe(tenantId);
    // processed means read from Stripe and stored: the customer has no subscription yet
    const [acct] = await owner.query('SELECT status, stripe_synced_at FROM billing_accounts WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(acct.status).toBe('none');
    expect(acct.stripe_synced_at).not.toBeNull();
  });

  it('retries an off-boarding cancellation Stripe could not take until Stripe confirms it', async () => {
    const me = await signedUpOwner(world, 'billing-leaving');
    const tenantId = await tenantOf(me);
    const checkout = await change(world, me.browser, 'POST', '/api/billing/checkout', {
      plan: 'starter',
      interval: 'month',
    });
    expect(checkout.status).toBe(200);
    await control(sb, account, 'POST', `/checkout-sessions/${sessionIdOf(checkout.body.url)}/complete`, {
      cardNumber: '4242424242424242',
    });
    const subscriptionId = await eventually('the subscription stored', async () => {
      const [row] = await owner.query<Array<{ stripe_subscription_id: string | null }>>(
        'SELECT stripe_subscription_id FROM billing_accounts WHERE tenant_id = $1',
        [tenantId],
      );
      return row?.stripe_subscription_id ?? undefined;
    });
    const stripe = stripeClient(sb, account.secretKey);
    const tenant = (await read(world, me.browser, '/api/tenant')).body;

    stripeLine.down();
    try {
      const deleted = await change(world, me.browser, 'DELETE', '/api/tenant', { confirmName: tenant.name });
      // the tenant leaves whatever Stripe says; the cancellation is recorded to be retried
      expect(deleted.status).toBe(200);
      const [pending] = await owner.query('SELECT cancel_pending_since FROM billing_accounts WHERE tenant_id = $1', [
        tenantId,
      ]);
      expect(pending.cancel_pending_since).not.toBeNull();
      // the api's own attempt failed; only the worker's sweep can finish it now
      expect((await stripe.subscriptions.retrieve(subscriptionId)).status).not.toBe('canceled');
    } finally {
      stripeLine.up();
    }
    await eventually(
      'the sweep cancelled it once Stripe answered',
      async () => ((await stripe.subscriptions.retrieve(subscriptionId)).status === 'canceled' ? true : undefined),
      60_000,
    );
    const confirmed = await eventually('the pending mark cleared', async () => {
      const [row] = await owner.query<Array<{ cancel_pending_since: Date | null }>>(
        'SELECT cancel_pending_since FROM billing_accounts WHERE tenant_id = $1',
        [tenantId],
      );
      return row && row.cancel_pending_since === null ? row : undefined;
    });
    expect(confirmed.cancel_pending_since).toBeNull();
    const audits = await owner.query(
      `SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'billing.offboarding_cancel_confirmed'`,
      [tenantId],
    );
    expect(audits).toEqual([{ details: expect.objectContaining({ subscriptionId }) }]);
  });
});
