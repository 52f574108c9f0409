// What the billing browser specs share: a Stripe sandbox account with our webhook registered, the
// worker's stripe-event job driven by the test (no worker runs in a SPA world), and the wait for
// Stripe's delivery of an event before that job runs.
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { BillingEntitlements, BillingSync, StripeEventStore } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { OutboxJobProducer, outboxLane } from '#lb/queues';
import { eventually } from '#lb/testing';
import { control, createAccount, StripeSandbox, TestAccount } from '../../sandbox/src/stripe/testing/stripe-harness';
import { STEP_TIMEOUT } from './spa-world';

/** A fresh Stripe account in the sandbox, with the api's webhook endpoint registered under `secret`. */
export async function stripeAccountWithWebhook(
  sandboxUrl: string,
  publicUrl: string,
  secret: string,
): Promise<TestAccount> {
  // The sandbox serves Stripe on its one port; the harness's helpers read only its url.
  const sb = { url: sandboxUrl } as StripeSandbox;
  const account = await createAccount(sb);
  const endpoint = await control(sb, account, 'POST', '/webhook-endpoints', {
    url: `${publicUrl}/api/billing/stripe/webhooks`,
    secret,
  });
  if (endpoint.status >= 300) throw new Error(`webhook endpoint: ${endpoint.status}`);
  return account;
}

/** The worker's stripe-event job as the product wires it, for the test to run. */
export function billingSyncFor(runtime: DataSource, stripe: Stripe | null): BillingSync {
  const tx = new TenantTransactions(runtime);
  return new BillingSync(
    tx,
    stripe,
    new StripeEventStore(runtime),
    new BillingEntitlements({ trialDays: 14, graceDays: 7 }),
    new OutboxJobProducer(runtime, tx, outboxLane(process.env.REDIS_URL!)),
    new AuditTrail(),
  );
}

/** The tenant's stored Stripe events, and the worker's job run on them once Stripe has delivered. */
export function stripeEvents(owner: () => DataSource, sync: () => BillingSync, tenantId: () => string) {
  const stored = async (type: string): Promise<number> =>
    Number(
      (
        await owner().query('SELECT count(*) AS n FROM stripe_events WHERE routed_tenant_id = $1 AND type = $2', [
          tenantId(),
          type,
        ])
      )[0].n,
    );
  /** Waits for Stripe's delivery of one more event of the type, then does the worker's job for each stored event. */
  const deliverAndProcess = async (type: string, before: number) => {
    await eventually(`${type} delivered`, async () => (await stored(type)) > before || undefined, STEP_TIMEOUT);
    const ids: Array<{ id: string }> = await owner().query(
      'SELECT id FROM stripe_events WHERE routed_tenant_id = $1 AND processed_at IS NULL ORDER BY received_at, id',
      [tenantId()],
    );
    for (const { id } of ids) await sync().processEvent(tenantId(), id);
  };
  return { stored, deliverAndProcess };
}
