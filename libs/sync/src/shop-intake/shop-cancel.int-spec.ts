// orders/cancelled on the sandboxes over HTTP (real PostgreSQL and Redis, our X3 transport): an
// order nothing of which left the warehouse is closed in X3 through its Close action; one already
// delivered or invoiced is left alone, dead with what the accountant does in X3; a cancel before
// its create waits for it; HMAC and idempotency as for the other topics.
import { X3Record } from '#lb/connectors/sage-x3';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { DrainWorld, Pair, startDrainWorld, stopDrainWorld } from '../drain/testing/drain-world';
import { invoiceDelivery, ship, x3Get } from '../drain/testing/order-world';
import { XeroPaymentWorld } from '../x3-writer/payment-xero-world';
import { delivery, shopOrder, ShopWorld } from './testing-shop';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const FLOWS = ['customer', 'product', 'invoice', 'payment'] as const;
const cancelled = (body: Json): Json => ({
  ...body,
  cancelled_at: '2026-11-21T08:00:00+13:00',
  cancel_reason: 'customer',
  financial_status: 'voided',
});

describe('shop orders/cancelled → the X3 sales order closed, or left alone with what to do', () => {
  let w: DrainWorld;
  let p: XeroPaymentWorld;
  let s: ShopWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    p = new XeroPaymentWorld(w);
    s = new ShopWorld(w);
  });
  afterAll(() => stopDrainWorld(w));
  afterEach(() => x3Control(w.sb.url, w.folder, 'DELETE', '/faults'));

  const shopRow = (pair: Pair, shopOrderId: unknown) => s.order(pair, shopOrderId);

  const deliverAndProcess = (pair: Pair, secret: string, connectionId: string, body: Json, topic: string) =>
    s.deliverAndProcess(pair, secret, connectionId, body, topic);

  async function orderInX3(pair: Pair, secret: string, connectionId: string, body: Json): Promise<string> {
    const made = await deliverAndProcess(pair, secret, connectionId, body, 'orders/create');
    expect(made.state).toBe('done');
    return (await shopRow(pair, body.id))!.x3Order!;
  }

  const statuses = (o: X3Record) => ({
    orderStatus: o.orderStatus,
    deliveryStatus: o.deliveryStatus,
    invoicingStatus: o.invoicingStatus,
    lines: (o.lines as Json[]).map((l) => l.lineStatus),
  });

  it('not delivered: the X3 order and its lines are closed; the same delivery is stored once; another delivery of the cancel changes nothing; X3 ships no closed order', async () => {
    const pair = await p.pair([...FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([
      { sku: 'NZFOOD01', quantity: 2, price: '24.90' },
      { sku: 'DIS004', quantity: 1, price: '4.35' },
    ]);
    const x3Order = await orderInX3(pair, secret, connection.id, body);

    const cancel = delivery(cancelled(body), secret, 'orders/cancelled');
    const first = await s.intake.receive(connection.id, cancel);
    const again = await s.intake.receive(connection.id, cancel);
    expect(first).toMatchObject({ status: 'accepted', duplicate: false });
    const eventId = (first as { eventId: string }).eventId;
    expect(again).toEqual({ status: 'accepted', eventId, duplicate: true });
    expect(await s.jobsOf(pair.tenantId, eventId)).toEqual([`shop-event:${eventId}`]);
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('done');
    expect(await s.event(pair.tenantId, eventId)).toMatchObject({
      state: 'done',
      detail: `X3 sales order ${x3Order} closed: cancelled at the shop (customer)`,
    });
    const closed = await x3Get(w, 'salesOrder', x3Order);
    expect(statuses(closed)).toEqual({
      orderStatus: 'closed',
      deliveryStatus: 'notDelivered',
      invoicingStatus: 'notInvoiced',
      lines: ['closed', 'closed'],
    });
    // the job run again, and the cancel under another delivery id: nothing more is asked of X3
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('already');
    const twice = await deliverAndProcess(pair, secret, connection.id, cancelled(body), 'orders/cancelled');
    expect(twice).toMatchObject({ state: 'done', detail: `X3 sales order ${x3Order} already closed` });
    // X3 keeps it closed: no delivery of a closed order
    const shipping = await x3Control(w.sb.url, w.folder, 'POST', `/sales-orders/${x3Order}/ship`, {});
    expect(shipping.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(shipping.body)).toContain('closed');
  });

  it('delivered, not invoiced: left open in X3; dead with the accountant’s instruction naming the delivery', async () => {
    const pair = await p.pair([...FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 3, price: '24.90' }]);
    const x3Order = await orderInX3(pair, secret, connection.id, body);
    const shipped = await ship(w, x3Order, [[1000, '1']]); // one of three: partly delivered is delivered
    const before = statuses(await x3Get(w, 'salesOrder', x3Order));
    expect(before).toMatchObject({ orderStatus: 'open', deliveryStatus: 'partlyDelivered' });

    const dead = await deliverAndProcess(pair, secret, connection.id, cancelled(body), 'orders/cancelled');
    expect(dead).toMatchObject({
      state: 'dead',
      detail:
        `delivered: X3 sales order ${x3Order} was shipped (delivery ${shipped._id}), so it was not closed; ` +
        `issue a credit note in X3 once it is invoiced, and enter a customer return in X3 against ` +
        `delivery ${String(shipped._id)} when the goods come back`,
    });
    expect(statuses(await x3Get(w, 'salesOrder', x3Order))).toEqual(before);
  });

  it('invoiced: left as it is in X3; dead with the credit note to issue against the invoice', async () => {
    const pair = await p.pair([...FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'DIS004', quantity: 2, price: '4.35' }]);
    const x3Order = await orderInX3(pair, secret, connection.id, body);
    const invoice = await invoiceDelivery(w, (await ship(w, x3Order, [[1000, '2']]))._id);
    const before = statuses(await x3Get(w, 'salesOrder', x3Order));
    expect(before).toMatchObject({ deliveryStatus: 'delivered', invoicingStatus: 'invoiced' });

    const dead = await deliverAndProcess(pair, secret, connection.id, cancelled(body), 'orders/cancelled');
    expect(dead).toMatchObject({
      state: 'dead',
      detail:
        `invoiced: X3 sales order ${x3Order} is billed by invoice ${invoice._id}, so it was not closed; ` +
        `issue a credit note in X3 against invoice ${invoice._id} for the cancelled order ` +
        `(and a customer return if the goods come back), then refund the buyer in the shop if they paid`,
    });
    expect(statuses(await x3Get(w, 'salesOrder', x3Order))).toEqual(before);
  });

  it('the cancel before its create: it waits on the shop order, is released when the order is in X3, and closes it', async () => {
    const pair = await p.pair([...FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }]);
    const early = await deliverAndProcess(pair, secret, connection.id, cancelled(body), 'orders/cancelled');
    expect(early).toMatchObject({ state: 'waiting', waitingOn: `shop-order:${String(body.id)}` });
    const x3Order = await orderInX3(pair, secret, connection.id, body);
    expect(await s.event(pair.tenantId, early.id)).toMatchObject({ state: 'received', waitingOn: null });
    expect(await s.jobsOf(pair.tenantId, early.id)).toEqual([
      `shop-event:${early.id}`,
      expect.stringMatching(new RegExp(`^shop-event:${early.id}:released:\\d+$`)),
    ]);
    expect(await s.processor.handle(pair.tenantId, early.id)).toBe('done');
    expect((await x3Get(w, 'salesOrder', x3Order)).orderStatus).toBe('closed');
  });

  it('X3 down while cancelling: kept as received and retried; the retry closes the order once', async () => {
    const pair = await p.pair([...FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }]);
    const x3Order = await orderInX3(pair, secret, connection.id, body);
    const verdict = await s.intake.receive(connection.id, delivery(cancelled(body), secret, 'orders/cancelled'));
    const eventId = (verdict as { eventId: string }).eventId;
    await x3Control(w.sb.url, w.folder, 'POST', '/faults', { mode: 'http-503', count: 200 });
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('retrying');
    expect(await s.event(pair.tenantId, eventId)).toMatchObject({ state: 'received', attempts: 1 });
    expect((await s.event(pair.tenantId, eventId)).detail).toMatch(/^attempt 1 failed, will retry: /);
    await x3Control(w.sb.url, w.folder, 'DELETE', '/faults');
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('done');
    expect((await x3Get(w, 'salesOrder', x3Order)).orderStatus).toBe('closed');
  });
});
