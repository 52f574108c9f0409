// The Stripe simulator's API v1 through the official `stripe` client: keys, errors, idempotency,
// metadata, expand, pagination, the seeded plan prices, and a checkout that subscribes a customer.
import Stripe from 'stripe';
import {
  StripeSandbox,
  TestAccount,
  control,
  createAccount,
  raw,
  startStripeSandbox,
  stripeClient,
} from './testing/stripe-harness';

describe('Stripe sandbox API v1', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
  });
  afterAll(() => sb?.close());

  it('refuses a missing or unknown key with Stripe 401 shape', async () => {
    const none = await raw(sb, 'GET', '/v1/customers');
    expect(none.status).toBe(401);
    expect(none.body.error.type).toBe('invalid_request_error');
    const bad = await raw(sb, 'GET', '/v1/customers', { key: 'sk_test_notakeyatall123456' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toMatch(/^Invalid API Key provided: sk_test_/);
    expect(bad.body.error.message).not.toContain('notakeyatall');
    await expect(stripeClient(sb, 'sk_test_wrongwrongwrong1234').customers.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
  });

  it('keeps each account to its own objects', async () => {
    const other = await createAccount(sb);
    const mine = await stripe.customers.create({ email: 'mine@example.test' });
    await expect(stripeClient(sb, other.secretKey).customers.retrieve(mine.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
    });
  });

  it('creates, retrieves, updates and lists customers with metadata and pagination', async () => {
    const c = await stripe.customers.create({ email: 'a@example.test', name: 'A Ltd', metadata: { tenantId: 't-1' } });
    expect(c.id).toMatch(/^cus_/);
    expect(c.object).toBe('customer');
    expect(c.metadata).toEqual({ tenantId: 't-1' });
    const updated = await stripe.customers.update(c.id, {
      metadata: { tenantId: '', plan: 'growth' },
      name: 'A Limited',
    });
    expect(updated.metadata).toEqual({ plan: 'growth' });
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ name: 'A Limited' });
    for (let i = 0; i < 3; i++) await stripe.customers.create({ email: `page${i}@example.test` });
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const next = await stripe.customers.list({ limit: 2, starting_after: first.data[1].id });
    expect(next.data[0].id).not.toBe(first.data[1].id);
    const all: string[] = [];
    for await (const cust of stripe.customers.list({ limit: 2 })) all.push(cust.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(c.id);
  });

  it('refuses hostile input in Stripe error shape', async () => {
    await expect(stripe.customers.create({ metadata: { ['k'.repeat(41)]: 'v' } })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
    });
    await expect(stripe.customers.list({ limit: 1000 })).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
    const proto = await raw(sb, 'POST', '/v1/customers', {
      key: account.secretKey,
      form: '__proto__[admin]=1&metadata[__proto__][x]=1',
    });
    expect(proto.status).toBe(200);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const unknown = await raw(sb, 'POST', '/v1/charges/x/y', { key: account.secretKey, form: 'a=1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(unknown.body.error.message).toMatch(/^Unrecognized request URL \(POST: \/v1\/charges\/x\/y\)/);
    const missing = await raw(sb, 'GET', '/v1/customers/cus_doesnotexist', { key: account.secretKey });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
  });

  it('honours Idempotency-Key: replays the same request, refuses other parameters', async () => {
    const key = `idem-${Date.now()}`;
    const a = await stripe.customers.create({ email: 'idem@example.test' }, { idempotencyKey: key });
    const b = await stripe.customers.create({ email: 'idem@example.test' }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    const replay = await raw(sb, 'POST', '/v1/customers', {
      key: account.secretKey,
      form: 'email=idem%40example.test',
      headers: { 'idempotency-key': key },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await expect(
      stripe.customers.create({ email: 'other@example.test' }, { idempotencyKey: key }),
    ).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeIdempotencyError',
    });
  });

  it('seeds the plan prices and finds them by lookup key', async () => {
    const prices = await stripe.prices.list({
      lookup_keys: ['starter_monthly', 'growth_yearly'],
      expand: ['data.product'],
    });
    expect(prices.data.map((p) => p.lookup_key).sort()).toEqual(['growth_yearly', 'starter_monthly']);
    const yearly = prices.data.find((p) => p.lookup_key === 'growth_yearly')!;
    expect(yearly.recurring).toMatchObject({ interval: 'year', interval_count: 1 });
    expect(Number.isInteger(yearly.unit_amount)).toBe(true);
    expect((yearly.product as Stripe.Product).name).toMatch(/Growth/);
    const all = await stripe.prices.list({ limit: 100 });
    expect(all.data.filter((p) => p.lookup_key).length).toBe(6);
  });

  it('creates products and prices', async () => {
    const product = await stripe.products.create({ name: 'Add-on', metadata: { kind: 'addon' } });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
    });
    expect(price).toMatchObject({ object: 'price', type: 'recurring', unit_amount: 1000, product: product.id });
    expect((await stripe.products.retrieve(product.id)).metadata).toEqual({ kind: 'addon' });
  });

  it('runs a checkout session to a subscription, with tax and tax ids', async () => {
    const [price] = (await stripe.prices.list({ lookup_keys: ['starter_monthly'] })).data;
    const customer = await stripe.customers.create({ email: 'buyer@example.test', metadata: { tenantId: 'tenant-9' } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.test/billing/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example.test/billing',
      client_reference_id: 'tenant-9',
      subscription_data: { metadata: { tenantId: 'tenant-9' } },
      automatic_tax: { enabled: true },
      tax_id_collection: { enabled: true },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${sb.url}/stripe/checkout/${session.id}`);
    expect(session.status).toBe('open');
    const done = await control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, {
      cardNumber: '4242 4242 4242 4242',
      country: 'GB',
      taxId: 'GB123456789',
    });
    expect(done.status).toBe(200);
    const complete = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'line_items'] });
    expect(complete.status).toBe('complete');
    expect(complete.payment_status).toBe('paid');
    const sub = complete.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({
      object: 'subscription',
      status: 'active',
      customer: customer.id,
      metadata: { tenantId: 'tenant-9' },
    });
    expect(sub.items.data[0].price.id).toBe(price.id);
    expect(sub.items.data[0].current_period_end).toBeGreaterThan(sub.items.data[0].current_period_start);
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data).toHaveLength(1);
    const inv = invoices.data[0];
    expect(inv).toMatchObject({
      status: 'paid',
      subtotal: price.unit_amount,
      customer_tax_ids: [{ type: 'gb_vat', value: 'GB123456789' }],
    });
    expect(inv.total_taxes![0].amount).toBe(Math.round(price.unit_amount! * 0.2));
    expect(inv.total).toBe(inv.subtotal + inv.total_taxes![0].amount);
    expect(await stripe.invoices.retrieve(inv.id)).toMatchObject({ id: inv.id, amount_paid: inv.total });
    await expect(
      control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, { cardNumber: '4242424242424242' }),
    ).resolves.toMatchObject({
      status: 400,
    });
  });
});
