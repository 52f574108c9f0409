// The shop intake on the sandboxes over HTTP (real PostgreSQL, Redis, our X3 transport and Xero
// connector): Shopify-shaped webhooks verified and stored once, orders entered in X3 once,
// shipped and invoiced there, carried to Xero by the invoices flow, paid at the shop → a Xero
// Payment → the xero-payments flow settles the X3 open item; the payment arriving first waits.
import { X3Record } from '#lb/connectors/sage-x3';
import { AuditTrail } from '#lb/accounts';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { toDec } from '#lb/mapping';
import { eventually } from '#lb/testing';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { control as xeroControl } from '../../../connectors/xero/test/sandbox-process';
import { DrainWorld, Pair, startDrainWorld, stopDrainWorld, xeroList } from '../drain/testing/drain-world';
import { invoiceDelivery, ship, x3Get } from '../drain/testing/order-world';
import { XeroPaymentWorld } from '../x3-writer/payment-xero-world';
import { ShopEvent } from './shop-event.entity';
import { ShopEvents } from './shop-events.service';
import { sweepShopEvents } from './shop-retry-sweep';
import { delivery, shopOrder, ShopWorld } from './testing-shop';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const INVOICE_FLOWS = ['customer', 'product', 'invoice', 'payment'] as const;
const open = (doc: X3Record) => toDec(String(doc.totalAmountIncludingTax)).minus(String(doc.paidAmount)).toFixed(2);
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));

