// The orders flow (drafts in Xero from X3 sales orders, on entry or on shipment) and the invoices
// flow taking those drafts over when X3 posts the invoice, on the sandboxes over HTTP (real
// PostgreSQL, Redis, our Xero connector and X3 transport): never a second Xero invoice for a sale.
import { createX3Transport, X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { eventually } from '#lb/testing';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { X3Poll } from '../triggers/x3-poll.service';
import { DrainPermanentError } from './drain-context';
import { control, DrainWorld, drainUntilQuiet, Pair, startDrainWorld, stopDrainWorld } from './testing/drain-world';
import { cents, figuresInXero, figuresOfX3, xeroTotals } from './testing/x3-documents';
import {
  accept,
  byOurKeys,
  invoiceDelivery,
  invoiceOrders,
  newOrder,
  ORDER_FLOWS,
  pairWithOrders,
  ship,
  updateX3Order,
  x3Get,
  xeroPost,
} from './testing/order-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;

describe('the orders flow and the invoices flow taking its drafts over, on the sandboxes', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  const flow = (pair: Pair, flowKey: string) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey,
  });
  /** The latest change of each record of the flow (a record accepted again after it settled is a new row). */
  const rows = async (pair: Pair, flowKey: string) => {
    const all = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey }, order: { createdAt: 'ASC' } }),
    );
    const latest = new Map(all.map((r) => [r.sourceKey, r]));
    return [...latest.values()].sort((x, y) => x.sourceKey.localeCompare(y.sourceKey));
  };
  const refs = (pair: Pair, entity: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncCrossReference, {
        where: { entity: entity as SyncCrossReference['entity'] },
        order: { x3Key: 'ASC' },
      }),
    );
  const report = async (pair: Pair, flowKey: string) =>
    (await rows(pair, flowKey)).map((r) => [
      r.sourceKey,
      r.state,
      r.outcome?.action,
      r.outcome?.messages ?? r.lastError,
    ]);
  const orderTotals = (o: X3Record) => ({
    subTotal: cents(o.totalAmountExcludingTax),
    total: cents(o.totalAmountIncludingTax),
  });
  const draftFigures = (x: Json) => ({ subTotal: xeroTotals(x).subTotal, total: xeroTotals(x).total });

  it('on shipment: the poll reads deliveries, one draft per partial delivery for its quantities, each taken over by its own invoice', async () => {
    const pair = await pairWithOrders(w, 'shipment');
    const order = await newOrder(w, [
      ['NZFOOD01', '10', '19.99'],
      ['DIS004', '4', '4.35'],
    ]);
    const first = await ship(w, order._id, [[1000, '6']]);
    const second = await ship(w, order._id, [
      [1000, '4'],
      [2000, '4'],
    ]);
    // the flow's X3 poll reads deliveries, not orders (first in this suite: the folder's only NZ10 deliveries)
    const poll = new X3Poll({
      tx: w.h.tx,
      secrets: w.h.secrets,
      jobs: w.jobs,
      createTransport: (settings) => createX3Transport(settings),
      allowPrivateFor: () => true,
    });
    const polled = await poll.poll(
      pair.tenantId,
      { integrationId: pair.integrationId, flowKey: 'orders' },
      {
        lane: LANES.polling,
        compare: 'never',
      },
    );
    expect(polled).toMatchObject({ status: 'polled', accepted: 2 });
    expect((await rows(pair, 'orders')).map((r) => [r.sourceKey, r.entity, r.state])).toEqual(
      [first, second].map((d) => [d._id, 'salesOrder', 'pending']).sort(),
    );
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await report(pair, 'orders')).toEqual([first, second].map((d) => [d._id, 'done', 'created', null]).sort());
    const drafts = await refs(pair, 'shipment');
    expect(drafts.map((r) => r.x3Key)).toEqual([first._id, second._id].sort());
    expect(await refs(pair, 'salesOrder')).toEqual([]);
    const idOf = new Map(drafts.map((r) => [r.x3Key, String(r.xeroId)]));
    let ours = await byOurKeys(w, pair, [order._id, first._id, second._id]);
    expect(ours.live.map((i) => [i.Reference, i.Status, draftFigures(i)]).sort()).toEqual(
      [first, second].map((d) => [d._id, 'DRAFT', orderTotals(d)]).sort(),
    );

    const invoices = [await invoiceDelivery(w, first._id), await invoiceDelivery(w, second._id)];
    await accept(w, pair, 'invoices', 'invoice', invoices);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await report(pair, 'invoices')).toEqual(
      [
        [invoices[0]._id, 'done', 'updated', [`the Xero draft of delivery ${first._id} became this invoice`]],
        [invoices[1]._id, 'done', 'updated', [`the Xero draft of delivery ${second._id} became this invoice`]],
      ].sort(),
    );
    ours = await byOurKeys(w, pair, [order._id, first._id, second._id, ...invoices.map((i) => i._id)]);
    expect(ours.deleted).toEqual([]);
    expect(ours.live.map((i) => [i.InvoiceID, i.InvoiceNumber, i.Status]).sort()).toEqual(
      [
        [idOf.get(first._id), invoices[0]._id, 'AUTHORISED'],
        [idOf.get(second._id), invoices[1]._id, 'AUTHORISED'],
      ].sort(),
    );
    for (const inv of invoices) {
      const x = ours.live.find((i) => i.InvoiceNumber === inv._id)!;
      expect(figuresInXero(inv, x)).toEqual(figuresOfX3(inv, x));
    }
  });

  it('raises one draft per order, updates it when the order changes, and turns that very draft into the posted invoice (X3 NUM, figures to the cent), never a second invoice', async () => {
    const pair = await pairWithOrders(w);
    const order = await newOrder(w, [
      ['NZFOOD01', '3', '19.99'],
      ['DIS004', '7', '4.35'],
    ]);
    await accept(w, pair, 'orders', 'salesOrder', [order]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await report(pair, 'orders')).toEqual([[order._id, 'done', 'created', null]]);
    let ours = await byOurKeys(w, pair, [order._id]);
    expect(ours.live.map((i) => [i.Type, i.Status, i.Reference])).toEqual([['ACCREC', 'DRAFT', order._id]]);
    const draftId = String(ours.live[0].InvoiceID);
    expect(draftFigures(ours.live[0])).toEqual(orderTotals(order));
    expect((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, r.xeroId, r.state])).toEqual([
      [order._id, draftId, 'written'],
    ]);

    // the order edited in X3: the same draft follows it
    const edited = await updateX3Order(w, order._id, { orderDate: '2026-11-21' });
    await accept(w, pair, 'orders', 'salesOrder', [edited]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await report(pair, 'orders')).toEqual([[order._id, 'done', 'updated', null]]);
    ours = await byOurKeys(w, pair, [order._id]);
    expect(ours.live.map((i) => [i.InvoiceID, i.Status, String(i.DateString).slice(0, 10)])).toEqual([
      [draftId, 'DRAFT', '2026-11-21'],
    ]);

    // shipped whole and invoiced: the posted invoice takes the draft over
    const delivery = await ship(w, order._id, [
      [1000, '3'],
      [2000, '7'],
    ]);
    const invoice = await invoiceDelivery(w, delivery._id);
    expect(invoice.status).toBe('posted');
    await accept(w, pair, 'invoices', 'invoice', [invoice]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await report(pair, 'invoices')).toEqual([
      [invoice._id, 'done', 'updated', [`the Xero draft of order ${order._id} became this invoice`]],
    ]);
    ours = await byOurKeys(w, pair, [order._id, invoice._id]);
    expect({ live: ours.live.length, deleted: ours.deleted.length }).toEqual({ live: 1, deleted: 0 });
    const [x] = ours.live;
    expect([x.InvoiceID, x.InvoiceNumber, x.Status, x.Type]).toEqual([draftId, invoice._id, 'AUTHORISED', 'ACCREC']);
    expect(figuresInXero(invoice, x)).toEqual(figuresOfX3(invoice, x));
    expect((await refs(pair, 'invoice')).map((r) => [r.x3Key, r.xeroId])).toEqual([[invoice._id, draftId]]);
    expect((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, r.state, r.xeroNaturalKey])).toEqual([
      [order._id, 'merged', invoice._id],
    ]);

    // the order moves on in X3 (its invoicing status): nothing is written over the invoice
    const closed = await x3Get(w, 'salesOrder', order._id);
    await accept(w, pair, 'orders', 'salesOrder', [closed]);
    const batches = () => w.h.tx.run(pair.tenantId, (m) => m.count(XeroWriteBatch));
    const before = await batches();
    await drainUntilQuiet(w, pair, ['orders']);
    expect(await report(pair, 'orders')).toEqual([
      [order._id, 'done', 'unchanged', [`invoiced in X3 as ${invoice._id}: its Xero draft became that invoice`]],
    ]);
    expect(await batches()).toBe(before); // no write
    const [after] = (await byOurKeys(w, pair, [invoice._id])).live;
    expect([after.InvoiceNumber, after.Status]).toEqual([invoice._id, 'AUTHORISED']);
  });

  it('an invoice grouping two orders takes the first draft over and deletes the second; after a lost answer it is found, not resent', async () => {
    const pair = await pairWithOrders(w);
    const a = await newOrder(w, [['NZFOOD01', '2', '10.50']]);
    const b = await newOrder(w, [
      ['DIS004', '5', '4.35'],
      ['NZFOOD01', '1', '19.99'],
    ]);
    await accept(w, pair, 'orders', 'salesOrder', [a, b]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const drafts = await refs(pair, 'salesOrder');
    expect(drafts.map((r) => [r.x3Key, r.state])).toEqual([
      [a._id, 'written'],
      [b._id, 'written'],
    ]);
    const idOf = new Map(drafts.map((r) => [r.x3Key, String(r.xeroId)]));

    const invoice = await invoiceOrders(w, [a, b]);
    expect(invoice.status).toBe('posted');
    await accept(w, pair, 'invoices', 'invoice', [invoice]);
    // Xero makes the change, its answer is lost (the drafts' read before it is answered)
    const drop = { kind: 'dropAfterWrite', pathContains: '/Invoices', method: 'POST' };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', drop)).status).toBeLessThan(300);
    expect(await w.drain.run(flow(pair, 'invoices'))).toMatchObject({ status: 'retrying' });
    const [batch] = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(XeroWriteBatch, { where: { entity: 'invoices', status: 'ambiguous' } }),
    );
    const takeOver = (batch.payload as { invoices: Json[] }).invoices;
    expect(takeOver.map((e) => [e.invoiceID, e.status])).toEqual([
      [idOf.get(a._id), 'AUTHORISED'],
      [idOf.get(b._id), 'DELETED'],
    ]);
    expect([batch.status, batch.attempts]).toEqual(['ambiguous', 1]);
    await eventually(
      'the take-over to settle',
      async () => {
        await w.drain.run(flow(pair, 'invoices'));
        const now = await rows(pair, 'invoices');
        return now.every((r) => r.state === 'done') ? now : undefined;
      },
      60_000,
    );
    const after = await w.h.tx.run(pair.tenantId, (m) => m.findOneByOrFail(XeroWriteBatch, { id: batch.id }));
    expect([after.status, after.attempts]).toEqual(['done', 1]); // found by its keys, not sent again

    expect(await report(pair, 'invoices')).toEqual([
      [
        invoice._id,
        'done',
        'updated',
        [`the Xero draft of order ${a._id} became this invoice`, `the Xero draft of order ${b._id} was deleted`],
      ],
    ]);
    const ours = await byOurKeys(w, pair, [a._id, b._id, invoice._id]);
    expect(ours.live.map((i) => [i.InvoiceID, i.InvoiceNumber, i.Status])).toEqual([
      [idOf.get(a._id), invoice._id, 'AUTHORISED'],
    ]);
    expect(ours.deleted.map((i) => i.InvoiceID)).toEqual([idOf.get(b._id)]);
    expect(figuresInXero(invoice, ours.live[0])).toEqual(figuresOfX3(invoice, ours.live[0]));
    expect((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, r.state, r.xeroNaturalKey])).toEqual([
      [a._id, 'merged', invoice._id],
      [b._id, 'merged', invoice._id],
    ]);
  });

  it('a draft approved by a user in Xero is neither changed by its order nor overwritten by the invoice: both held with a proposal', async () => {
    const pair = await pairWithOrders(w);
    const order = await newOrder(w, [['NZFOOD01', '4', '19.99']]);
    await accept(w, pair, 'orders', 'salesOrder', [order]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const [draft] = await refs(pair, 'salesOrder');
    await xeroPost(w, pair, 'Invoices', { Invoices: [{ InvoiceID: draft.xeroId, Status: 'AUTHORISED' }] });
    const approved = (await byOurKeys(w, pair, [order._id])).live[0];
    expect(approved.Status).toBe('AUTHORISED');

    await accept(w, pair, 'orders', 'salesOrder', [await updateX3Order(w, order._id, { orderDate: '2026-11-22' })]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const [orderRow] = await rows(pair, 'orders');
    expect([orderRow.state, orderRow.outcome?.messages]).toEqual([
      'held',
      [`the Xero draft is now ${String(approved.InvoiceNumber)} AUTHORISED`],
    ]);
    expect(orderRow.outcome?.proposal).toMatch(/approved there/);

    const delivery = await ship(w, order._id, [[1000, '4']]);
    const invoice = await invoiceDelivery(w, delivery._id);
    await accept(w, pair, 'invoices', 'invoice', [invoice]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const [invoiceRow] = await rows(pair, 'invoices');
    expect([invoiceRow.state, invoiceRow.outcome?.messages]).toEqual([
      'held',
      [`the Xero draft of order ${order._id} is now ${String(approved.InvoiceNumber)} AUTHORISED`],
    ]);
    expect(invoiceRow.outcome?.proposal).toMatch(/not in Xero twice/);
    const ours = await byOurKeys(w, pair, [order._id, invoice._id]);
    expect(ours.live.map((i) => [i.InvoiceID, i.InvoiceNumber, i.Status, String(i.DateString).slice(0, 10)])).toEqual([
      [draft.xeroId, approved.InvoiceNumber, 'AUTHORISED', '2026-11-20'],
    ]);
    expect(await refs(pair, 'invoice')).toEqual([]);
  });

  it("another tenant's job naming the orders flow claims nothing", async () => {
    const pair = await pairWithOrders(w);
    const order = await newOrder(w, [['NZFOOD01', '1', '19.99']]);
    await accept(w, pair, 'orders', 'salesOrder', [order]);
    const other = await pairWithOrders(w);
    await expect(w.drain.run({ ...flow(pair, 'orders'), tenantId: other.tenantId })).rejects.toThrow(
      DrainPermanentError,
    );
    expect((await rows(pair, 'orders')).map((r) => [r.sourceKey, r.state, r.claimId])).toEqual([
      [order._id, 'pending', null],
    ]);
  });
});
