// Billing against the Stripe sandbox over HTTP (the official client through STRIPE_API_URL, signed
// webhook deliveries to our endpoint): checkout → webhook → active; duplicate and out-of-order
// deliveries end in one state; a failed renewal → past due with a grace banner → paused after
// grace with nothing lost. The worker's stripe-event job is driven here (no worker in api suites).
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { BillingEntitlements, BillingSync, createStripeClient, StripeEventStore } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { OutboxJobProducer, outboxLane } from '#lb/queues';
import { eventually, ownerDataSource, runtimeDataSource } from '#lb/testing';
import {
  control,
  createAccount,
  raw,
  startStripeSandbox,
  StripeSandbox,
  stripeClient,
  TestAccount,
} from '../../sandbox/src/stripe/testing/stripe-harness';
import { Member, pairByHand, signedUpOwner, syncJobsOf } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const WEBHOOK_SECRET = 'whsec_billing_stripe_e2e';

describe('billing with the Stripe sandbox', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let sync: BillingSync;

  const tenantOf = async (m: Member) => (await read(world, m.browser, '/api/tenant')).body.id as string;
  const unprocessed = async (tenantId: string): Promise<string[]> =>
    (
      await owner.query(
        'SELECT id FROM stripe_events WHERE routed_tenant_id = $1 AND processed_at IS NULL ORDER BY received_at, id',
        [tenantId],
      )
    ).map((r: { id: string }) => r.id);
  /**
   * What the worker does with each stored event's job, in the order the events arrived — once
   * Stripe has nothing left in flight: one action sends several events, and one still on the wire
   * would otherwise land after this and stay unprocessed.
   */
  const processAll = async (tenantId: string) => {
    await eventually('no Stripe delivery in flight', async () => {
      const { body } = await control(sb, account, 'GET', '/deliveries');
      return (body.deliveries as Array<{ status: string }>).every((d) => d.status !== 'pending') || undefined;
    });
    for (const id of await unprocessed(tenantId)) await sync.processEvent(tenantId, id);
  };
  /** Waits until Stripe's deliveries of an event type reached us for the tenant. */
  const delivered = (tenantId: string, type: string) =>
    eventually(
      `${type} stored`,
      async () =>
        (await owner.query('SELECT 1 FROM stripe_events WHERE routed_tenant_id = $1 AND type = $2', [tenantId, type]))
          .length > 0 || undefined,
    );
  const sessionIdOf = (url: string) => /\/stripe\/checkout\/(cs_test_[A-Za-z0-9_]+)/.exec(url)![1];

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
    world = await startXeroWorld({
      STRIPE_SECRET_KEY: account.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: sb.url,
    });
    const endpoint = await control(sb, account, 'POST', '/webhook-endpoints', {
      url: `${world.api.url}/api/billing/stripe/webhooks`,
      secret: WEBHOOK_SECRET,
    });
    expect(endpoint.status).toBeLessThan(300);
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    const tx = new TenantTransactions(runtime);
    sync = new BillingSync(
      tx,
      createStripeClient({
        STRIPE_SECRET_KEY: account.secretKey,
        STRIPE_API_URL: sb.url,
        STRIPE_CALL_TIMEOUT_MS: 10_000,
      }),
      new StripeEventStore(runtime),
      new BillingEntitlements({ trialDays: 14, graceDays: 7 }),
      new OutboxJobProducer(runtime, tx, outboxLane(world.env.REDIS_URL ?? process.env.REDIS_URL!)),
      new AuditTrail(),
    );
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
    await sb?.close();
  });

  describe('checkout', () => {
    let me: Member;
    let tenantId: string;
    let subscriptionId: string;

    beforeAll(async () => {
      me = await signedUpOwner(world, 'stripe-checkout');
      tenantId = await tenantOf(me);
      // Less than a day of the trial left: nothing carries over, the first invoice is charged now.
      await owner.query(`UPDATE tenants SET created_at = now() - interval '13 days 12 hours' WHERE id = $1`, [
        tenantId,
      ]);
    });

    it('subscribes through Checkout: one customer per tenant, the webhook makes the tenant active', async () => {
      const first = await change(world, me.browser, 'POST', '/api/billing/checkout', {
        plan: 'growth',
        interval: 'month',
      });
      expect(first.status).toBe(200);
      expect(first.body.url).toMatch(new RegExp(`^${sb.url}/stripe/checkout/cs_test_`));
      const again = await change(world, me.browser, 'POST', '/api/billing/checkout', {
        plan: 'growth',
        interval: 'year',
      });
      expect(again.status).toBe(200);
      const [row] = await owner.query('SELECT stripe_customer_id FROM billing_accounts WHERE tenant_id = $1', [
        tenantId,
      ]);
      const customer = (await stripe.customers.retrieve(row.stripe_customer_id)) as Stripe.Customer;
      expect(customer.metadata).toEqual({ tenant_id: tenantId });
      const ours = (await stripe.customers.list({ limit: 100 })).data.filter((c) => c.metadata?.tenant_id === tenantId);
      expect(ours).toHaveLength(1);
      const session = await stripe.checkout.sessions.retrieve(sessionIdOf(first.body.url));
      expect(session).toMatchObject({ mode: 'subscription', customer: customer.id, client_reference_id: tenantId });

      const paid = await control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, {
        cardNumber: '4242424242424242',
        country: 'GB',
        taxId: 'GB123456789',
      });
      expect(paid.status).toBe(200);
      await delivered(tenantId, 'customer.subscription.created');
      await processAll(tenantId);
      const overview = await read(world, me.browser, '/api/billing');
      expect(overview.body).toMatchObject({
        phase: 'active',
        plan: 'growth',
        status: 'active',
        subscribedPlan: 'growth',
        interval: 'month',
        syncAllowed: true,
        taxId: 'GB123456789',
        hasCustomer: true,
        banners: [],
      });
      expect(Date.parse(overview.body.currentPeriodEnd)).toBeGreaterThan(Date.now());
      subscriptionId = (
        await owner.query('SELECT stripe_subscription_id FROM billing_accounts WHERE tenant_id = $1', [tenantId])
      )[0].stripe_subscription_id;
      expect(subscriptionId).toMatch(/^sub_/);
      // Subscribed: a second checkout is refused; plan changes go through the portal.
      expect(
        (await change(world, me.browser, 'POST', '/api/billing/checkout', { plan: 'scale', interval: 'month' })).status,
      ).toBe(409);
      const portal = await change(world, me.browser, 'POST', '/api/billing/portal');
      expect(portal.status).toBe(200);
      expect(portal.body.url).toMatch(new RegExp(`^${sb.url}/`));
    });

    it('ends in the same state whatever the order and number of deliveries', async () => {
      const before = (await read(world, me.browser, '/api/billing')).body;
      const processedBefore = await owner.query(
        'SELECT id, processed_at FROM stripe_events WHERE routed_tenant_id = $1 ORDER BY id',
        [tenantId],
      );
      // Every event again, newest first, each twice: stored once, processed once, nothing changes.
      const ids = processedBefore.map((r: { id: string }) => r.id).reverse();
      const replay = await control(sb, account, 'POST', '/webhooks/deliver', {
        events: ids.flatMap((id: string) => [id, id]),
      });
      expect(replay.status).toBe(200);
      expect(await unprocessed(tenantId)).toEqual([]);
      expect(
        await owner.query('SELECT id, processed_at FROM stripe_events WHERE routed_tenant_id = $1 ORDER BY id', [
          tenantId,
        ]),
      ).toEqual(processedBefore);
      expect((await read(world, me.browser, '/api/billing')).body).toEqual(before);

      // Two changes whose events arrive newest first: the state is Stripe's latest, not the last event's.
      await control(sb, account, 'POST', '/settings', { webhooksPaused: true });
      const [scale] = (await stripe.prices.list({ lookup_keys: ['scale_monthly'] })).data;
      const sub = await stripe.subscriptions.retrieve(subscriptionId);
      await stripe.subscriptions.update(subscriptionId, { items: [{ id: sub.items.data[0].id, price: scale.id }] });
      await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      const released = await control(sb, account, 'POST', '/webhooks/release', { order: 'reverse' });
      expect(released.status).toBe(200);
      await eventually('both updates stored', async () =>
        (await unprocessed(tenantId)).length >= 2 ? true : undefined,
      );
      await processAll(tenantId);
      const after = (await read(world, me.browser, '/api/billing')).body;
      expect(after).toMatchObject({ phase: 'active', plan: 'scale', subscribedPlan: 'scale', cancelAtPeriodEnd: true });
      expect(after.banners).toEqual([expect.objectContaining({ kind: 'cancel_at_period_end' })]);
      expect(after.usage.integrationPairs.limit).toBeNull();
    });
  });

  describe('off-boarding', () => {
    it('cancels the live subscription when the tenant is deleted', async () => {
      const me = await signedUpOwner(world, 'stripe-leaving');
      const tenantId = await tenantOf(me);
      await owner.query(`UPDATE tenants SET created_at = now() - interval '13 days 12 hours' WHERE id = $1`, [
        tenantId,
      ]);
      const checkout = await change(world, me.browser, 'POST', '/api/billing/checkout', {
        plan: 'starter',
        interval: 'year',
      });
      expect(checkout.status).toBe(200);
      await control(sb, account, 'POST', `/checkout-sessions/${sessionIdOf(checkout.body.url)}/complete`, {
        cardNumber: '4242424242424242',
        country: 'NZ',
      });
      await delivered(tenantId, 'customer.subscription.created');
      await processAll(tenantId);
      const [{ stripe_subscription_id: subscriptionId }] = await owner.query(
        'SELECT stripe_subscription_id FROM billing_accounts WHERE tenant_id = $1',
        [tenantId],
      );
      expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe('active');
      const tenant = (await read(world, me.browser, '/api/tenant')).body;
      const deleted = await change(world, me.browser, 'DELETE', '/api/tenant', { confirmName: tenant.name });
      expect(deleted.status).toBe(200);
      expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe('canceled');
    });
  });

  describe('a failed renewal', () => {
    let me: Member;
    let tenantId: string;
    let integrationId: string;
    let clockId: string;

    beforeAll(async () => {
      me = await signedUpOwner(world, 'stripe-dunning');
      tenantId = await tenantOf(me);
      integrationId = (await pairByHand(world, me)).integrationId;
      // The customer lives on a test clock so Stripe's time can move; the product reuses a stored customer.
      const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
      clockId = clock.id;
      const customer = await stripe.customers.create({
        name: 'Dunning Ltd',
        test_clock: clock.id,
        metadata: { tenant_id: tenantId },
      });
      await owner.query('INSERT INTO billing_accounts (tenant_id, stripe_customer_id) VALUES ($1, $2)', [
        tenantId,
        customer.id,
      ]);
    });

    it('trial → payment failed → past due with a grace banner → paused after grace → paid → resumed, nothing lost', async () => {
      const checkout = await change(world, me.browser, 'POST', '/api/billing/checkout', {
        plan: 'starter',
        interval: 'month',
      });
      expect(checkout.status).toBe(200);
      // A card that is taken but whose charges fail; the trial left from sign-up carries over.
      const taken = await control(
        sb,
        account,
        'POST',
        `/checkout-sessions/${sessionIdOf(checkout.body.url)}/complete`,
        {
          cardNumber: '4000000000000341',
          country: 'NZ',
        },
      );
      expect(taken.status).toBe(200);
      await delivered(tenantId, 'customer.subscription.created');
      await processAll(tenantId);
      expect((await read(world, me.browser, '/api/billing')).body).toMatchObject({
        phase: 'trial',
        plan: 'growth',
        status: 'trialing',
      });

      // A change waiting to sync when the pause comes: it must still be there afterwards.
      await owner.query(
        `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, source)
         VALUES ($1, $2, 'invoices', 'invoice', 'x3-to-xero', 'INV-WAITING', 2, 'pending', '{}'::jsonb)`,
        [tenantId, integrationId],
      );
      await stripe.testHelpers.testClocks.advance(clockId, {
        frozen_time: Math.floor(Date.now() / 1000) + 16 * 86_400,
      });
      await delivered(tenantId, 'invoice.payment_failed');
      await processAll(tenantId);
      const due = (await read(world, me.browser, '/api/billing')).body;
      expect(due).toMatchObject({ phase: 'past_due', status: 'past_due', plan: 'starter', syncAllowed: true });
      expect(due.banners[0]).toMatchObject({ kind: 'past_due', until: due.graceUntil });
      expect(Date.parse(due.graceUntil) - Date.now()).toBeGreaterThan(6 * 86_400_000);
      expect(due.integrations).toEqual([expect.objectContaining({ id: integrationId, billingPaused: false })]);

      // Our side's time passes the grace period: the sweep pauses the flows through the billing reason.
      await owner.query(`UPDATE billing_accounts SET grace_until = now() - interval '1 minute' WHERE tenant_id = $1`, [
        tenantId,
      ]);
      expect(await sync.enforce(tenantId)).toMatchObject({ paused: [integrationId], resumed: [] });
      const paused = (await read(world, me.browser, '/api/billing')).body;
      expect(paused).toMatchObject({ phase: 'suspended', syncAllowed: false });
      expect(paused.banners[0]).toMatchObject({ kind: 'suspended' });
      const [integration] = await owner.query('SELECT status, pause_reasons FROM integrations WHERE id = $1', [
        integrationId,
      ]);
      expect(integration.pause_reasons).toEqual(['billing']);
      const waiting = await owner.query(
        `SELECT state FROM sync_pending_changes WHERE integration_id = $1 AND source_key = 'INV-WAITING'`,
        [integrationId],
      );
      expect(waiting).toEqual([{ state: 'pending' }]);

      // The owner puts a working card in through the portal, which pays what is open.
      const portal = await change(world, me.browser, 'POST', '/api/billing/portal');
      expect(portal.status).toBe(200);
      const card = await raw(sb, 'POST', `${new URL(portal.body.url).pathname}/card`, {
        form: new URLSearchParams({ card_number: '4242424242424242' }).toString(),
      });
      expect(card.status).toBeLessThan(400);
      await delivered(tenantId, 'invoice.paid');
      await eventually('the paid events stored', async () => ((await unprocessed(tenantId)).length ? true : undefined));
      await processAll(tenantId);
      const resumed = (await read(world, me.browser, '/api/billing')).body;
      expect(resumed).toMatchObject({
        phase: 'active',
        status: 'active',
        syncAllowed: true,
        graceUntil: null,
        banners: [],
      });
      const [after] = await owner.query('SELECT status, pause_reasons FROM integrations WHERE id = $1', [
        integrationId,
      ]);
      expect(after.pause_reasons).toEqual([]);
      // Nothing lost: the waiting change is still there, and its flow is asked to drain.
      expect(
        await owner.query(
          `SELECT state FROM sync_pending_changes WHERE integration_id = $1 AND source_key = 'INV-WAITING'`,
          [integrationId],
        ),
      ).toEqual([{ state: 'pending' }]);
      await eventually('a drain asked for', async () => {
        const outbox = await owner.query(
          `SELECT 1 FROM job_outbox WHERE job_name = 'drain' AND payload->>'integrationId' = $1`,
          [integrationId],
        );
        const bull = await syncJobsOf(world.env.REDIS_URL ?? process.env.REDIS_URL!, integrationId);
        return (
          outbox.length + bull.filter((j) => j.name === 'drain' && j.flowKey === 'invoices').length > 0 || undefined
        );
      });
    });
  });
});
