// X3 payments that pay back a credit memo, carried to Xero by the drain against the sandboxes over
// HTTP: a supplier's receipt on its credit memo becomes a Xero Payment on the ACCPAYCREDIT credit
// note (APCREDITPAYMENT), our pay-out on a customer's credit memo one on the ACCRECCREDIT credit
// note (ARCREDITPAYMENT) — Xero's refund of a credit note, its RemainingCredit reduced to the cent;
// once, after the credit note is in Xero.
import { X3Record } from '#lb/connectors/sage-x3';
import {
  creditMemos,
  newCustomers,
  postedInvoices,
  supplierCreditNote,
  validatedBill,
  xeroCreditNote,
} from './testing/credit-documents';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
} from './testing/drain-world';
import { money, PaymentWorld } from './testing/payment-world';
import { acceptRecords, newSuppliers } from './testing/x3-documents';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;

describe('the drain carries X3 refunds of credit memos to Xero as Payments on the credit notes', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  /** A validated supplier credit memo of 13.50 (10.00 at 15 % + 2.00 without tax) crediting a new bill. */
  const supplierMemo = async () => {
    const [supplier] = await newSuppliers(w, ['NZD']);
    const bill = await validatedBill(w, supplier, '50.00');
    return supplierCreditNote(w, bill, [
      { product: 'DIS010', quantityInPurchaseUnitInvoiced: '2', netPrice: '5.00', taxCode: 'NZS' },
      { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '1', netPrice: '2.00', taxCode: 'NZZ' },
    ]);
  };

  /** Credit notes carried to Xero by the credit-notes flow (their allocations wait for bills/invoices left out). */
  const notesInXero = async (pair: Pair, memos: X3Record[], party: 'suppliers' | 'customers') => {
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', memos);
    await drainUntilQuiet(w, pair, ['credit-notes', party, 'products']);
  };

  const doneStates = async (pair: Pair) =>
    (await t.rows(pair, 'payments')).map((r) => [r.state, r.outcome?.messages?.join(' ')]);

  it("a supplier's receipt on its X3 credit memo lands once as a Xero Payment on the ACCPAYCREDIT credit note (RemainingCredit reduced to the cent); a second drain writes nothing", async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill', 'creditNote', 'payment']);
    const memo = await supplierMemo();
    await notesInXero(pair, [memo], 'suppliers');
    const before = await xeroCreditNote(w, pair, memo._id);
    expect([before.Type, money(before.RemainingCredit)]).toEqual(['ACCPAYCREDIT', '13.50']);

    const receipt = await t.payment([{ document: memo, amount: '8.35' }], { sense: 'revenue' });
    expect([receipt.businessPartnerType, receipt.sense]).toEqual(['supplier', 'revenue']);
    await t.accept(pair, 'payments', 'payment', [receipt]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await doneStates(pair)).toEqual([['done', undefined]]);

    const [payment] = await t.xeroPayments(pair, [receipt._id]);
    expect([payment.PaymentType, (payment.CreditNote as Json).CreditNoteID, money(payment.Amount)]).toEqual([
      'APCREDITPAYMENT',
      before.CreditNoteID,
      '8.35',
    ]);
    expect(payment.Invoice).toBeUndefined();
    expect(money((await xeroCreditNote(w, pair, memo._id)).RemainingCredit)).toBe('5.15');

    // read again: the payment is unchanged, nothing more is written to Xero
    await t.accept(pair, 'payments', 'payment', [receipt]);
    await drainUntilQuiet(w, pair, ['payments']);
    expect(await t.xeroPayments(pair, [receipt._id])).toHaveLength(1);
    expect(money((await xeroCreditNote(w, pair, memo._id)).RemainingCredit)).toBe('5.15');
  });

  it("our pay-out on a customer's X3 credit memo waits for the credit note (and pulls it), then lands as a Xero Payment on the ACCRECCREDIT credit note", async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'creditNote', 'payment']);
    const [customer] = await newCustomers(w, 1);
    const [invoice] = await postedInvoices(w, [[customer, '100.00']]);
    const [memo] = await creditMemos(w, [[invoice, '40.00']]);
    const payOut = await t.payment([{ document: memo, amount: '46.00' }], { sense: 'expense' });
    expect([payOut.businessPartnerType, payOut.sense]).toEqual(['customer', 'expense']);
    await t.accept(pair, 'payments', 'payment', [payOut]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [waiting] = await t.rows(pair, 'payments');
    expect([waiting.state, waiting.waitingOn]).toEqual(['waiting', `creditNote:${memo._id}`]);
    const pulled = (await t.rows(pair, 'credit-notes')).map((r) => r.sourceKey);
    expect(pulled).toEqual([memo._id]);

    // the credit note lands (its allocation waits for the invoice, which stays out): the pay-out follows
    await drainUntilQuiet(w, pair, ['credit-notes', 'customers', 'products', 'payments']);
    expect(await doneStates(pair)).toEqual([['done', undefined]]);
    const note = await xeroCreditNote(w, pair, memo._id);
    const [payment] = await t.xeroPayments(pair, [payOut._id]);
    expect([payment.PaymentType, (payment.CreditNote as Json).CreditNoteID, money(payment.Amount)]).toEqual([
      'ARCREDITPAYMENT',
      note.CreditNoteID,
      '46.00',
    ]);
    expect([note.Type, note.Status, money(note.RemainingCredit)]).toEqual(['ACCRECCREDIT', 'PAID', '0.00']);
  });
});
