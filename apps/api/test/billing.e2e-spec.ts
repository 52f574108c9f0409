// Billing over HTTP against real PostgreSQL and Redis, without Stripe's far side: the trial from
// sign-up, roles (only owners change billing), another tenant's integrations, the Starter plan
// refusing a second pair, a forged or replayed webhook, Stripe out of reach, and a trial that ends
// without a card pausing flows (the worker's sweep, driven here). Checkout and the webhook's
// processing against the Stripe sandbox: billing-stripe.e2e-spec.ts.
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { BillingEntitlements, BillingSync, StripeEventStore } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { OutboxJobProducer, outboxLane } from '#lb/queues';
import { CookieBrowser, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { Member, pairByHand, signedUpOwner } from './flows-world';
import {
  change,
  invitationToken,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

const WEBHOOK_SECRET = 'whsec_billing_e2e_secret';
const signer = new Stripe('sk_test_signing_only');

describe('billing API', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let me: Member;
  let admin: CookieBrowser;
  let viewer: CookieBrowser;
  let them: Member;
  let tenantId: string;
  let integrationId: string;
  let theirIntegrationId: string;

  const joinAs = async (role: 'admin' | 'viewer'): Promise<CookieBrowser> => {
    const org = await newOrg(world, uniqueEmail(role));
    const invited = await change(world, me.browser, 'POST', '/api/tenant/invitations', { email: org.userEmail, role });
    expect(invited.status).toBe(201);
    const browser = new CookieBrowser();
    await change(world, browser, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, org.userEmail),
    });
    await signInWithXero(world, browser, org);
    return browser;
  };

  const deliver = async (payload: string, signature: string) => {
    const res = await fetch(`${world.api.url}/api/billing/stripe/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    return res.status;
  };
  const signed = (payload: string) => signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const eventOf = (id: string, customer: string) =>
    JSON.stringify({
      id,
      object: 'event',
      type: 'customer.subscription.updated',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'sub_e2e', object: 'subscription', customer, status: 'active' } },
    });
  const storedEvents = async (id: string) =>
    owner.query('SELECT id, routed_tenant_id AS tenant_id, processed_at FROM stripe_events WHERE id = $1', [id]);
  const outboxJobs = async (eventId: string) =>
    owner.query(`SELECT 1 FROM job_outbox WHERE job_name = 'stripe-event' AND payload->>'stripeEventId' = $1`, [
      eventId,
    ]);
  const setAccount = (tenant: string, fields: Record<string, unknown>) =>
    owner.query(
      `INSERT INTO billing_accounts (tenant_id, stripe_customer_id, status, plan) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET stripe_customer_id = EXCLUDED.stripe_customer_id, status = EXCLUDED.status, plan = EXCLUDED.plan`,
      [tenant, fields.customer ?? null, fields.status ?? 'none', fields.plan ?? null],
    );

  beforeAll(async () => {
    // Stripe's API is a closed port here: every call out fails as an outage would.
    world = await startXeroWorld({
      STRIPE_SECRET_KEY: 'sk_test_unreachable',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: 'http://127.0.0.1:9',
      STRIPE_CALL_TIMEOUT_MS: '2000',
    });
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    me = await signedUpOwner(world, 'billing');
    admin = await joinAs('admin');
    viewer = await joinAs('viewer');
    them = await signedUpOwner(world, 'billing-them');
    tenantId = (await read(world, me.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, me)).integrationId;
    theirIntegrationId = (await pairByHand(world, them)).integrationId;
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
  });

  it('starts a Growth trial at sign-up that every member can read, with usage against its limits', async () => {
    for (const browser of [me.browser, admin, viewer]) {
      const res = await read(world, browser, '/api/billing');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        phase: 'trial',
        plan: 'growth',
        status: 'none',
        syncAllowed: true,
        hasCustomer: false,
        usage: { integrationPairs: { used: 1, limit: 3 }, recordsThisMonth: { used: 0, limit: 50000 } },
        integrations: [{ id: integrationId, billingPaused: false }],
      });
      expect(Date.parse(res.body.trialEndsAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    }
    const plans = await read(world, viewer, '/api/billing/plans');
    expect(plans.status).toBe(200);
    // Stripe is out of reach: plans and limits still show, prices say they are not available.
    expect(plans.body.map((p: { id: string }) => p.id)).toEqual(['starter', 'growth', 'scale']);
    expect(plans.body[0]).toMatchObject({ pricesAvailable: false, prices: [], entitlements: { integrationPairs: 1 } });
  });

  it('lets only owners change billing', async () => {
    for (const browser of [admin, viewer]) {
      expect(
        (await change(world, browser, 'POST', '/api/billing/checkout', { plan: 'growth', interval: 'month' })).status,
      ).toBe(403);
      expect((await change(world, browser, 'POST', '/api/billing/portal')).status).toBe(403);
      expect(
        (await change(world, browser, 'PUT', '/api/billing/active-integrations', { integrationIds: [integrationId] }))
          .status,
      ).toBe(403);
    }
  });

  it('refuses hostile input to the owner routes', async () => {
    for (const body of [
      {},
      { plan: 'platinum', interval: 'month' },
      { plan: 'growth', interval: 'week' },
      { plan: ['growth'], interval: 'month' },
    ]) {
      expect((await change(world, me.browser, 'POST', '/api/billing/checkout', body)).status).toBe(400);
    }
    for (const body of [
      { integrationIds: 'all' },
      { integrationIds: ['not-a-uuid'] },
      { integrationIds: Array(101).fill(integrationId) },
    ]) {
      expect((await change(world, me.browser, 'PUT', '/api/billing/active-integrations', body)).status).toBe(400);
    }
  });

  it("cannot keep another tenant's integration active, nor touch their pauses", async () => {
    const res = await change(world, me.browser, 'PUT', '/api/billing/active-integrations', {
      integrationIds: [theirIntegrationId],
    });
    expect(res.status).toBe(409);
    const [theirs] = await owner.query('SELECT pause_reasons FROM integrations WHERE id = $1', [theirIntegrationId]);
    expect(theirs.pause_reasons).toEqual([]);
    expect((await read(world, them.browser, '/api/billing')).body.integrations).toEqual([
      expect.objectContaining({ id: theirIntegrationId, billingPaused: false }),
    ]);
  });

  it('answers 503 when Stripe is out of reach, and writes nothing', async () => {
    const checkout = await change(world, me.browser, 'POST', '/api/billing/checkout', {
      plan: 'growth',
      interval: 'month',
    });
    expect(checkout.status).toBe(503);
    expect(checkout.body).toMatchObject({
      code: 'stripe_unavailable',
      message: expect.stringContaining('Stripe could not be reached'),
    });
    expect(await owner.query('SELECT 1 FROM billing_accounts WHERE tenant_id = $1', [tenantId])).toEqual([]);
    // No customer yet: the portal has nothing to open (409, not a Stripe call).
    expect((await change(world, me.browser, 'POST', '/api/billing/portal')).status).toBe(409);
  });

  it('refuses a forged or unsigned webhook and stores nothing', async () => {
    const payload = eventOf('evt_forged_1', 'cus_nobody');
    const forged = signer.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    expect(await deliver(payload, forged)).toBe(401);
    expect(await deliver(payload, '')).toBe(401);
    // A correct signature over other bytes is still forged.
    expect(await deliver(eventOf('evt_forged_1', 'cus_other'), signed(payload))).toBe(401);
    const stale = signer.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(await deliver(payload, stale)).toBe(401);
    expect(await storedEvents('evt_forged_1')).toEqual([]);
    // Signed but not an event we can read: 400, nothing stored.
    const junk = JSON.stringify({ id: 'not-an-event', object: 'event' });
    expect(await deliver(junk, signed(junk))).toBe(400);
  });

  it('stores a signed event once by id, routed to its customer’s tenant, with one job however often it comes', async () => {
    await setAccount(tenantId, { customer: 'cus_billing_e2e', status: 'none' });
    const payload = eventOf('evt_dup_1', 'cus_billing_e2e');
    expect(await deliver(payload, signed(payload))).toBe(200);
    expect(await deliver(payload, signed(payload))).toBe(200);
    const rows = await storedEvents('evt_dup_1');
    expect(rows).toEqual([expect.objectContaining({ tenant_id: tenantId, processed_at: null })]);
    // Processed once (by the worker's job, run here): a later redelivery queues nothing.
    const tx = new TenantTransactions(runtime);
    const events = new StripeEventStore(runtime);
    await tx.run(tenantId, (m) => events.markProcessed(m, 'evt_dup_1', tenantId));
    await owner.query(`DELETE FROM job_outbox WHERE job_name = 'stripe-event'`);
    expect(await deliver(payload, signed(payload))).toBe(200);
    expect(await outboxJobs('evt_dup_1')).toEqual([]);
    // Another tenant cannot read or settle this tenant's event through the door.
    const theirTenant = (await read(world, them.browser, '/api/tenant')).body.id as string;
    expect(await tx.run(theirTenant, (m) => events.of(m, 'evt_dup_1', theirTenant))).toBeNull();
    expect(await tx.run(theirTenant, (m) => events.markProcessed(m, 'evt_dup_1', theirTenant))).toBe(false);
    // The runtime role cannot reach the table itself.
    await expect(runtime.query('SELECT * FROM stripe_events')).rejects.toThrow(/permission denied/);
  });

  it('refuses a second integration pair on Starter with a clear message', async () => {
    await setAccount(tenantId, { customer: 'cus_billing_e2e', status: 'active', plan: 'starter' });
    const connections = (await read(world, me.browser, '/api/connections')).body;
    const second = await change(world, me.browser, 'POST', '/api/integrations', {
      name: 'Second',
      xeroConnectionId: connections.xero[0].id,
      x3ConnectionId: connections.x3[0].id,
      x3Company: 'NZ11',
    });
    expect(second.status).toBe(402);
    expect(second.body).toMatchObject({
      code: 'plan_limit',
      message: 'The Starter plan includes 1 integration pair; upgrade your plan to add another',
    });
    expect((await read(world, me.browser, '/api/integrations')).body).toHaveLength(1);
    // Flows within the plan only: core entities, and X3 polls of 15 minutes or more.
    const starter = await change(world, me.browser, 'POST', `/api/integrations/${integrationId}/flows/starter`);
    expect(starter.status).toBeLessThan(300);
    const payments = await change(
      world,
      me.browser,
      'POST',
      `/api/integrations/${integrationId}/flows/payments/enable`,
    );
    expect(payments.status).toBe(402);
    expect(payments.body).toMatchObject({
      code: 'plan_limit',
      message: expect.stringContaining('does not include payment flows'),
    });
    const invoices = await change(
      world,
      me.browser,
      'POST',
      `/api/integrations/${integrationId}/flows/invoices/enable`,
    );
    expect(invoices.status).toBe(402);
    expect(invoices.body.message).toContain('polls at most every 15 minutes');
    const flows = (await read(world, me.browser, `/api/integrations/${integrationId}/flows`)).body.flows;
    expect(flows.filter((f: { enabled: boolean }) => f.enabled)).toEqual([]);
    // Starter has no reconciliation either.
    const recon = await change(world, admin, 'POST', `/api/integrations/${integrationId}/reconciliation/runs`, {});
    expect(recon.status).toBe(402);
    expect(recon.body).toMatchObject({ code: 'plan_limit', message: expect.stringContaining('reconciliation') });
  });

  it('pauses every flow when the trial ends without a card, and lifts only that pause on subscribing', async () => {
    await owner.query('DELETE FROM billing_accounts WHERE tenant_id = $1', [tenantId]);
    await owner.query(`UPDATE tenants SET created_at = now() - interval '20 days' WHERE id = $1`, [tenantId]);
    const tx = new TenantTransactions(runtime);
    const sync = new BillingSync(
      tx,
      null,
      new StripeEventStore(runtime),
      new BillingEntitlements({ trialDays: 14, graceDays: 7 }),
      new OutboxJobProducer(runtime, tx, outboxLane(world.env.REDIS_URL ?? process.env.REDIS_URL!)),
      new AuditTrail(),
    );
    await owner.query(`UPDATE integrations SET pause_reasons = ARRAY['user'] WHERE id = $1`, [integrationId]);
    expect(await sync.enforce(tenantId)).toMatchObject({ paused: [integrationId], resumed: [] });
    const overview = (await read(world, viewer, '/api/billing')).body;
    expect(overview).toMatchObject({
      phase: 'trial_expired',
      syncAllowed: false,
      integrations: [{ billingPaused: true }],
    });
    expect(overview.banners[0]).toMatchObject({ kind: 'trial_expired' });
    // Paying (here: the stored subscription turning active) removes the billing reason, not the user's.
    await setAccount(tenantId, { customer: 'cus_billing_e2e', status: 'active', plan: 'growth' });
    expect(await sync.enforce(tenantId)).toMatchObject({ paused: [], resumed: [integrationId] });
    const [row] = await owner.query('SELECT pause_reasons, status FROM integrations WHERE id = $1', [integrationId]);
    expect(row.pause_reasons).toEqual(['user']);
    // The sweep run again changes nothing.
    expect(await sync.enforce(tenantId)).toMatchObject({ paused: [], resumed: [] });
    await owner.query(`UPDATE integrations SET pause_reasons = '{}' WHERE id = $1`, [integrationId]);
  });
});
