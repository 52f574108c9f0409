// Hostile shop webhook deliveries at the intake (real PostgreSQL and Redis; the sandboxes for the
// pairs): forged, missing or foreign signatures, another tenant's connection, bodies that are not
// orders or cancels — nothing stored — and one tenant never seeing another's shop rows.
import { DrainWorld, startDrainWorld, stopDrainWorld } from '../drain/testing/drain-world';
import { XeroPaymentWorld } from '../x3-writer/payment-xero-world';
import { delivery, shopOrder, ShopWorld } from './testing-shop';

jest.setTimeout(300_000);

const INVOICE_FLOWS = ['customer', 'product', 'invoice', 'payment'] as const;

describe('hostile shop deliveries and tenancy', () => {
  let w: DrainWorld;
  let p: XeroPaymentWorld;
  let s: ShopWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    p = new XeroPaymentWorld(w);
    s = new ShopWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  it('hostile deliveries: bad or missing HMAC, another tenant’s connection id, unknown topic, no webhook id, not an order — nothing stored; one tenant never sees another’s shop rows', async () => {
    const a = await p.pair([...INVOICE_FLOWS]);
    const b = await p.pair([...INVOICE_FLOWS]);
    const ca = await s.connect(a);
    const cb = await s.connect(b);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }]);
    const good = delivery(body, ca.secret);
    const cancelBody = { ...body, cancelled_at: '2026-11-21T08:00:00Z', cancel_reason: 'customer' };
    const cancel = delivery(cancelBody, ca.secret, 'orders/cancelled');
    const refused = [
      await s.intake.receive(ca.connection.id, { ...good, hmac: delivery(body, 'not-the-secret').hmac }),
      await s.intake.receive(ca.connection.id, { ...good, hmac: undefined }),
      await s.intake.receive(ca.connection.id, { ...good, hmac: 'garbage' }),
      // body changed after signing
      await s.intake.receive(ca.connection.id, {
        ...good,
        rawBody: Buffer.from(JSON.stringify({ ...body, total_price: '0.01' })),
      }),
      // signed by tenant A's shop, sent to tenant B's connection
      await s.intake.receive(cb.connection.id, good),
      // a cancel forged, or signed by A's shop for B's connection
      await s.intake.receive(ca.connection.id, { ...cancel, hmac: delivery(cancelBody, 'not-the-secret').hmac }),
      await s.intake.receive(cb.connection.id, cancel),
      await s.intake.receive('00000000-0000-4000-8000-000000000000', good),
      await s.intake.receive('not-a-uuid', good),
    ];
    expect(refused.map((r) => r.status)).toEqual(Array(9).fill('unauthorised'));
    const malformed = [
      await s.intake.receive(ca.connection.id, delivery(body, ca.secret, 'orders/delete')),
      await s.intake.receive(ca.connection.id, { ...delivery(body, ca.secret), webhookId: undefined }),
      await s.intake.receive(ca.connection.id, delivery('{"id": 5, "line_items": "x"', ca.secret)),
      await s.intake.receive(ca.connection.id, delivery({ ...body, line_items: [] }, ca.secret)),
      await s.intake.receive(ca.connection.id, delivery({ ...body, id: -3 }, ca.secret)),
      await s.intake.receive(
        ca.connection.id,
        delivery({ ...body, line_items: [{ sku: 'X', quantity: 1.5, price: '1' }] }, ca.secret),
      ),
      // a cancel that does not say when, or says it with something that is not a time
      await s.intake.receive(ca.connection.id, delivery(body, ca.secret, 'orders/cancelled')),
      await s.intake.receive(
        ca.connection.id,
        delivery({ ...cancelBody, cancelled_at: 'yesterday' }, ca.secret, 'orders/cancelled'),
      ),
      await s.intake.receive(
        ca.connection.id,
        delivery({ ...cancelBody, cancel_reason: { $ne: 1 } }, ca.secret, 'orders/cancelled'),
      ),
    ];
    expect(malformed.map((r) => r.status)).toEqual(Array(9).fill('malformed'));
    expect(malformed.map((r) => (r as { message: string }).message)).toEqual([
      'topic orders/delete is not taken: orders/create, orders/paid, orders/cancelled',
      'X-Shopify-Webhook-Id must be 1 to 100 visible characters',
      expect.stringMatching(/^not an order: /),
      'not an order: line_items must be a list of 1 to 250 lines',
      'not an order: id must be a positive whole number (past 2^53, send admin_graphql_api_id as Shopify does)',
      'not an order: line_items[0].quantity must be a whole number of at least 1',
      'not an order: cancelled_at must be a date and time (orders/cancelled)',
      'not an order: cancelled_at must be a date and time',
      'not an order: cancel_reason must be text of at most 255 characters',
    ]);
    expect(await s.events(a.tenantId)).toEqual([]);
    expect(await s.events(b.tenantId)).toEqual([]);

    // A's event, processed: B sees none of A's rows, and A's event id is missing for B's tenant
    const accepted = await s.intake.receive(ca.connection.id, good);
    const eventId = (accepted as { eventId: string }).eventId;
    expect(await s.processor.handle(a.tenantId, eventId)).toBe('done');
    expect(await s.processor.handle(b.tenantId, eventId)).toBe('missing');
    // A's cancel, stored once for A; B's tenant cannot process it
    const cancelled = await s.intake.receive(ca.connection.id, cancel);
    const cancelId = (cancelled as { eventId: string }).eventId;
    expect(await s.intake.receive(ca.connection.id, cancel)).toEqual({
      status: 'accepted',
      eventId: cancelId,
      duplicate: true,
    });
    expect(await s.processor.handle(b.tenantId, cancelId)).toBe('missing');
    expect(await s.processor.handle(a.tenantId, cancelId)).toBe('done');
    const seen = (tenantId: string) =>
      w.h.tx.run(tenantId, async (m) => ({
        connections: Number((await m.query(`SELECT count(*) AS n FROM shop_connections`))[0].n),
        events: Number((await m.query(`SELECT count(*) AS n FROM shop_events`))[0].n),
        orders: Number((await m.query(`SELECT count(*) AS n FROM shop_orders`))[0].n),
        customers: Number((await m.query(`SELECT count(*) AS n FROM shop_customers`))[0].n),
      }));
    expect(await seen(a.tenantId)).toEqual({ connections: 1, events: 2, orders: 1, customers: 1 });
    expect(await seen(b.tenantId)).toEqual({ connections: 1, events: 0, orders: 0, customers: 0 });
    await expect(s.connections.get(b.tenantId, b.integrationId, ca.connection.id)).rejects.toThrow(
      'Shop connection not found',
    );
    await expect(s.connections.list(b.tenantId, a.integrationId)).rejects.toThrow('Integration not found');
  });
});
