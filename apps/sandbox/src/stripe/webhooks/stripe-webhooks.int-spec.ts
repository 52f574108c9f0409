// Signed webhook deliveries: verified by the official client's constructEvent, retried on failure,
// redelivered twice and out of order on request, and listed through the control API.
import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage, Server } from 'node:http';
import Stripe from 'stripe';
import {
  StripeSandbox,
  TestAccount,
  control,
  createAccount,
  eventually,
  startStripeSandbox,
  stripeClient,
} from '../testing/stripe-harness';

interface Received {
  body: string;
  signature: string;
}

/** A receiver that answers with the next status in `plan` (then 200) and keeps what it got. */
async function receiver(plan: number[] = []): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) });
      res.statusCode = plan.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server };
}

describe('Stripe sandbox webhooks', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  const servers: Server[] = [];
  const secret = 'whsec_sandboxtestsecret0123456789';

  beforeAll(async () => {
    sb = await startStripeSandbox({ webhookRetryMs: 100, webhookMaxAttempts: 4 });
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
  });
  afterAll(async () => {
    await sb?.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  async function checkout(): Promise<string> {
    const [price] = (await stripe.prices.list({ lookup_keys: ['starter_monthly'] })).data;
    const cs = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.test/ok',
      client_reference_id: 'tenant-1',
    });
    expect(
      (await control(sb, account, 'POST', `/checkout-sessions/${cs.id}/complete`, { cardNumber: '4242424242424242' }))
        .status,
    ).toBe(200);
    return cs.id;
  }

  it('delivers signed events that constructEvent accepts, and retries a failing endpoint', async () => {
    const hook = await receiver([500, 503]);
    servers.push(hook.server);
    const created = await control(sb, account, 'POST', '/webhook-endpoints', { url: hook.url, secret });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'webhook_endpoint', url: hook.url, secret });
    const csId = await checkout();
    const completed = await eventually(() => {
      const parsed = hook.got.map((g) => stripe.webhooks.constructEvent(g.body, g.signature, secret));
      return Promise.resolve(parsed.find((e) => e.type === 'checkout.session.completed'));
    });
    expect(completed.data.object.id).toBe(csId);
    expect(completed.data.object.client_reference_id).toBe('tenant-1');
    expect(() =>
      stripe.webhooks.constructEvent(hook.got[0].body, hook.got[0].signature, 'whsec_wrong_secret_123'),
    ).toThrow();
    const types = new Set(hook.got.map((g) => (JSON.parse(g.body) as Stripe.Event).type));
    for (const t of ['customer.subscription.created', 'invoice.paid', 'checkout.session.completed'])
      expect(types).toContain(t);
    const deliveries = await eventually(async () => {
      const list = (await control(sb, account, 'GET', '/deliveries')).body.deliveries as Array<{
        status: string;
        attempts: number;
      }>;
      return list.every((d) => d.status === 'delivered') && list;
    });
    // The two refusals cost two extra attempts, on whichever deliveries met them.
    expect(deliveries.reduce((n, d) => n + d.attempts, 0)).toBe(deliveries.length + 2);
    expect(hook.got).toHaveLength(deliveries.length + 2);
    const evt = await stripe.events.retrieve(completed.id);
    expect(evt.type).toBe('checkout.session.completed');
  });

  it('keeps retrying an endpoint that does not answer, then gives up', async () => {
    const other = await createAccount(sb);
    const closed = await receiver();
    closed.server.close();
    await control(sb, other, 'POST', '/webhook-endpoints', { url: closed.url, secret });
    await stripeClient(sb, other.secretKey).customers.create({ email: 'x@example.test' });
    const [d] = await eventually(async () => {
      const list = (await control(sb, other, 'GET', '/deliveries')).body.deliveries as Array<{
        status: string;
        attempts: number;
        lastError: string;
      }>;
      return list[0]?.status === 'failed' && list;
    });
    expect(d.attempts).toBe(4);
    expect(d.lastError).toBeTruthy();
  });

  it('redelivers an event twice and sends events out of order on request', async () => {
    const acct = await createAccount(sb);
    const client = stripeClient(sb, acct.secretKey);
    const hook = await receiver();
    servers.push(hook.server);
    await control(sb, acct, 'POST', '/webhook-endpoints', { url: hook.url, secret });
    const a = await client.customers.create({ email: 'a@example.test' });
    await client.customers.update(a.id, { name: 'Renamed' });
    await eventually(async () => Promise.resolve(hook.got.length === 2));
    const [updated, created] = (await client.events.list()).data;
    expect([created.type, updated.type]).toEqual(['customer.created', 'customer.updated']);
    hook.got.length = 0;
    const dup = await control(sb, acct, 'POST', `/events/${created.id}/redeliver`, { times: 2 });
    expect(dup.status).toBe(200);
    await eventually(async () => Promise.resolve(hook.got.length === 2));
    expect(hook.got.map((g) => stripe.webhooks.constructEvent(g.body, g.signature, secret).id)).toEqual([
      created.id,
      created.id,
    ]);
    hook.got.length = 0;
    const sent = await control(sb, acct, 'POST', '/webhooks/deliver', { events: [updated.id, created.id] });
    expect(sent.body.results.map((r: { eventId: string; status: number }) => [r.eventId, r.status])).toEqual([
      [updated.id, 200],
      [created.id, 200],
    ]);
    expect(hook.got.map((g) => (JSON.parse(g.body) as Stripe.Event).id)).toEqual([updated.id, created.id]);

    hook.got.length = 0;
    await control(sb, acct, 'POST', '/settings', { webhooksPaused: true });
    const b = await client.customers.create({ email: 'b@example.test' });
    await client.customers.update(b.id, { name: 'B' });
    const held = (await control(sb, acct, 'GET', '/deliveries')).body.deliveries.filter(
      (d: { status: string }) => d.status === 'held',
    );
    expect(held).toHaveLength(2);
    expect(hook.got).toHaveLength(0);
    expect((await control(sb, acct, 'POST', '/webhooks/release', { order: 'reverse' })).body).toEqual({ released: 2 });
    await eventually(async () => Promise.resolve(hook.got.length === 2));
    expect(hook.got.map((g) => (JSON.parse(g.body) as Stripe.Event).type)).toEqual([
      'customer.updated',
      'customer.created',
    ]);
  });

  it('guards the control API per account and refuses bad input', async () => {
    const other = await createAccount(sb);
    const wrong = { ...account, controlToken: other.controlToken };
    expect((await control(sb, wrong, 'GET', '/deliveries')).status).toBe(401);
    expect(
      (await control(sb, { ...account, controlToken: '' }, 'POST', '/webhook-endpoints', { url: 'http://x.test' }))
        .status,
    ).toBe(401);
    expect((await control(sb, { ...account, accountId: 'acct_nope' }, 'GET', '')).status).toBe(401);
    expect((await control(sb, account, 'POST', '/webhook-endpoints', { url: 'javascript:alert(1)' })).status).toBe(400);
    expect(
      (await control(sb, account, 'POST', '/webhook-endpoints', { url: 'http://x.test', secret: 'plain' })).status,
    ).toBe(400);
    expect((await control(sb, account, 'POST', '/webhooks/deliver', { events: 'evt_1' })).status).toBe(400);
    expect((await control(sb, account, 'POST', '/webhooks/deliver', { events: ['evt_missing'] })).status).toBe(404);
    const otherEvent = (await stripeClient(sb, other.secretKey).events.list()).data[0];
    if (otherEvent)
      expect((await control(sb, account, 'POST', `/events/${otherEvent.id}/redeliver`, {})).status).toBe(404);
    expect((await control(sb, account, 'POST', '/settings', { afterFailedRetries: 'explode' })).status).toBe(400);
  });

  it('serves the configured seed account (dev launcher) and registers its endpoint once across restarts', async () => {
    const hook = await receiver();
    servers.push(hook.server);
    const key = `sk_test_seed${Date.now()}abcdefgh`;
    const configured = { seedSecretKey: key, seedWebhooks: [{ url: hook.url, secret }] };
    const first = await startStripeSandbox(configured);
    await first.close();
    const seeded = await startStripeSandbox(configured);
    try {
      const client = stripeClient(seeded, key);
      expect((await client.prices.list({ lookup_keys: ['scale_yearly'] })).data).toHaveLength(1);
      expect((await client.webhookEndpoints.list()).data).toHaveLength(1);
      const c = await client.customers.create({ email: 'seed@example.test' });
      const got = await eventually(() => Promise.resolve(hook.got[0]));
      expect(stripe.webhooks.constructEvent(got.body, got.signature, secret).data.object).toMatchObject({ id: c.id });
    } finally {
      await seeded.close();
    }
  });

  it('registers endpoints through the API too, returning the secret once', async () => {
    const ep = await stripe.webhookEndpoints.create({
      url: 'https://hooks.example.test/stripe',
      enabled_events: ['invoice.paid'],
    });
    expect(ep.secret).toMatch(/^whsec_/);
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.find((e) => e.id === ep.id)?.secret).toBeUndefined();
    expect(await stripe.webhookEndpoints.del(ep.id)).toMatchObject({ id: ep.id, deleted: true });
  });
});
