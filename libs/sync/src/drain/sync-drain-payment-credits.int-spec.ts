// X3 receipts that apply a credit memo within the payment (lines: the invoice at +100.00, the memo
// at −30.00; 70.00 in cash), carried to Xero by the drain against the sandboxes over HTTP: the
// memo's Xero credit note is allocated to the invoice for the applied amount and the cash is one
// Payment — the invoice PAID to the cent, the note's RemainingCredit reduced. Once: an allocation
// the credit-notes flow made already is taken, never a second one.
import { X3Record } from '#lb/connectors/sage-x3';
import { allocationRows, allocationsOf, creditMemos, newCustomers, xeroCreditNote } from './testing/credit-documents';
import { DrainPermanentError } from './drain-context';
import {
  callsOf,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
} from './testing/drain-world';
import { money, PaymentWorld } from './testing/payment-world';
import { acceptRecords, createX3Documents } from './testing/x3-documents';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const ENTITIES = ['customer', 'product', 'invoice', 'creditNote', 'payment'] as const;
const FLOWS = ['payments', 'credit-notes', 'invoices', 'customers', 'products'];

/** One NZFOOD01 at `net` + 15 % GST: 86.96 → 100.00, 26.09 → 30.00, 34.78 → 40.00. */
const oneLine = (net: string) => [
  { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: net, taxCode: 'NZS' },
];

