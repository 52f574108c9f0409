// The shop routes through the real api (HTTP, edge, guards, PostgreSQL, Redis): admins create and
// read shop connections (the secret answered once), and the webhook answers 200 only to a body
// signed with its connection's secret, storing it once per delivery id; anything else changes nothing.
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { invitedViewer, Member, signedUpOwner } from '../flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const CONNECTION = {
  name: 'Online shop',
  salesSite: 'NZ011',
  xeroPaymentAccount: '090',
  customerDefaults: { currency: 'NZD', taxRule: 'NZL', paymentTerm: 'CH30NETEOM' },
};
const ORDER = {
  // Shopify's own sample ids pass 2^53: the exact id is the gid's
  id: 820982911946154500,
  admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
  name: '#9999',
  email: 'jon@example.com',
  currency: 'NZD',
  created_at: '2026-11-20T09:30:00+13:00',
  taxes_included: true,
  total_price: '24.90',
  line_items: [{ sku: 'NZFOOD01', quantity: 1, price: '24.90', title: 'Honey' }],
  customer: {
    id: 115310627314723950,
    admin_graphql_api_id: 'gid://shopify/Customer/115310627314723954',
    email: 'jon@example.com',
    first_name: 'Jon',
    last_name: 'Snow',
  },
};

