// What an X3 payment leaves allocated to no document, carried to Xero by the drain against the
// sandboxes over HTTP: the remainder of a receipt over its invoices is an Overpayment, an advance
// on no document a Prepayment (each a BankTransaction of that Type, written once), and an advance
// posted to an invoice later in X3 (Prepayment Posting) an Allocation of that credit.
import { X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { toDec } from '#lb/mapping';
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
} from './testing/drain-world';
import { DyingDrain } from './testing/dying-drain';
import { money, PaymentWorld, totalOf } from './testing/payment-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const ENTITIES = ['customer', 'product', 'invoice', 'payment'] as const;
const FLOWS = ['payments', 'invoices', 'customers', 'products'];
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));

describe("the drain carries what X3 payments leave unallocated as Xero's overpayments and prepayments", () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  const rows = (pair: Pair) => t.rows(pair, 'payments');
  const contactOf = async (pair: Pair, invoice: X3Record) =>
    String(((await t.xeroDocument(pair, invoice._id)).Contact as Json).ContactID);

  it('a receipt over its invoice: the invoice is paid and the rest is one Overpayment to the cent; a second drain writes nothing', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [receipt, second] = await t.newInvoices(2);
    await t.inXero(pair, 'invoices', [receipt, second]);
    const paid = await t.payment([{ document: receipt, amount: totalOf(receipt) }]);
    // 10.37 more received than the second invoice asked: a line on no document
    const overpaid = await t.payment([{ document: second, amount: totalOf(second) }], {
      lines: [{ document: second._id, amount: totalOf(second) }, { amount: '10.37' }],
    });
    expect(money(overpaid.amount)).toBe(toDec(totalOf(second)).plus('10.37').toFixed(2));
    await t.accept(pair, 'payments', 'payment', [paid, overpaid]);
    await drainUntilQuiet(w, pair, ['payments']);

    expect((await rows(pair)).map((r) => [r.sourceKey, r.state, r.lastError, r.outcome?.messages])).toEqual(
      [
        [paid._id, 'done', null, undefined],
        [overpaid._id, 'done', null, undefined],
      ].sort(),
    );
    expect(await t.xeroDocument(pair, second._id)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    const contactId = await contactOf(pair, second);
    const credits = await t.xeroCredits(pair, 'Overpayments', contactId);
    expect(credits.map((c) => [c.Type, money(c.Total), money(c.RemainingCredit), c.Reference])).toEqual([
      ['RECEIVE-OVERPAYMENT', '10.37', '10.37', overpaid._id],
    ]);
    const parts = (await t.parts(pair)).filter((p) => p.paymentKey === overpaid._id);
    expect(parts.map((p) => [p.partKey, money(p.amount)])).toEqual([
      [`invoice:${second._id}`, money(totalOf(second))],
      ['overpayment', '10.37'],
    ]);
    expect(parts[1].xeroPaymentId).toBe(credits[0].OverpaymentID);

    const before = await callsOf(w, pair);
    await t.accept(pair, 'payments', 'payment', [overpaid]);
    const again = await drainUntilQuiet(w, pair, ['payments']);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(await callsOf(w, pair)).toBe(before);
    expect(await t.xeroCredits(pair, 'Overpayments', contactId)).toHaveLength(1);
  });

  it('an advance on no document is a Prepayment; posted to an invoice in X3 later, it is allocated to that invoice once the invoice is in Xero', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [first] = await t.newInvoices(1);
    const customer = codeOf(first.billToCustomer);
    const advance = await t.advance(customer, ['250.00']);
    await t.accept(pair, 'payments', 'payment', [advance]);
    // the customer is pulled (the credit is the contact's), then the prepayment lands
    await drainUntilQuiet(w, pair, FLOWS);
    expect((await rows(pair)).map((r) => [r.state, r.outcome?.messages])).toEqual([['done', undefined]]);
    const invoice = await t.invoiceOf(customer);
    expect(toDec(totalOf(invoice)).gt(40)).toBe(true);
    const posted = await t.postPrepayment(advance, invoice, '40.00');
    expect(money(posted.amount)).toBe('250.00'); // a posting moves the advance, not the amount

    // the invoice is not in Xero yet: the allocation waits on it (and pulls it)
    await t.accept(pair, 'payments', 'payment', [posted]);
    expect(await w.drain.run(t.flow(pair))).toMatchObject({ claimed: 1, written: 0 });
    // the first carry's row stays done beside it
    const open = (await rows(pair)).filter((r) => r.state !== 'done');
    expect(open.map((r) => [r.state, r.waitingOn])).toEqual([['waiting', `invoice:${invoice._id}`]]);
    await drainUntilQuiet(w, pair, FLOWS);
    const settled = (await rows(pair)).map((r) => [r.sourceKey, r.direction, r.state, r.outcome?.messages]);
    // the advance as first carried, and as posted since: both done
    expect(settled).toEqual([
      [advance._id, 'x3-to-xero', 'done', undefined],
      [advance._id, 'x3-to-xero', 'done', undefined],
    ]);

    const inXero = await t.xeroDocument(pair, invoice._id);
    expect(money(inXero.AmountDue)).toBe(toDec(totalOf(invoice)).minus('40.00').toFixed(2));
    const [prepayment] = await t.xeroCredits(pair, 'Prepayments', String((inXero.Contact as Json).ContactID));
    expect([prepayment.Type, money(prepayment.Total), money(prepayment.RemainingCredit)]).toEqual([
      'RECEIVE-PREPAYMENT',
      '250.00',
      '210.00',
    ]);
    expect((prepayment.Allocations as Json[]).map((a) => [(a.Invoice as Json).InvoiceID, money(a.Amount)])).toEqual([
      [inXero.InvoiceID, '40.00'],
    ]);
    expect(await t.xeroPayments(pair, [advance._id])).toEqual([]); // no Payment: an allocation

    // unchanged since: no call; the rest of the advance posted too: only that is allocated
    const calls = await callsOf(w, pair);
    await t.accept(pair, 'payments', 'payment', [posted]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await callsOf(w, pair)).toBe(calls);
    const more = await t.postPrepayment(posted, invoice, '2.50');
    await t.accept(pair, 'payments', 'payment', [more]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [after] = await t.xeroCredits(pair, 'Prepayments', String((inXero.Contact as Json).ContactID));
    expect(money(after.RemainingCredit)).toBe('207.50');
    expect(money((await t.xeroDocument(pair, invoice._id)).AmountDue)).toBe(
      toDec(totalOf(invoice)).minus('42.50').toFixed(2),
    );
  });

  it('a USD receipt over its invoice: the Overpayment is in USD at the receipt’s own rate (1 / X3’s)', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [seed] = await t.newInvoices(1);
    const customer = codeOf(seed.billToCustomer);
    const invoice = await t.invoiceOf(customer, 'USD');
    await t.inXero(pair, 'invoices', [invoice]);
    const usd = await t.payment([{ document: invoice, amount: totalOf(invoice) }], {
      currency: 'USD',
      lines: [{ document: invoice._id, amount: totalOf(invoice) }, { amount: '5.55' }],
    });
    await t.accept(pair, 'payments', 'payment', [usd]);
    await drainUntilQuiet(w, pair, FLOWS);
    expect((await rows(pair)).map((r) => [r.state, r.outcome?.messages])).toEqual([['done', undefined]]);
    const [credit] = await t.xeroCredits(pair, 'Overpayments', await contactOf(pair, invoice));
    const rate = toDec(1)
      .div(toDec(String(usd.exchangeRate)))
      .toDecimalPlaces(6);
    expect([credit.CurrencyCode, money(credit.RemainingCredit)]).toEqual(['USD', '5.55']);
    expect(toDec(String(credit.CurrencyRate)).toDecimalPlaces(6).toFixed()).toBe(rate.toFixed());
  });

  it('a drain that dies after preparing the prepayment: the next one resends that same batch and Xero has one Prepayment', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [invoice] = await t.newInvoices(1);
    await t.inXero(pair, 'invoices', [invoice]); // its customer is in Xero
    const advance = await t.advance(codeOf(invoice.billToCustomer), ['99.99']);
    await t.accept(pair, 'payments', 'payment', [advance]);

    await expect(new DyingDrain(w).run(t.flow(pair))).rejects.toThrow('killed');
    const [batch] = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(XeroWriteBatch, { where: { entity: 'prepayments' } }),
    );
    expect([batch.status, batch.recordCount]).toEqual(['pending', 1]);
    expect(await w.drain.run(t.flow(pair))).toMatchObject({ claimed: 1, written: 1, batches: 1 });
    const batches = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(XeroWriteBatch, { where: { entity: 'prepayments' } }),
    );
    expect(batches.map((b) => [b.id, b.idempotencyKey, b.status])).toEqual([[batch.id, batch.idempotencyKey, 'done']]);
    const credits = await t.xeroCredits(pair, 'Prepayments', await contactOf(pair, invoice));
    expect(credits.map((c) => money(c.RemainingCredit))).toEqual(['99.99']);
  });

  it('an advance dated in a locked period is held; nothing is written', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [invoice] = await t.newInvoices(1);
    await t.inXero(pair, 'invoices', [invoice]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: today })).status).toBeLessThan(
      300,
    );
    const advance = await t.advance(codeOf(invoice.billToCustomer), ['12.00'], { accountingDate: today });
    await t.accept(pair, 'payments', 'payment', [advance]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [held] = await rows(pair);
    expect(held.state).toBe('held');
    expect(JSON.stringify(held.outcome)).toMatch(/lock date/i);
    expect(await t.xeroCredits(pair, 'Prepayments', await contactOf(pair, invoice))).toEqual([]);
    expect(await t.parts(pair)).toEqual([]);
  });

  it("another tenant's drain job cannot carry an advance, nor see what was recorded of it", async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [invoice] = await t.newInvoices(1);
    await t.inXero(pair, 'invoices', [invoice]);
    const advance = await t.advance(codeOf(invoice.billToCustomer), ['3.00']);
    await t.accept(pair, 'payments', 'payment', [advance]);
    const other = await pairWithFlows(w, ['customer']);
    await expect(w.drain.run({ ...t.flow(pair), tenantId: other.tenantId })).rejects.toThrow(DrainPermanentError);
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await t.parts(pair)).map((p) => p.partKey)).toEqual(['prepayment']);
    expect(await t.parts(other)).toEqual([]);
    expect(await t.paymentRefs(other)).toEqual([]);
  });
});