describe('shop orders → X3 sales orders → Xero invoices → shop payments → Xero payments → X3 settled', () => {
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

  /** X3 ships the whole order and posts its invoice; the invoices flow carries it to Xero. */
  async function shipInvoiceAndSync(pair: Pair, x3Order: string) {
    const order = await x3Get(w, 'salesOrder', x3Order);
    const lines = (order.lines as Json[]).map(
      (l) => [Number(l.lineNumber), String(l.quantityInSalesUnitOrdered)] as [number, string],
    );
    const shipped = await ship(w, x3Order, lines);
    const invoice = await invoiceDelivery(w, shipped._id);
    await p.t.inXero(pair, 'invoices', [invoice]);
    return invoice;
  }

  it('end to end: one X3 order per shop order (replay and re-run make no second), a new X3 customer, the Xero invoice paid, the X3 open item settled', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([
      { sku: 'NZFOOD01', quantity: 2, price: '24.90' },
      { sku: 'DIS004', quantity: 3, price: '4.35' },
    ]);
    const created = delivery(body, secret, 'orders/create');
    const first = await s.intake.receive(connection.id, created);
    // the same delivery again (Shopify retries): stored once, one job
    const again = await s.intake.receive(connection.id, created);
    expect(first).toMatchObject({ status: 'accepted', duplicate: false });
    expect(again).toEqual({ status: 'accepted', eventId: (first as { eventId: string }).eventId, duplicate: true });
    const eventId = (first as { eventId: string }).eventId;
    expect(await s.jobsOf(pair.tenantId, eventId)).toEqual([`shop-event:${eventId}`]);

    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('done');
    const row = (await shopRow(pair, body.id))!;
    expect(row.x3Order).toMatch(/^\S+$/);
    const x3Order = await x3Get(w, 'salesOrder', row.x3Order!);
    expect(x3Order).toMatchObject({
      customerOrderReference: `SHOP${String(body.id)}`,
      totalAmountIncludingTax: '62.85',
    });
    expect(codeOf(x3Order.soldToCustomer)).toBe(row.x3Customer);
    expect(row.x3Customer).toMatch(/^SH[0-9A-F]{10}$/);
    const customer = await x3Get(w, 'customer', row.x3Customer!);
    expect(customer).toMatchObject({ email: body.email, companyName: `Aroha Buyer ${String(body.id)}` });
    expect((x3Order.lines as Json[]).map((l) => [codeOf(l.product), String(l.quantityInSalesUnitOrdered)])).toEqual([
      ['NZFOOD01', '2'],
      ['DIS004', '3'],
    ]);
    // a second run of the job, and the same order under another delivery id: still one X3 order
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('already');
    const redelivered = await deliverAndProcess(pair, secret, connection.id, body, 'orders/create');
    expect(redelivered).toMatchObject({ state: 'done', detail: `already X3 sales order ${row.x3Order}` });
    const sameRef = await p.withX3(async (x3) => {
      const found: X3Record[] = [];
      for await (const o of x3.list('salesOrder', { filter: `{customerOrderReference:'SHOP${String(body.id)}'}` }))
        found.push(o);
      return found;
    });
    expect(sameRef.map((o) => o._id)).toEqual([row.x3Order]);

    const invoice = await shipInvoiceAndSync(pair, row.x3Order!);
    expect(invoice.totalAmountIncludingTax).toBe('62.85');
    const xeroInvoice = await p.t.xeroDocument(pair, invoice._id);

    const paid = await deliverAndProcess(
      pair,
      secret,
      connection.id,
      { ...body, financial_status: 'paid' },
      'orders/paid',
    );
    expect(paid.state).toBe('done');
    const paymentId = (await shopRow(pair, body.id))!.xeroPaymentId!;
    expect(paid.detail).toBe(`Xero Payment ${paymentId} on the invoice of X3 order ${row.x3Order}`);
    const [xeroPayment] = await xeroList(w, pair, `Payments/${paymentId}`, 'Payments');
    expect(xeroPayment).toMatchObject({ Amount: 62.85, Reference: `Shop order #${String(body.id)}` });
    expect(String((xeroPayment.Invoice as Json).InvoiceID)).toBe(String(xeroInvoice.InvoiceID));
    expect((await p.t.xeroDocument(pair, invoice._id)).Status).toBe('PAID');

    // the existing xero-to-x3 payments flow carries it to X3: a receipt settling the invoice
    await p.poll(pair);
    await p.drainQuiet(pair);
    expect((await p.row(pair, paymentId.toLowerCase()))?.state).toBe('done');
    const [receipt] = await p.x3PaymentsOf(paymentId.toLowerCase());
    expect((receipt.lines as Json[]).map((l) => [l.document, toDec(String(l.amount)).toFixed(2)])).toEqual([
      [invoice._id, '62.85'],
    ]);
    expect(open(await p.x3Document('salesInvoice', invoice._id))).toBe('0.00');

    // orders/paid again (another delivery id): no second Xero payment
    const paidAgain = await deliverAndProcess(
      pair,
      secret,
      connection.id,
      { ...body, financial_status: 'paid' },
      'orders/paid',
    );
    expect(paidAgain).toMatchObject({ state: 'done', detail: `already paid in Xero (Payment ${paymentId})` });
  });

  it('the payment first: it waits on the shop order, then on the X3 invoice, then on its Xero invoice, and is released when each lands', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }]);

    const early = await deliverAndProcess(
      pair,
      secret,
      connection.id,
      { ...body, financial_status: 'paid' },
      'orders/paid',
    );
    expect(early).toMatchObject({ state: 'waiting', waitingOn: `shop-order:${String(body.id)}` });
    const order = await deliverAndProcess(pair, secret, connection.id, body, 'orders/create');
    expect(order.state).toBe('done');
    // released by the order: received again with its job queued
    let paidEvent = await s.event(pair.tenantId, early.id);
    expect(paidEvent).toMatchObject({ state: 'received', waitingOn: null });
    expect(await s.jobsOf(pair.tenantId, early.id)).toEqual([
      `shop-event:${early.id}`,
      expect.stringMatching(new RegExp(`^shop-event:${early.id}:released:\\d+$`)),
    ]);
    const x3Order = (await shopRow(pair, body.id))!.x3Order!;
    expect(await s.processor.handle(pair.tenantId, early.id)).toBe('waiting');
    paidEvent = await s.event(pair.tenantId, early.id);
    expect(paidEvent.waitingOn).toBe(`invoice-of-order:${x3Order}`);

    // X3 invoices it; the invoices flow carries the invoice to Xero, which releases the payment
    const shipped = await ship(w, x3Order, [[1000, '1']]);
    const invoice = await invoiceDelivery(w, shipped._id);
    // before Xero has it: waiting on that invoice's key
    await w.h.tx.run(pair.tenantId, (m) =>
      m.update(ShopEvent, { id: early.id }, { state: 'received', waitingOn: null }),
    );
    expect(await s.processor.handle(pair.tenantId, early.id)).toBe('waiting');
    expect((await s.event(pair.tenantId, early.id)).waitingOn).toBe(`invoice:${invoice._id}`);
    await p.t.inXero(pair, 'invoices', [invoice]);
    expect(await s.event(pair.tenantId, early.id)).toMatchObject({ state: 'received', waitingOn: null });
    expect(await s.processor.handle(pair.tenantId, early.id)).toBe('done');
    const paymentId = (await shopRow(pair, body.id))!.xeroPaymentId!;
    expect((await p.t.xeroDocument(pair, invoice._id)).Status).toBe('PAID');
    await p.poll(pair);
    await p.drainQuiet(pair);
    expect(await p.x3PaymentsOf(paymentId.toLowerCase())).toHaveLength(1);
    expect(open(await p.x3Document('salesInvoice', invoice._id))).toBe('0.00');
  });

  it('an unknown SKU: the order is kept, dead with the SKU named, no X3 order; an order without SKU likewise', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([
      { sku: 'NZFOOD01', quantity: 1, price: '24.90' },
      { sku: 'NOSUCHSKU9', quantity: 1, price: '5.00' },
    ]);
    const event = await deliverAndProcess(pair, secret, connection.id, body, 'orders/create');
    expect(event).toMatchObject({ state: 'dead', payload: body });
    expect(event.detail).toBe(
      'unknown SKU NOSUCHSKU9: no X3 product (ITMREF) has that code; create it in X3 or fix the SKU, then replay',
    );
    expect((await shopRow(pair, body.id))?.x3Order).toBeNull();
    const noSku = shopOrder([{ sku: '', quantity: 1, price: '5.00' }]);
    const blank = await deliverAndProcess(pair, secret, connection.id, noSku, 'orders/create');
    expect(blank).toMatchObject({ state: 'dead' });
    expect(blank.detail).toMatch(/^line 1 .* has no SKU/);
  });

  it('X3 down: the event is kept as received with the failure, a delayed retry is queued, and the retry enters the order once', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 4, price: '24.90' }]);
    const verdict = await s.intake.receive(connection.id, delivery(body, secret, 'orders/create'));
    const eventId = (verdict as { eventId: string }).eventId;
    const down = await x3Control(w.sb.url, w.folder, 'POST', '/faults', { mode: 'http-503', count: 200 });
    expect(down.status).toBeLessThan(300);
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('retrying');
    const kept = await s.event(pair.tenantId, eventId);
    expect(kept).toMatchObject({ state: 'received', attempts: 1 });
    expect(kept.detail).toMatch(/^attempt 1 failed, will retry: /);
    expect(await s.jobsOf(pair.tenantId, eventId)).toEqual(
      [`shop-event:${eventId}`, `shop-event:${eventId}:retry:1`].sort(),
    );

    // held by another worker: this run leaves it alone
    const hold = (until: string) =>
      w.h.tx.run(pair.tenantId, (m) =>
        m.query(`UPDATE shop_events SET claimed_until = ${until} WHERE id = $1`, [eventId]),
      );
    await hold(`now() + interval '1 minute'`);
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('busy');
    expect(await s.event(pair.tenantId, eventId)).toMatchObject({ state: 'received', attempts: 1 });
    // its job lost and untouched for 15 minutes: the sweep queues it again, once per 15 minutes
    await hold('NULL');
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE shop_events SET updated_at = now() - interval '20 minutes' WHERE id = $1`, [eventId]),
    );
    expect(await sweepShopEvents(w.h.ds, w.h.tx, w.jobs)).toBeGreaterThanOrEqual(1);
    const swept = (await s.jobsOf(pair.tenantId, eventId)).filter((j) => j.includes(':swept:'));
    expect(swept).toHaveLength(1);
    await sweepShopEvents(w.h.ds, w.h.tx, w.jobs);
    expect((await s.jobsOf(pair.tenantId, eventId)).filter((j) => j.includes(':swept:'))).toEqual(swept);

    await x3Control(w.sb.url, w.folder, 'DELETE', '/faults');
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('done');
    const row = (await shopRow(pair, body.id))!;
    expect((await x3Get(w, 'salesOrder', row.x3Order!)).customerOrderReference).toBe(`SHOP${String(body.id)}`);
  });

  it('Xero drops the payment write after taking it: the event is kept and retried, the same batch is resent, one Xero payment', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const body = shopOrder([{ sku: 'DIS004', quantity: 2, price: '4.35' }]);
    expect((await deliverAndProcess(pair, secret, connection.id, body, 'orders/create')).state).toBe('done');
    const invoice = await shipInvoiceAndSync(pair, (await shopRow(pair, body.id))!.x3Order!);
    const drop = { kind: 'dropAfterWrite', pathContains: '/Payments' };
    expect((await xeroControl(w.sb.url, pair.org, 'POST', '/faults', drop)).status).toBeLessThan(300);
    const verdict = await s.intake.receive(
      connection.id,
      delivery({ ...body, financial_status: 'paid' }, secret, 'orders/paid'),
    );
    const eventId = (verdict as { eventId: string }).eventId;
    expect(await s.processor.handle(pair.tenantId, eventId)).toBe('retrying');
    expect(await s.event(pair.tenantId, eventId)).toMatchObject({ state: 'received', attempts: 1 });
    const row = (await shopRow(pair, body.id))!;
    const [batch] = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(XeroWriteBatch, { where: { id: row.paymentBatchId! } }),
    );
    expect([batch.entity, batch.status]).toEqual(['payments', 'ambiguous']);

    const settled = await eventually('the retried payment to settle', async () => {
      await s.processor.handle(pair.tenantId, eventId);
      const e = await s.event(pair.tenantId, eventId);
      return e.state === 'done' ? e : undefined;
    });
    const paymentId = (await shopRow(pair, body.id))!.xeroPaymentId!;
    expect(settled.detail).toBe(`Xero Payment ${paymentId} on the invoice of X3 order ${row.x3Order}`);
    const batches = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'payments' } }));
    expect(batches.map((b) => [b.id, b.idempotencyKey, b.status])).toEqual([[batch.id, batch.idempotencyKey, 'done']]);
    const xeroInvoice = await p.t.xeroDocument(pair, invoice._id);
    expect(xeroInvoice.Status).toBe('PAID');
    expect(((xeroInvoice.Payments as Json[] | undefined) ?? []).map((x) => String(x.PaymentID).toLowerCase())).toEqual([
      paymentId.toLowerCase(),
    ]);
  });

  it('a customer X3 already has by email is used, not made again; a second order of the same shop customer uses the mapping', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const email = `known.${Date.now()}@example.com`;
    const code = `KN${String(Date.now()).slice(-8)}`;
    await p.withX3((x3) =>
      x3.create('customer', {
        code,
        companyName: 'Known buyer',
        currency: 'NZD',
        taxRule: 'NZL',
        paymentTerm: 'CH30NETEOM',
        email,
      }),
    );
    const one = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }], {
      email,
      customer: { id: 424242, email, first_name: 'K', last_name: 'B' },
    });
    expect((await deliverAndProcess(pair, secret, connection.id, one, 'orders/create')).state).toBe('done');
    expect((await shopRow(pair, one.id))!.x3Customer).toBe(code);
    const two = shopOrder([{ sku: 'DIS004', quantity: 1, price: '4.35' }], {
      email: null,
      customer: { id: 424242, email: null, first_name: 'K', last_name: 'B' },
    });
    expect((await deliverAndProcess(pair, secret, connection.id, two, 'orders/create')).state).toBe('done');
    expect(codeOf((await x3Get(w, 'salesOrder', (await shopRow(pair, two.id))!.x3Order!)).soldToCustomer)).toBe(code);
  });

  it('two X3 customers with the order’s email: dead, never guessed; fixed in X3 and replayed by an admin, the order goes in once', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const { connection, secret } = await s.connect(pair);
    const email = `twice.${Date.now()}@example.com`;
    const codes = [`TW${String(Date.now()).slice(-8)}`, `TX${String(Date.now()).slice(-8)}`];
    await p.withX3(async (x3) => {
      for (const code of codes)
        await x3.create('customer', {
          code,
          companyName: code,
          currency: 'NZD',
          taxRule: 'NZL',
          paymentTerm: 'CH30NETEOM',
          email,
        });
    });
    const body = shopOrder([{ sku: 'NZFOOD01', quantity: 1, price: '24.90' }], { email, customer: null });
    const dead = await deliverAndProcess(pair, secret, connection.id, body, 'orders/create');
    expect(dead).toMatchObject({
      state: 'dead',
      detail: `more than one X3 customer has the email ${email}; map the shop customer to one`,
    });
    const events = new ShopEvents(w.h.tx, w.jobs, new AuditTrail());
    const by = { actor: { kind: 'system' as const, id: null } };
    expect((await events.list(pair.tenantId, pair.integrationId, connection.id, 'dead')).map((e) => e.id)).toEqual([
      dead.id,
    ]);
    await p.withX3((x3) => x3.update('customer', codes[1], { email: `other.${email}` }));
    const replayed = await events.replay(pair.tenantId, pair.integrationId, connection.id, dead.id, by);
    expect(replayed).toMatchObject({ state: 'received', detail: `replayed after: ${dead.detail}` });
    expect(await s.jobsOf(pair.tenantId, dead.id)).toContainEqual(
      expect.stringMatching(new RegExp(`^shop-event:${dead.id}:replayed:\\d+$`)),
    );
    expect(await s.processor.handle(pair.tenantId, dead.id)).toBe('done');
    expect((await shopRow(pair, body.id))!.x3Customer).toBe(codes[0]);
    // only a dead event is replayed; another tenant's or connection's event is not found
    await expect(events.replay(pair.tenantId, pair.integrationId, connection.id, dead.id, by)).rejects.toThrow(
      'Only a dead event is replayed; this one is done',
    );
    const other = await p.pair([...INVOICE_FLOWS]);
    const otherConnection = await s.connect(other);
    await expect(
      events.replay(other.tenantId, other.integrationId, otherConnection.connection.id, dead.id, by),
    ).rejects.toThrow('Shop event not found');
    await expect(events.list(other.tenantId, pair.integrationId, connection.id)).rejects.toThrow(
      'Shop connection not found',
    );
  });
});