describe('the drain carries credit memos applied within X3 payments as Allocations of their Xero credit notes', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  /** A posted invoice of 100.00 of a new customer. */
  const invoiceOf100 = async (): Promise<X3Record> => {
    const [customer] = await newCustomers(w, 1);
    const [invoice] = await createX3Documents(
      w,
      'salesInvoice',
      [
        {
          invoiceType: 'invoice',
          salesSite: 'NZ011',
          billToCustomer: customer,
          priceBasis: 'excludingTax',
          accountingDate: '2026-11-10',
          lines: oneLine('86.96'),
        },
      ],
      'post',
    );
    expect(money(invoice.totalAmountIncludingTax)).toBe('100.00');
    return invoice;
  };

  /** A posted credit memo of the invoice's customer that names no invoice (the payment applies it). */
  const looseMemo = async (invoice: X3Record, net: string): Promise<X3Record> => {
    const [memo] = await createX3Documents(
      w,
      'salesInvoice',
      [
        {
          invoiceType: 'creditMemo',
          salesSite: 'NZ011',
          billToCustomer: invoice.billToCustomer,
          priceBasis: 'excludingTax',
          accountingDate: '2026-11-12',
          lines: oneLine(net),
        },
      ],
      'post',
    );
    return memo;
  };

  const notesInXero = async (pair: Pair, memos: X3Record[]) => {
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', memos);
    await drainUntilQuiet(w, pair, ['credit-notes', 'customers', 'products']);
  };

  /** The receipt: the invoice's 100.00 less the memo's 30.00. */
  const receipt = async (invoice: X3Record, memo: X3Record) => {
    const paid = await t.payment([
      { document: invoice, amount: '100.00' },
      { document: memo, amount: '-30.00' },
    ]);
    expect(money(paid.amount)).toBe('70.00');
    return paid;
  };

  const states = async (pair: Pair) =>
    (await t.rows(pair, 'payments')).map((r) => [r.state, r.outcome?.messages?.join(' ')]);

  it('100.00 settled by a 30.00 credit memo and 70.00 cash: one Allocation of 30.00, one Payment of 70.00, the invoice PAID; an unchanged re-drain makes no call; another tenant sees nothing', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoice = await invoiceOf100();
    const memo = await looseMemo(invoice, '34.78'); // 40.00: 10.00 stays as credit
    await t.inXero(pair, 'invoices', [invoice]);
    await notesInXero(pair, [memo]);
    const paid = await receipt(invoice, memo);
    await t.accept(pair, 'payments', 'payment', [paid]);
    const other = await pairWithFlows(w, ['customer']);
    await expect(w.drain.run({ ...t.flow(pair), tenantId: other.tenantId })).rejects.toThrow(DrainPermanentError);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await states(pair)).toEqual([['done', undefined]]);

    const inXero = await t.xeroDocument(pair, invoice._id);
    expect([inXero.Status, money(inXero.AmountDue), money(inXero.AmountCredited), money(inXero.AmountPaid)]).toEqual([
      'PAID',
      '0.00',
      '30.00',
      '70.00',
    ]);
    const note = await xeroCreditNote(w, pair, memo._id);
    expect([note.Status, money(note.RemainingCredit)]).toEqual(['AUTHORISED', '10.00']);
    expect(allocationsOf(note)).toEqual([[inXero.InvoiceID, '30.00']]);
    const payments = await t.xeroPayments(pair, [paid._id]);
    expect(payments.map((p) => [(p.Invoice as Json).InvoiceID, money(p.Amount)])).toEqual([
      [inXero.InvoiceID, '70.00'],
    ]);
    const parts = await t.parts(pair);
    expect(parts.map((p) => [p.partKey, money(p.amount)])).toEqual([
      [`credit:creditNote:${memo._id}>invoice:${invoice._id}`, '30.00'],
      [`invoice:${invoice._id}`, '70.00'],
    ]);
    const [allocation] = note.Allocations as Json[];
    expect(parts[0].xeroPaymentId).toBe(allocation.AllocationID);
    const [ref] = await t.paymentRefs(pair);
    expect(ref.xeroId).toBe(payments[0].PaymentID); // the cash Payment, not the allocation

    const calls = await callsOf(w, pair);
    await t.accept(pair, 'payments', 'payment', [paid]);
    const again = await drainUntilQuiet(w, pair, ['payments']);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(await callsOf(w, pair)).toBe(calls);
    expect(await t.parts(other)).toEqual([]);
    expect(await t.paymentRefs(other)).toEqual([]);
  });

  it('a memo the credit-notes flow already allocated to the invoice: taken as the allocation, never a second one; the cash pays the rest', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoice = await invoiceOf100();
    const [memo] = await creditMemos(w, [[invoice, '26.09']]); // 30.00, naming the invoice
    expect(money(memo.totalAmountIncludingTax)).toBe('30.00');
    await t.inXero(pair, 'invoices', [invoice]);
    await notesInXero(pair, [memo]);
    const [flowRow] = await allocationRows(w, pair);
    expect([flowRow.state, money(flowRow.amount)]).toEqual(['done', '30.00']);
    const inXero = await t.xeroDocument(pair, invoice._id);
    expect(money(inXero.AmountDue)).toBe('70.00');

    const paid = await receipt(invoice, memo);
    await t.accept(pair, 'payments', 'payment', [paid]);
    await drainUntilQuiet(w, pair, FLOWS);
    expect(await states(pair)).toEqual([['done', undefined]]);
    const note = await xeroCreditNote(w, pair, memo._id);
    expect([note.Status, money(note.RemainingCredit)]).toEqual(['PAID', '0.00']);
    expect(allocationsOf(note)).toEqual([[inXero.InvoiceID, '30.00']]);
    const after = await t.xeroDocument(pair, invoice._id);
    expect([after.Status, money(after.AmountDue)]).toEqual(['PAID', '0.00']);
    expect((await t.xeroPayments(pair, [paid._id])).map((p) => money(p.Amount))).toEqual(['70.00']);
    const parts = await t.parts(pair);
    expect(parts.map((p) => [p.partKey, p.xeroPaymentId, p.batchId])).toEqual([
      [`credit:creditNote:${memo._id}>invoice:${invoice._id}`, flowRow.xeroAllocationId, null],
      [`invoice:${invoice._id}`, expect.any(String), expect.any(String)],
    ]);
  });

  it('the memo not in Xero yet: the payment waits on it (the note pulled), then lands', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoice = await invoiceOf100();
    const memo = await looseMemo(invoice, '26.09');
    await t.inXero(pair, 'invoices', [invoice]);
    const paid = await receipt(invoice, memo);
    await t.accept(pair, 'payments', 'payment', [paid]);
    expect(await w.drain.run(t.flow(pair))).toMatchObject({ claimed: 1, written: 0 });
    const [waiting] = await t.rows(pair, 'payments');
    expect([waiting.state, waiting.waitingOn]).toEqual(['waiting', `creditNote:${memo._id}`]);
    expect((await t.rows(pair, 'credit-notes')).map((r) => r.sourceKey)).toEqual([memo._id]);
    expect(await t.parts(pair)).toEqual([]);

    await drainUntilQuiet(w, pair, FLOWS);
    expect(await states(pair)).toEqual([['done', undefined]]);
    const note = await xeroCreditNote(w, pair, memo._id);
    expect([note.Status, money(note.RemainingCredit)]).toEqual(['PAID', '0.00']);
    const inXero = await t.xeroDocument(pair, invoice._id);
    expect([inXero.Status, money(inXero.AmountDue)]).toEqual(['PAID', '0.00']);
    expect((await t.xeroPayments(pair, [paid._id])).map((p) => money(p.Amount))).toEqual(['70.00']);
  });

  it('more than the invoice is due in Xero (paid in part there by hand): held before any write, with a proposal', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const invoice = await invoiceOf100();
    const memo = await looseMemo(invoice, '26.09');
    await t.inXero(pair, 'invoices', [invoice]);
    await notesInXero(pair, [memo]);
    const inXero = await t.xeroDocument(pair, invoice._id);
    const byHand = await t.xeroWrite(pair, 'PUT', 'Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: inXero.InvoiceID },
          Account: { Code: '090' },
          Date: '2026-11-20',
          Amount: 50,
        },
      ],
    });
    expect(byHand.status).toBe(200);
    const paid = await receipt(invoice, memo);
    await t.accept(pair, 'payments', 'payment', [paid]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [held] = await t.rows(pair, 'payments');
    expect(held.state).toBe('held');
    expect(held.outcome?.messages?.join(' ')).toMatch(/with 50\.00 due; the payment applies 100\.00/);
    expect(held.outcome?.proposal).toMatch(/apply the credit note and record the cash/);
    expect(allocationsOf(await xeroCreditNote(w, pair, memo._id))).toEqual([]);
    expect(await t.xeroPayments(pair, [paid._id])).toEqual([]);
    expect(await t.parts(pair)).toEqual([]);
  });
});
