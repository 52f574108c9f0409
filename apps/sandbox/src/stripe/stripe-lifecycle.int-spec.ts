// Subscriptions over time on test clocks: trials ending with and without a card, renewals, failed
// charges and their retries, plan changes and cancellation, with the events Stripe would send.
import Stripe from 'stripe';
import {
  StripeSandbox,
  TestAccount,
  control,
  createAccount,
  startStripeSandbox,
  stripeClient,
} from './testing/stripe-harness';

const DAY = 86_400;
const T0 = Math.floor(Date.UTC(2026, 0, 15) / 1000);

describe('Stripe sandbox subscription lifecycle (test clocks)', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  let prices: Record<string, Stripe.Price>;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
    const list = await stripe.prices.list({ lookup_keys: ['starter_monthly', 'growth_monthly', 'growth_yearly'] });
    prices = Object.fromEntries(list.data.map((p) => [p.lookup_key!, p]));
  });
  afterAll(() => sb?.close());

  async function subscribe(opts: {
    card: string;
    trialDays?: number;
    ifRequired?: boolean;
    missing?: 'cancel' | 'create_invoice' | 'pause';
    price?: string;
  }): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ email: 'life@example.test', test_clock: clock.id });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: prices[opts.price ?? 'starter_monthly'].id, quantity: 1 }],
      success_url: 'https://app.example.test/ok',
      ...(opts.ifRequired ? { payment_method_collection: 'if_required' } : {}),
      subscription_data: {
        ...(opts.trialDays ? { trial_period_days: opts.trialDays } : {}),
        ...(opts.missing ? { trial_settings: { end_behavior: { missing_payment_method: opts.missing } } } : {}),
      },
    });
    const done = await control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, {
      cardNumber: opts.card,
    });
    expect(done.status).toBe(200);
    const sub = await stripe.subscriptions.retrieve(done.body.subscription as string);
    return { clock, customer, sub };
  }

  async function advance(clock: Stripe.TestHelpers.TestClock, to: number): Promise<void> {
    const moved = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
    expect(moved.status).toBe('ready');
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time).toBe(to);
  }

  async function eventTypes(objectId: string): Promise<string[]> {
    const events = await stripe.events.list({ limit: 100 });
    return events.data
      .filter((e) => (e.data.object as { id?: string }).id === objectId)
      .map((e) => e.type)
      .reverse();
  }

  it('starts a trial on the clock, warns three days before it ends, then charges the card', async () => {
    const { clock, sub } = await subscribe({ card: '4242424242424242', trialDays: 14 });
    expect(sub).toMatchObject({ status: 'trialing', trial_start: T0, trial_end: T0 + 14 * DAY, start_date: T0 });
    await advance(clock, T0 + 12 * DAY);
    expect(await eventTypes(sub.id)).toContain('customer.subscription.trial_will_end');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('trialing');
    await advance(clock, T0 + 15 * DAY);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.items.data[0].current_period_start).toBe(T0 + 14 * DAY);
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_cycle', 'paid', prices.starter_monthly.unit_amount],
      ['subscription_create', 'paid', 0],
    ]);
    expect(await eventTypes(sub.id)).toEqual([
      'customer.subscription.created',
      'customer.subscription.trial_will_end',
      'customer.subscription.updated',
    ]);
  });

  it('renews monthly, on the same day of the month', async () => {
    const { clock, sub } = await subscribe({ card: '4242424242424242' });
    expect(sub.status).toBe('active');
    const end = sub.items.data[0].current_period_end;
    expect(new Date(end * 1000).toISOString()).toBe('2026-02-15T00:00:00.000Z');
    await advance(clock, T0 + 70 * DAY);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(new Date(after.items.data[0].current_period_start * 1000).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect((await stripe.invoices.list({ subscription: sub.id })).data.filter((i) => i.status === 'paid')).toHaveLength(
      3,
    );
  });

  it('leaves a trial with no card past_due (create_invoice), or cancels it when asked', async () => {
    const a = await subscribe({ card: '', trialDays: 7, ifRequired: true });
    await advance(a.clock, T0 + 8 * DAY);
    expect((await stripe.subscriptions.retrieve(a.sub.id)).status).toBe('past_due');
    const [open] = (await stripe.invoices.list({ subscription: a.sub.id, status: 'open' })).data;
    expect(open).toMatchObject({ attempted: true, attempt_count: 1, billing_reason: 'subscription_cycle' });
    const b = await subscribe({ card: '', trialDays: 7, ifRequired: true, missing: 'cancel' });
    await advance(b.clock, T0 + 8 * DAY);
    expect((await stripe.subscriptions.retrieve(b.sub.id)).status).toBe('canceled');
  });

  it('fails the charges of card 4000000000000341, retries, then cancels or marks unpaid', async () => {
    const { clock, sub } = await subscribe({ card: '4000000000000341', trialDays: 7 });
    await advance(clock, T0 + 8 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    const types = await stripe.events.list({ type: 'invoice.payment_failed', limit: 100 });
    expect(
      types.data.some((e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id),
    ).toBe(true);
    await advance(clock, T0 + 20 * DAY);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.cancellation_details?.reason).toBe('payment_failed');
    const [inv] = (await stripe.invoices.list({ subscription: sub.id, status: 'open' })).data;
    expect(inv.attempt_count).toBe(4);

    expect((await control(sb, account, 'POST', '/settings', { afterFailedRetries: 'unpaid' })).status).toBe(200);
    const second = await subscribe({ card: '4000000000000341', trialDays: 7 });
    await advance(second.clock, T0 + 20 * DAY);
    expect((await stripe.subscriptions.retrieve(second.sub.id)).status).toBe('unpaid');
    await control(sb, account, 'POST', '/settings', { afterFailedRetries: 'canceled' });
  });

  it('changes plan through items, cancels at period end, and cancels at once', async () => {
    const { clock, sub } = await subscribe({ card: '4242424242424242' });
    const moved = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: prices.growth_monthly.id }],
    });
    expect(moved.items.data[0].price.id).toBe(prices.growth_monthly.id);
    expect(moved.items.data[0].current_period_end).toBe(sub.items.data[0].current_period_end);
    const yearly = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: prices.growth_yearly.id }],
    });
    expect(yearly.items.data[0].current_period_end - yearly.items.data[0].current_period_start).toBe(365 * DAY);
    const latest = await stripe.invoices.retrieve(yearly.latest_invoice as string);
    expect(latest).toMatchObject({
      billing_reason: 'subscription_update',
      status: 'paid',
      amount_paid: prices.growth_yearly.unit_amount,
    });

    const ending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(ending).toMatchObject({
      cancel_at_period_end: true,
      cancel_at: yearly.items.data[0].current_period_end,
      status: 'active',
    });
    await advance(clock, T0 + 400 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(await eventTypes(sub.id)).toContain('customer.subscription.deleted');

    const other = await subscribe({ card: '4242424242424242' });
    const canceled = await stripe.subscriptions.cancel(other.sub.id);
    expect(canceled).toMatchObject({ status: 'canceled', ended_at: T0 });
    await expect(stripe.subscriptions.update(other.sub.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      statusCode: 400,
    });
    expect((await stripe.subscriptions.list({ customer: other.customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: other.customer.id, status: 'all' })).data).toHaveLength(1);
  });

  it('refuses a declined card, another account’s price and a clock moved backwards', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: prices.starter_monthly.id, quantity: 1 }],
      success_url: 'https://app.example.test/ok',
    });
    const declined = await control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, {
      cardNumber: '4000000000000002',
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const other = stripeClient(sb, (await createAccount(sb)).secretKey);
    await expect(
      other.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: prices.starter_monthly.id }],
        success_url: 'https://x.test/',
      }),
    ).rejects.toMatchObject({ statusCode: 404, param: 'line_items[0][price]' });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    await expect(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 - 1 })).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});
