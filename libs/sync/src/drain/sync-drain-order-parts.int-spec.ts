// The orders flow on entry when X3 invoices an order in parts, and a take-over whose delete of a
// grouped draft Xero refuses, on the sandboxes over HTTP (real PostgreSQL, Redis, our Xero
// connector and X3 transport; the orders read by the flow's own X3 poll of SORDER).
import { createX3Transport, X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { eventually } from '#lb/testing';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { X3Poll } from '../triggers/x3-poll.service';
import { control, DrainWorld, drainUntilQuiet, Pair, startDrainWorld, stopDrainWorld } from './testing/drain-world';
import { cents, figuresInXero, figuresOfX3, xeroLines, xeroTotals } from './testing/x3-documents';
import {
  accept,
  byOurKeys,
  invoiceDelivery,
  invoiceOrders,
  newOrder,
  ORDER_FLOWS,
  pairWithOrders,
  ship,
  xeroPost,
} from './testing/order-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;

describe('orders invoiced in parts, and a grouped draft Xero will not delete, on the sandboxes', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  /** The latest change of one record of a flow. */
  const row = async (pair: Pair, flowKey: string, sourceKey: string) => {
    const all = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey, sourceKey }, order: { createdAt: 'ASC' } }),
    );
    const r = all[all.length - 1];
    return r && [r.state, r.outcome?.action, r.outcome?.messages ?? r.lastError];
  };
  const refs = (pair: Pair, entity: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncCrossReference, {
        where: { entity: entity as SyncCrossReference['entity'] },
        order: { x3Key: 'ASC' },
      }),
    );
  const batches = (pair: Pair) => w.h.tx.run(pair.tenantId, (m) => m.count(XeroWriteBatch));
  const figures = (x: Json) => ({ subTotal: xeroTotals(x).subTotal, total: xeroTotals(x).total });
  const x3Figures = (r: X3Record) => ({
    subTotal: cents(r.totalAmountExcludingTax),
    total: cents(r.totalAmountIncludingTax),
  });

  /** The invoices drain's write held up (the sandbox's slow fault) while a user approves this draft in Xero. */
  const approveDuringWrite = async (pair: Pair, draftId: string) => {
    // long enough for the approval to land first on a loaded machine, inside the 30 s call deadline
    const slow = { kind: 'slow', pathContains: '/Invoices', method: 'POST', delayMs: 15_000 };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', slow)).status).toBeLessThan(300);
    const drained = w.drain.run({ tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey: 'invoices' });
    await eventually(
      'the write to be under way',
      async () => {
        const r = await control(w.sb.url, pair.org, 'GET', '/faults');
        return (r.body as { faults: unknown[] }).faults.length === 0 || undefined;
      },
      30_000,
    );
    await xeroPost(w, pair, 'Invoices', { Invoices: [{ InvoiceID: draftId, Status: 'AUTHORISED' }] });
    await drained;
  };

  it('on entry, read by its X3 poll: a partial invoice is created beside the draft, the draft becomes the remainder to the cent, the last invoice takes it over', async () => {
    const pair = await pairWithOrders(w);
    const poll = new X3Poll({
      tx: w.h.tx,
      secrets: w.h.secrets,
      jobs: w.jobs,
      createTransport: (settings) => createX3Transport(settings),
      allowPrivateFor: () => true,
    });
    const pollOrders = () =>
      poll.poll(
        pair.tenantId,
        { integrationId: pair.integrationId, flowKey: 'orders' },
        { lane: LANES.polling, compare: 'never' },
      );
    const order = await newOrder(w, [
      ['NZFOOD01', '3', '19.99'],
      ['DIS004', '7', '4.35'],
    ]);
    // the flow's own poll of SORDER (the folder's seeded NZ10 orders come along)
    expect(await pollOrders()).toMatchObject({ status: 'polled' });
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await row(pair, 'orders', order._id)).toEqual(['done', 'created', null]);
    let ours = await byOurKeys(w, pair, [order._id]);
    expect(ours.live.map((i) => [i.Status, figures(i)])).toEqual([['DRAFT', x3Figures(order)]]);
    const draftId = String(ours.live[0].InvoiceID);

    // X3 invoices part of it: 2 of 3 on line 1000, 3 of 7 on line 2000
    const first = await invoiceDelivery(
      w,
      (
        await ship(w, order._id, [
          [1000, '2'],
          [2000, '3'],
        ])
      )._id,
    );
    await accept(w, pair, 'invoices', 'invoice', [first]);
    // one batch: the invoice created and the draft updated to the remainder; its answer is lost
    const drop = { kind: 'dropAfterWrite', pathContains: '/Invoices', method: 'POST' };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', drop)).status).toBeLessThan(300);
    const invoicesFlow = { tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey: 'invoices' };
    expect(await w.drain.run(invoicesFlow)).toMatchObject({ status: 'retrying' });
    const [batch] = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(XeroWriteBatch, { where: { entity: 'invoices', status: 'ambiguous' } }),
    );
    const sent = (batch.payload as { invoices: Json[] }).invoices;
    expect(sent.map((e) => [e.invoiceNumber ?? null, e.invoiceID ?? null, e.reference ?? null, e.status])).toEqual([
      [first._id, null, null, 'AUTHORISED'],
      [null, draftId, order._id, 'DRAFT'],
    ]);
    await eventually(
      'the partial invoice to settle',
      async () => {
        await w.drain.run(invoicesFlow);
        return (await row(pair, 'invoices', first._id))[0] === 'done' || undefined;
      },
      60_000,
    );
    const found = await w.h.tx.run(pair.tenantId, (m) => m.findOneByOrFail(XeroWriteBatch, { id: batch.id }));
    expect([found.status, found.attempts]).toEqual(['done', 1]); // found by its keys and lines, not resent
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await row(pair, 'invoices', first._id)).toEqual([
      'done',
      'created',
      [`the Xero draft of order ${order._id} now shows what X3 has not invoiced of it`],
    ]);
    // written with the invoice: the orders flow has nothing to redraft
    expect(await row(pair, 'orders', order._id)).toEqual(['done', 'created', null]);
    ours = await byOurKeys(w, pair, [order._id, first._id]);
    expect(ours.deleted).toEqual([]);
    const invoiced = ours.live.find((i) => i.InvoiceNumber === first._id)!;
    expect([invoiced.Status, invoiced.InvoiceID === draftId]).toEqual(['AUTHORISED', false]);
    expect(figuresInXero(first, invoiced)).toEqual(figuresOfX3(first, invoiced));
    const remainder = ours.live.find((i) => i.InvoiceID === draftId)!;
    expect([remainder.Status, remainder.Reference]).toEqual(['DRAFT', order._id]);
    expect(xeroLines(remainder).map((l) => [l.ItemCode, cents(l.Quantity)])).toEqual([
      ['NZFOOD01', '1.00'],
      ['DIS004', '4.00'],
    ]);

    // the order's own change, seen by the poll, finds the remainder written: nothing to send
    const before = await batches(pair);
    expect(await pollOrders()).toMatchObject({ status: 'polled' });
    await drainUntilQuiet(w, pair, ['orders']);
    expect(await row(pair, 'orders', order._id)).toEqual(['done', 'unchanged', null]);
    expect(await batches(pair)).toBe(before);

    // the rest invoiced: X3 bills exactly the remainder the draft showed, and takes it over
    const last = await invoiceDelivery(
      w,
      (
        await ship(w, order._id, [
          [1000, '1'],
          [2000, '4'],
        ])
      )._id,
    );
    expect(figures(remainder)).toEqual(x3Figures(last));
    await accept(w, pair, 'invoices', 'invoice', [last]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await row(pair, 'invoices', last._id)).toEqual([
      'done',
      'updated',
      [`the Xero draft of order ${order._id} became this invoice`],
    ]);
    ours = await byOurKeys(w, pair, [order._id, first._id, last._id]);
    expect(ours.deleted).toEqual([]);
    expect(ours.live.map((i) => [i.InvoiceNumber, i.Status, i.InvoiceID === draftId]).sort()).toEqual(
      [
        [first._id, 'AUTHORISED', false],
        [last._id, 'AUTHORISED', true],
      ].sort(),
    );
    const taken = ours.live.find((i) => i.InvoiceID === draftId)!;
    expect(figuresInXero(last, taken)).toEqual(figuresOfX3(last, taken));
    expect((await refs(pair, 'salesOrder')).filter((r) => r.x3Key === order._id).map((r) => r.state)).toEqual([
      'merged',
    ]);

    // the order closed in X3, polled again: nothing is written
    const after = await batches(pair);
    await pollOrders();
    await drainUntilQuiet(w, pair, ['orders']);
    expect(await row(pair, 'orders', order._id)).toEqual([
      'done',
      'unchanged',
      [`invoiced in X3 as ${last._id}: its Xero draft became that invoice`],
    ]);
    expect(await batches(pair)).toBe(after);
  });

  it('a grouped draft approved while the take-over is in flight: the invoice is written and linked, the change held naming that draft, not written again', async () => {
    const pair = await pairWithOrders(w);
    const a = await newOrder(w, [['NZFOOD01', '2', '10.50']]);
    const b = await newOrder(w, [['DIS004', '5', '4.35']]);
    await accept(w, pair, 'orders', 'salesOrder', [a, b]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const idOf = new Map((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, String(r.xeroId)]));
    const invoice = await invoiceOrders(w, [a, b]);
    await accept(w, pair, 'invoices', 'invoice', [invoice]);

    // the take-over's write is held up; meanwhile a user approves the second draft in Xero
    await approveDuringWrite(pair, idOf.get(b._id)!);

    const [state, action, messages] = await row(pair, 'invoices', invoice._id);
    expect([state, action]).toEqual(['held', 'updated']);
    expect((messages as string[])[0]).toBe(`the Xero draft of order ${a._id} became this invoice`);
    expect((messages as string[])[1]).toMatch(
      new RegExp(`^the Xero draft of order ${b._id} \\(${idOf.get(b._id)}\\) was not deleted: .+`),
    );
    const held = await w.h.tx.run(pair.tenantId, (m) =>
      m.findOneByOrFail(SyncPendingChange, { flowKey: 'invoices', sourceKey: invoice._id }),
    );
    expect(held.outcome?.proposal).toMatch(/delete it in Xero/);
    // written and linked: the first draft is the invoice, the second is the user's
    expect((await refs(pair, 'invoice')).map((r) => [r.x3Key, r.xeroId])).toEqual([[invoice._id, idOf.get(a._id)]]);
    expect((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, r.state])).toEqual([
      [a._id, 'merged'],
      [b._id, 'written'],
    ]);
    let ours = await byOurKeys(w, pair, [a._id, b._id, invoice._id]);
    expect(ours.live.map((i) => [i.InvoiceID, i.InvoiceNumber === invoice._id, i.Status]).sort()).toEqual(
      [
        [idOf.get(a._id), true, 'AUTHORISED'],
        [idOf.get(b._id), false, 'AUTHORISED'],
      ].sort(),
    );

    // the invoice seen again (a poll): linked already and unchanged, nothing is sent
    const before = await batches(pair);
    await accept(w, pair, 'invoices', 'invoice', [invoice]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect(await row(pair, 'invoices', invoice._id)).toEqual(['done', 'unchanged', null]);
    expect(await batches(pair)).toBe(before);
    ours = await byOurKeys(w, pair, [a._id, b._id, invoice._id]);
    expect(ours.live.filter((i) => i.InvoiceNumber === invoice._id).map((i) => i.InvoiceID)).toEqual([idOf.get(a._id)]);
  });
  it('a partly invoiced order whose draft is approved while the invoice is in flight: the invoice written and linked, the change held; the redraft held by its guard', async () => {
    const pair = await pairWithOrders(w);
    const order = await newOrder(w, [['NZFOOD01', '4', '19.99']]);
    await accept(w, pair, 'orders', 'salesOrder', [order]);
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    const [draft] = await refs(pair, 'salesOrder');
    const part = await invoiceDelivery(w, (await ship(w, order._id, [[1000, '1']]))._id);
    await accept(w, pair, 'invoices', 'invoice', [part]);

    await approveDuringWrite(pair, String(draft.xeroId));
    const [state, action, messages] = await row(pair, 'invoices', part._id);
    expect([state, action]).toEqual(['held', 'created']);
    expect(messages).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the Xero draft of order ${order._id} \\(${draft.xeroId}\\) was not reduced to what X3 has not invoiced of it: .+`,
        ),
      ),
    ]);
    // the invoice is in Xero once and linked; the order's draft is the user's, as approved
    const [linked] = await refs(pair, 'invoice');
    expect(linked.x3Key).toBe(part._id);
    const ours = await byOurKeys(w, pair, [order._id, part._id]);
    expect(ours.live.map((i) => [i.InvoiceID, i.InvoiceNumber === part._id, i.Status]).sort()).toEqual(
      [
        [linked.xeroId, true, 'AUTHORISED'],
        [draft.xeroId, false, 'AUTHORISED'],
      ].sort(),
    );
    expect(figures(ours.live.find((i) => i.InvoiceID === draft.xeroId)!)).toEqual(x3Figures(order));
    // the order, queued for its remainder, meets the approved draft: its guard holds it
    await drainUntilQuiet(w, pair, ORDER_FLOWS);
    expect((await row(pair, 'orders', order._id))[0]).toBe('held');
    expect((await refs(pair, 'salesOrder')).map((r) => [r.x3Key, r.state])).toEqual([[order._id, 'written']]);
  });
});
