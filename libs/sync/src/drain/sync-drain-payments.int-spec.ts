// X3 payments carried to Xero by the drain, against the sandboxes over HTTP: each X3 receipt is
// one Xero Payment per invoice it settles, written once, after its invoices are in Xero; a set
// Xero refuses in part is a dead letter whose landed parts are kept and never paid twice.
import { X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { toDec } from '#lb/mapping';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { PendingChanges } from '../pending/pending-changes.service';
import { DrainPermanentError } from './drain-context';
import {
  callsOf,
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
} from './testing/drain-world';
import { DyingDrain } from './testing/dying-drain';
import { money, PaymentWorld, totalOf } from './testing/payment-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const ENTITIES = ['customer', 'product', 'invoice', 'payment'] as const;
const DOCUMENT_FLOWS = ['invoices', 'customers', 'products'];
const pending = new PendingChanges();

describe('the drain carries X3 payments to Xero', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  const flow = (pair: Pair) => t.flow(pair);
  const rows = (pair: Pair, flowKey: string) => t.rows(pair, flowKey);
  const invoicesInXero = (pair: Pair, invoices: X3Record[]) => t.inXero(pair, 'invoices', invoices);
  const receipt = (lines: Array<{ invoice: X3Record; amount: string }>, extra: Json = {}) =>
    t.payment(
      lines.map((l) => ({ document: l.invoice, amount: l.amount })),
      extra,
    );
  const xeroInvoice = (pair: Pair, key: string) => t.xeroDocument(pair, key);

  it('a full payment, a partial one (AmountDue reduced to the cent) and one receipt over two invoices (two Xero Payments) land once; a second drain writes nothing', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoices = await t.newInvoices(4);
    await invoicesInXero(pair, invoices);
    const [a, b, c, d] = invoices;
    const partial = toDec(totalOf(b)).minus('0.37').toFixed(2);
    const full = await receipt([{ invoice: a, amount: totalOf(a) }]);
    const part = await receipt([{ invoice: b, amount: partial }]);
    const both = await receipt([
      { invoice: c, amount: totalOf(c) },
      { invoice: d, amount: '1.01' },
    ]);
    const payments = [full, part, both];
    await t.accept(pair, 'payments', 'payment', payments);

    const reports = await drainUntilQuiet(w, pair, ['payments']);
    expect(reports[0]).toMatchObject({ claimed: 3, written: 3, batches: 1 });
    const settled = await rows(pair, 'payments');
    expect(settled.map((r) => [r.sourceKey, r.state, r.outcome?.action])).toEqual(
      payments.map((p) => [p._id, 'done', 'created']).sort(),
    );

    expect(await xeroInvoice(pair, a._id)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    const bInXero = await xeroInvoice(pair, b._id);
    expect([bInXero.Status, money(bInXero.AmountDue), money(bInXero.AmountPaid)]).toEqual([
      'AUTHORISED',
      '0.37',
      partial,
    ]);
    expect(await xeroInvoice(pair, c._id)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    const dInXero = await xeroInvoice(pair, d._id);
    expect(money(dInXero.AmountDue)).toBe(toDec(totalOf(d)).minus('1.01').toFixed(2));

    const inXero = await t.xeroPayments(
      pair,
      payments.map((p) => p._id),
    );
    const byInvoice = inXero
      .map((p) => [p.Reference, (p.Invoice as Json).InvoiceNumber, money(p.Amount)])
      .sort((x, y) => String(x[1]).localeCompare(String(y[1])));
    expect(byInvoice).toEqual(
      [
        [full._id, a._id, money(totalOf(a))],
        [part._id, b._id, partial],
        [both._id, c._id, money(totalOf(c))],
        [both._id, d._id, '1.01'],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    // one cross-reference per X3 payment; each Xero Payment of a set has its own part row
    const refs = await t.paymentRefs(pair);
    expect(refs.map((r) => [r.x3Key, r.state])).toEqual(payments.map((p) => [p._id, 'written']).sort());
    const recorded = await t.parts(pair);
    expect(recorded.map((p) => [p.paymentKey, p.partKey])).toEqual(
      [
        [full._id, `invoice:${a._id}`],
        [part._id, `invoice:${b._id}`],
        [both._id, `invoice:${c._id}`],
        [both._id, `invoice:${d._id}`],
      ].sort(),
    );
    expect(new Set(recorded.map((p) => p.xeroPaymentId))).toEqual(new Set(inXero.map((p) => p.PaymentID)));

    // the same payments again: unchanged by their cross-references, no call to Xero
    const before = await callsOf(w, pair);
    await t.accept(pair, 'payments', 'payment', payments);
    const again = await drainUntilQuiet(w, pair, ['payments']);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(await callsOf(w, pair)).toBe(before);
    expect(
      (
        await t.xeroPayments(
          pair,
          payments.map((p) => p._id),
        )
      ).length,
    ).toBe(4);
  });

  it("the folder's seeded NZ10 receipt (what the sandbox trial carries) lands on its invoice", async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const seeded = (await x3Records(w, 'payment')).filter(
      (p) => p.businessPartner === 'NZ001' && String(p.accountingDate).startsWith('2026-11-20'),
    );
    expect(seeded).toHaveLength(1);
    const lines = seeded[0].lines ?? [];
    const invoices = (await x3Records(w, 'salesInvoice')).filter((i) => lines.some((l) => l.document === i._id));
    expect(invoices).toHaveLength(1);
    await invoicesInXero(pair, invoices);
    await t.accept(pair, 'payments', 'payment', seeded);
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await rows(pair, 'payments')).map((r) => [r.state, r.outcome?.action])).toEqual([['done', 'created']]);
    expect(await xeroInvoice(pair, invoices[0]._id)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
  });

  it('a foreign-currency receipt goes with its own rate and settles the invoice in that currency', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', { site: 'NZ011', customers: 1 });
    const customer = (made.body.customers as string[])[0];
    const inv = await x3Control(w.sb.url, w.folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: customer,
      currency: 'USD',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3' }],
      post: true,
    });
    expect(inv.status).toBeLessThan(300);
    const id = (inv.body as { salesInvoice: string }).salesInvoice;
    const [invoice] = (await x3Records(w, 'salesInvoice')).filter((r) => r._id === id);
    await invoicesInXero(pair, [invoice]);
    const usd = await receipt([{ invoice, amount: totalOf(invoice) }], { currency: 'USD' });
    expect(String(usd.currency)).toMatch(/USD/);
    await t.accept(pair, 'payments', 'payment', [usd]);
    await drainUntilQuiet(w, pair, ['payments']);

    const [row] = await rows(pair, 'payments');
    expect([row.state, row.outcome?.messages]).toEqual(['done', undefined]);
    const [paid] = await t.xeroPayments(pair, [usd._id]);
    // X3 keeps NZD per USD (its CHGRAT); Xero takes USD per NZD, to 6 places: the rate sent is the
    // 6-place one (1 / X3's, or its neighbour) whose booked NZD comes closest to X3's ledger amount
    const plain = toDec(1)
      .div(toDec(String(usd.exchangeRate)))
      .toDecimalPlaces(6);
    const sent = toDec(String(paid.CurrencyRate));
    const off = (rate: typeof sent) =>
      toDec(String(paid.Amount))
        .div(rate)
        .toDecimalPlaces(2)
        .minus(toDec(String(usd.amountInLedgerCurrency)))
        .abs();
    expect(sent.minus(plain).abs().lte('0.000002')).toBe(true);
    expect(off(sent).lte(off(plain))).toBe(true);
    expect(money(paid.Amount)).toBe(money(totalOf(invoice)));
    expect(await xeroInvoice(pair, invoice._id)).toMatchObject({ Status: 'PAID', CurrencyCode: 'USD', AmountDue: 0 });
  });

  it("a payment to a supplier settles its bill in Xero (found by its Xero id: a bill number is the supplier's)", async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill', 'payment']);
    const bill = await t.newBill();
    await t.inXero(pair, 'bills', [bill]);
    const paid = await t.payment([{ document: bill, amount: totalOf(bill) }]);
    expect(paid.sense).toBe('expense');
    await t.accept(pair, 'payments', 'payment', [paid]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await rows(pair, 'payments')).map((r) => [r.state, r.outcome?.messages])).toEqual([['done', undefined]]);
    const inXero = await t.xeroDocument(pair, bill._id);
    expect(inXero).toMatchObject({ Type: 'ACCPAY', Status: 'PAID', AmountDue: 0 });
    const [payment] = await t.xeroPayments(pair, [paid._id]);
    expect([payment.PaymentType, (payment.Invoice as Json).InvoiceID, money(payment.Amount)]).toEqual([
      'ACCPAYPAYMENT',
      inXero.InvoiceID,
      money(totalOf(bill)),
    ]);
  });

  it('a payment whose invoice is not in Xero yet waits on it (and pulls it); it lands once the invoice does', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [invoice] = await t.newInvoices(1);
    const payment = await receipt([{ invoice, amount: totalOf(invoice) }]);
    await t.accept(pair, 'payments', 'payment', [payment]);

    expect(await w.drain.run(flow(pair))).toMatchObject({ claimed: 1, written: 0 });
    const [waiting] = await rows(pair, 'payments');
    expect([waiting.state, waiting.waitingOn]).toEqual(['waiting', `invoice:${invoice._id}`]);
    // the invoice was pulled in its own flow (re-read from X3 by key)
    expect((await rows(pair, 'invoices')).map((r) => [r.sourceKey, r.state])).toEqual([[invoice._id, 'pending']]);

    await drainUntilQuiet(w, pair, DOCUMENT_FLOWS);
    const [released] = await rows(pair, 'payments');
    expect(released.state).toBe('pending');
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await rows(pair, 'payments')).map((r) => r.state)).toEqual(['done']);
    expect(await xeroInvoice(pair, invoice._id)).toMatchObject({ Status: 'PAID' });
    expect(await t.xeroPayments(pair, [payment._id])).toHaveLength(1);
  });

  it('a drain that dies after preparing its batch: the next one resends that same batch and each invoice is paid once', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoices = await t.newInvoices(2);
    await invoicesInXero(pair, invoices);
    // part payments, so a second write would be taken and show
    const payment = await receipt(invoices.map((invoice) => ({ invoice, amount: '2.00' })));
    await t.accept(pair, 'payments', 'payment', [payment]);

    await expect(new DyingDrain(w).run(flow(pair))).rejects.toThrow('killed');
    const [batch] = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'payments' } }));
    expect([batch.status, batch.recordCount]).toEqual(['pending', 2]);

    const resumed = await w.drain.run(flow(pair)); // the 0 s lease has expired: it reclaims the change
    expect(resumed).toMatchObject({ claimed: 1, written: 1, batches: 1 });
    const batches = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'payments' } }));
    expect(batches.map((b) => [b.id, b.idempotencyKey, b.status])).toEqual([[batch.id, batch.idempotencyKey, 'done']]);
    const inXero = await t.xeroPayments(pair, [payment._id]);
    expect(inXero.map((p) => (p.Invoice as Json).InvoiceNumber).sort()).toEqual(invoices.map((i) => i._id).sort());
    for (const invoice of invoices) {
      expect(money((await xeroInvoice(pair, invoice._id)).AmountPaid)).toBe('2.00');
    }
  });

  it("a set Xero refuses in part is a dead letter with Xero's message; the landed Payment is kept, and a replay pays only the rest", async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [first, second] = await t.newInvoices(2);
    await invoicesInXero(pair, [first, second]);
    // someone pays the second invoice in part in Xero: X3's full amount now exceeds what is due
    const manual = await t.xeroWrite(pair, 'PUT', 'Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: (await xeroInvoice(pair, second._id)).InvoiceID },
          Account: { Code: '090' },
          Amount: 1,
          Date: new Date().toISOString().slice(0, 10),
          Reference: 'by hand',
        },
      ],
    });
    expect(manual.status).toBe(200);
    const manualId = String(((manual.body as Json).Payments as Json[])[0].PaymentID);
    const payment = await receipt([
      { invoice: first, amount: totalOf(first) },
      { invoice: second, amount: totalOf(second) },
    ]);
    await t.accept(pair, 'payments', 'payment', [payment]);
    await drainUntilQuiet(w, pair, ['payments']);

    const [dead] = await rows(pair, 'payments');
    expect([dead.state, dead.lastError]).toEqual(['dead', 'refused by Xero']);
    expect(dead.outcome?.messages?.[0]).toMatch(new RegExp(`^invoice:${second._id}: .*exceeds the amount outstanding`));
    expect(dead.outcome?.messages?.[1]).toMatch(new RegExp(`invoice:${first._id} → Payment`));
    expect((await t.parts(pair)).map((p) => p.partKey)).toEqual([`invoice:${first._id}`]);
    expect(await t.paymentRefs(pair)).toEqual([]); // the X3 payment is not in Xero whole yet
    expect(await xeroInvoice(pair, first._id)).toMatchObject({ Status: 'PAID' });

    // the hand payment is removed in Xero; the replay sends only the refused part
    expect((await t.xeroWrite(pair, 'POST', `Payments/${manualId}`, { Status: 'DELETED' })).status).toBe(200);
    await w.h.tx.run(pair.tenantId, (m) =>
      pending.replay(m, { integrationId: pair.integrationId, flowKey: 'payments' }, 'dead', { reread: false }),
    );
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await rows(pair, 'payments')).map((r) => r.state)).toEqual(['done']);
    const inXero = await t.xeroPayments(pair, [payment._id]);
    expect(inXero.map((p) => (p.Invoice as Json).InvoiceNumber).sort()).toEqual([first._id, second._id].sort());
    expect(await xeroInvoice(pair, second._id)).toMatchObject({ Status: 'PAID' });
    const [ref] = await t.paymentRefs(pair);
    expect([ref.x3Key, ref.xeroId]).toEqual([payment._id, (await t.parts(pair))[0].xeroPaymentId]);
  });

  it('holds a payment changed in X3 after it was written, and one dated in a locked period, with what to do (a remainder: sync-drain-prepayments)', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoices = await t.newInvoices(2);
    await invoicesInXero(pair, invoices);
    const payment = await receipt([{ invoice: invoices[0], amount: '3.00' }]);
    await t.accept(pair, 'payments', 'payment', [payment]);
    await drainUntilQuiet(w, pair, ['payments']);
    const calls = await callsOf(w, pair);
    // X3 says the receipt was 4.00 after all (the record as a poll would read it)
    const lines = (payment.lines as Json[]).map((l) => ({ ...l, amount: '4.00' }));
    await t.accept(pair, 'payments', 'payment', [{ ...payment, amount: '4.00', lines } as unknown as X3Record]);
    await drainUntilQuiet(w, pair, ['payments']);
    const changed = (await rows(pair, 'payments')).find((r) => r.state !== 'done')!;
    expect(changed.state).toBe('held');
    expect(changed.outcome?.messages?.[0]).toMatch(/changed in X3 after it was written to Xero.*only deletes one/);
    expect(await callsOf(w, pair)).toBe(calls);

    const today = new Date().toISOString().slice(0, 10);
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: today })).status).toBeLessThan(
      300,
    );
    const locked = await receipt([{ invoice: invoices[1], amount: '1.00' }], { accountingDate: today });
    await t.accept(pair, 'payments', 'payment', [locked]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [held] = (await rows(pair, 'payments')).filter((r) => r.sourceKey === locked._id);
    // held by the mapping's lock-date rule, or (organisation facts cached a minute) by Xero's refusal
    expect(held.state).toBe('held');
    expect(JSON.stringify(held.outcome)).toMatch(/lock date/i);
    expect(await t.xeroPayments(pair, [locked._id])).toEqual([]);
  });

  it('a receipt returned unpaid in X3 after it reached Xero: its Xero Payments deleted, the invoices due again, once', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [a, b] = await t.newInvoices(2);
    await invoicesInXero(pair, [a, b]);
    const both = await receipt([
      { invoice: a, amount: totalOf(a) },
      { invoice: b, amount: '2.50' },
    ]);
    await t.accept(pair, 'payments', 'payment', [both]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await t.xeroPayments(pair, [both._id])).toHaveLength(2);

    // the bank returned it (PAYMENTH STA 'unpaid'), as the next poll reads it
    const bounced = { ...both, status: 'unpaid' } as unknown as X3Record;
    await t.accept(pair, 'payments', 'payment', [bounced]);
    const calls = await callsOf(w, pair);
    await drainUntilQuiet(w, pair, ['payments']);
    const settled = (await rows(pair, 'payments')).filter((r) => r.sourceKey === both._id);
    expect(settled.map((r) => [r.state, r.outcome?.action]).sort()).toEqual([
      ['done', 'created'],
      ['done', 'deleted'],
    ]);
    expect(await t.xeroPayments(pair, [both._id])).toEqual([]);
    for (const inv of [a, b]) {
      const now = await xeroInvoice(pair, inv._id);
      expect([now.Status, money(now.AmountDue), money(now.AmountPaid)]).toEqual([
        'AUTHORISED',
        money(totalOf(inv)),
        '0.00',
      ]);
    }
    // one deletion per Xero Payment, nothing else
    expect((await callsOf(w, pair)) - calls).toBe(2);

    // the same bounced record again (a late poll): nothing to do, no call
    const before = await callsOf(w, pair);
    await t.accept(pair, 'payments', 'payment', [bounced]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await callsOf(w, pair)).toBe(before);
  });

  it("another tenant's drain job cannot carry them, nor see what was recorded of them", async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [invoice] = await t.newInvoices(1);
    await invoicesInXero(pair, [invoice]);
    const payment = await receipt([{ invoice, amount: '1.00' }]);
    await t.accept(pair, 'payments', 'payment', [payment]);
    const other = await pairWithFlows(w, ['customer']);
    await expect(w.drain.run({ ...flow(pair), tenantId: other.tenantId })).rejects.toThrow(DrainPermanentError);
    expect((await rows(pair, 'payments')).map((r) => [r.state, r.claimId])).toEqual([['pending', null]]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await t.parts(pair)).toHaveLength(1);
    expect(await t.parts(other)).toEqual([]);
    expect(await t.paymentRefs(other)).toEqual([]);
  });
});