describe('shop intake over HTTP: connection routes (admins) and the signed order webhook', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let base: string;
  let tenantId: string;

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${world.api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const signed = (body: string, secret: string, topic = 'orders/create', webhookId: string = randomUUID()) => ({
    'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    'x-shopify-topic': topic,
    'x-shopify-webhook-id': webhookId,
  });
  const stored = async () =>
    owner.query<Array<{ webhook_id: string; topic: string; shop_order_id: string; state: string }>>(
      `SELECT webhook_id, topic, shop_order_id, state FROM shop_events WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    );

  beforeAll(async () => {
    world = await startXeroWorld({}, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'shop');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'shop-stranger');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const trial = await change(world, admin.browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    base = `/api/integrations/${trial.body.integrationId}/shop-connections`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('admins create (secret shown once); members read connections without it; viewers, strangers, bad input are refused and change nothing', async () => {
    expect((await change(world, viewer.browser, 'POST', base, CONNECTION)).status).toBe(403);
    expect(await read(world, viewer.browser, base)).toEqual({ status: 200, body: [] });
    expect((await change(world, stranger.browser, 'POST', base, CONNECTION)).status).toBe(404);
    expect(
      (await change(world, admin.browser, 'POST', `/api/integrations/${NOBODY}/shop-connections`, CONNECTION)).status,
    ).toBe(404);
    const bad = await change(world, admin.browser, 'POST', base, { ...CONNECTION, salesSite: "NZ011'}" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('salesSite must be an X3 site code');
    expect((await change(world, admin.browser, 'POST', base, { ...CONNECTION, customerDefaults: 'x' })).status).toBe(
      400,
    );
    expect((await change(world, admin.browser, 'POST', base, { ...CONNECTION, secret: 'short' })).status).toBe(400);
    expect((await read(world, admin.browser, base)).body).toEqual([]);

    const made = await change(world, admin.browser, 'POST', base, CONNECTION);
    expect(made.status).toBe(201);
    const { connection, secret } = made.body;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(connection).toMatchObject({ ...CONNECTION, webhookPath: `/api/shop/webhooks/${connection.id}` });
    const got = await read(world, admin.browser, `${base}/${connection.id}`);
    expect(got).toEqual({ status: 200, body: connection });
    expect(JSON.stringify(got.body)).not.toContain(secret);
    expect(JSON.stringify((await read(world, admin.browser, base)).body)).not.toContain(secret);
    // a viewer reads it (to find its events), never the secret
    const seen = await read(world, viewer.browser, `${base}/${connection.id}`);
    expect(seen).toEqual({ status: 200, body: connection });
    expect(JSON.stringify((await read(world, viewer.browser, base)).body)).not.toContain(secret);
    expect((await read(world, stranger.browser, `${base}/${connection.id}`)).status).toBe(404);
    // sealed at rest: not in the secrets table in clear
    const [row] = await owner.query<Array<{ ciphertext: Buffer }>>(
      `SELECT s.ciphertext FROM secrets s JOIN shop_connections c ON c.secret_id = s.id WHERE c.id = $1`,
      [connection.id],
    );
    expect(Buffer.from(row.ciphertext).toString('latin1')).not.toContain(secret);
    const audit = await owner.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND action = 'shop_connection.created'`,
      [tenantId],
    );
    expect(audit).toHaveLength(1);
  });

  it('the webhook: 200 and stored once for a signed order; 401 for a wrong or missing signature or another connection; 400 for a signed non-order; nothing stored', async () => {
    const { connection, secret } = (
      await change(world, admin.browser, 'POST', base, { ...CONNECTION, secret: 'shop-chosen-secret-0123456789' })
    ).body;
    const other = (await change(world, stranger.browser, 'POST', '/api/sandbox/try')).body.integrationId as string;
    const strangers = (
      await change(world, stranger.browser, 'POST', `/api/integrations/${other}/shop-connections`, CONNECTION)
    ).body;
    expect(secret).toBe('shop-chosen-secret-0123456789');
    const path = `/api/shop/webhooks/${connection.id}`;
    const body = JSON.stringify(ORDER);

    const refusals = [
      await post(path, body, signed(body, 'wrong-secret-wrong-secret')),
      await post(path, body, { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'w1' }),
      await post(path, JSON.stringify({ ...ORDER, total_price: '0.01' }), signed(body, secret)),
      // signed with this shop's secret, sent to another tenant's connection, and the reverse
      await post(`/api/shop/webhooks/${strangers.connection.id}`, body, signed(body, secret)),
      await post(path, body, signed(body, strangers.secret)),
      await post(`/api/shop/webhooks/${NOBODY}`, body, signed(body, secret)),
      await post('/api/shop/webhooks/not-a-uuid', body, signed(body, secret)),
    ];
    expect(refusals.map((r) => r.status)).toEqual(Array(7).fill(401));
    expect(await refusals[0].json()).toMatchObject({ message: 'Unknown shop connection or wrong signature' });
    const malformed = [
      await post(path, '{"id": 1, ', signed('{"id": 1, ', secret)),
      await post(path, body, signed(body, secret, 'orders/cancelled')),
      await post(
        path,
        JSON.stringify({ ...ORDER, line_items: [] }),
        signed(JSON.stringify({ ...ORDER, line_items: [] }), secret),
      ),
    ];
    expect(malformed.map((r) => r.status)).toEqual([400, 400, 400]);
    expect((await malformed[2].json()).message).toBe('not an order: line_items must be a list of 1 to 250 lines');
    expect(await stored()).toEqual([]);

    // the edge's caps and text rules, before the signature is looked at: refused, nothing stored
    const huge = JSON.stringify({ ...ORDER, note: 'x'.repeat(600 * 1024) });
    expect((await post(path, huge, signed(huge, secret))).status).toBe(413);
    const deep = `{"id":1,"a":${'['.repeat(20)}${']'.repeat(20)}}`;
    const deepAnswer = await post(path, deep, signed(deep, secret));
    expect(deepAnswer.status).toBe(400);
    expect((await deepAnswer.json()).message).toMatch(/nests deeper than 8 levels/);
    const nul = JSON.stringify({ ...ORDER, name: 'a\u0000b' });
    expect((await post(path, nul, signed(nul, secret))).status).toBe(400);
    const proto = JSON.stringify(ORDER).replace('{', '{"__proto__":{"admin":true},');
    expect((await post(path, proto, signed(proto, secret))).status).toBe(400);
    expect(await stored()).toEqual([]);

    const headers = signed(body, secret, 'orders/create', 'delivery-1');
    const first = await post(path, body, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect((await post(path, body, headers)).status).toBe(200); // Shopify's retry of the same delivery
    expect(await stored()).toEqual([
      { webhook_id: 'delivery-1', topic: 'orders/create', shop_order_id: '820982911946154508', state: 'received' },
    ]);
    // what became of it: members read the events; only admins replay, and only a dead one
    const eventsPath = `${base}/${connection.id}/events`;
    const listed = await read(world, viewer.browser, eventsPath);
    expect(listed.status).toBe(200);
    expect(listed.body.map((e: { webhookId: string; state: string }) => [e.webhookId, e.state])).toEqual([
      ['delivery-1', 'received'],
    ]);
    expect((await read(world, viewer.browser, `${eventsPath}?state=bogus`)).status).toBe(400);
    expect((await read(world, stranger.browser, eventsPath)).status).toBe(404);
    const replayPath = `${eventsPath}/${listed.body[0].id}/replay`;
    expect((await change(world, viewer.browser, 'POST', replayPath)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', replayPath)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `${eventsPath}/${NOBODY}/replay`)).status).toBe(404);
    const notDead = await change(world, admin.browser, 'POST', replayPath);
    expect(notDead.status).toBe(409);
    expect(notDead.body).toMatchObject({
      code: 'not_dead',
      message: 'Only a dead event is replayed; this one is received',
    });
    const [outbox] = await owner.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM job_outbox WHERE tenant_id = $1 AND job_name = 'shop-event'`,
      [tenantId],
    );
    // one job for the one event (relayed to Redis already, or still in the outbox)
    expect(Number(outbox.n)).toBeLessThanOrEqual(1);
  });
});
