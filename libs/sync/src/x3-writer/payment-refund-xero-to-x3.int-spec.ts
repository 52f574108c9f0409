// Refunds of credit notes in Xero (a Payment on the credit note) carried to X3 by the xero-payments
// flow, against the sandboxes over HTTP with real PostgreSQL and Redis: a supplier paying back its
// credit note (APCREDITPAYMENT) becomes an X3 supplier receipt on the credit memo's open item, our
// refund of a customer's credit note (ARCREDITPAYMENT) an X3 pay-out on the sales credit memo; once
// each, found unchanged when read again, waiting for the credit note's link when it has none.
import { X3Record } from '#lb/connectors/sage-x3';
import { toDec } from '#lb/mapping';
import { creditMemos, newCustomers, postedInvoices } from '../drain/testing/credit-documents';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
} from '../drain/testing/drain-world';
import { acceptRecords } from '../drain/testing/x3-documents';
import { money } from '../drain/testing/payment-world';
import { LANES } from '../pending/lanes';
import { drainXeroToX3 } from './drain-xero-to-x3';
import { XeroBillWorld } from './bill-xero-world';
import { XeroCreditNoteWorld } from './credit-note-xero-world';
import { XERO_PAYMENTS, XeroPaymentWorld } from './payment-xero-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const open = (doc: X3Record) => toDec(String(doc.totalAmountIncludingTax)).minus(String(doc.paidAmount)).toFixed(2);
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));
const SUPPLIER_FLOWS = ['supplier', 'product', 'bill', 'creditNote', 'payment'] as const;

describe('Xero refunds of credit notes → X3 payments on the credit memos (xero-payments flow)', () => {
  let w: DrainWorld;
  let c: XeroCreditNoteWorld;
  let p: XeroPaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    c = new XeroCreditNoteWorld(new XeroBillWorld(w));
    p = c.p;
  });
  afterAll(() => stopDrainWorld(w));

  const state = async (pair: Pair, id: string) => {
    const r = await p.row(pair, id);
    return [r?.state, r?.outcome?.action];
  };

  /** A supplier credit note of 13.50 entered in Xero for a linked supplier (not carried to X3 yet). */
  const supplierNote = async () => {
    const pair = await c.pair([...SUPPLIER_FLOWS]);
    const s = await c.b.linkedSupplier(pair);
    const id = await c.enterCreditNote(pair, { ContactID: s.contactId }, { CreditNoteNumber: `SCN-${Date.now()}` });
    return { pair, s, id };
  };

  /** The X3 credit memo the xero-credit-notes flow made of the note. */
  const memoOf = async (pair: Pair, id: string) => {
    const ref = await c.b.ref(pair, 'creditNote', { xeroId: id });
    return p.x3Document('purchaseInvoice', ref!.x3Key);
  };

  it("a supplier's refund of its credit note becomes one X3 supplier receipt on the credit memo (open item reduced to the cent); read again it writes nothing; the receipt does not go back to Xero", async () => {
    const { pair, s, id } = await supplierNote();
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const memo = await memoOf(pair, id);
    expect([memo.invoiceType, open(memo)]).toEqual(['creditMemo', '13.50']);

    const refund = await p.refund(pair, id, '8.35');
    expect((await p.poll(pair)).accepted).toBeGreaterThanOrEqual(1);
    await p.drainQuiet(pair);

    expect(await state(pair, refund)).toEqual(['done', 'created']);
    const made = await p.x3PaymentsOf(refund);
    expect(made).toHaveLength(1);
    const [receipt] = made;
    expect(receipt).toMatchObject({ businessPartnerType: 'supplier', sense: 'revenue', entryType: 'REC' });
    expect([codeOf(receipt.businessPartner), money(receipt.amount)]).toEqual([s.code, '8.35']);
    expect((receipt.lines as Json[]).map((l) => [l.document, l.documentType, money(l.amount)])).toEqual([
      [memo._id, 'BPSCM', '8.35'],
    ]);
    expect(open(await p.x3Document('purchaseInvoice', memo._id))).toBe('5.15');
    expect((await p.paymentRef(pair, refund))?.x3Key).toBe(receipt._id);

    // read again (a later poll, a replay): unchanged, no X3 write
    const x3Count = (await x3Records(w, 'payment')).length;
    await p.acceptById(pair, XERO_PAYMENTS, 'payment', [refund], LANES.polling);
    await p.drainQuiet(pair);
    expect(await state(pair, refund)).toEqual(['done', 'unchanged']);
    expect((await x3Records(w, 'payment')).length).toBe(x3Count);
    expect(open(await p.x3Document('purchaseInvoice', memo._id))).toBe('5.15');

    // the X3 receipt we made, seen by the x3→xero payments flow: unchanged, no second refund in Xero
    await p.t.accept(pair, 'payments', 'payment', [receipt]);
    await drainUntilQuiet(w, pair, ['payments']);
    const back = (await p.t.rows(pair, 'payments')).filter((r) => r.sourceKey === receipt._id);
    expect(back.map((r) => [r.state, r.outcome?.action])).toEqual([['done', 'unchanged']]);
    expect(money((await c.xeroCreditNote(pair, id)).RemainingCredit)).toBe('5.15');
  });

  it('a refund of a credit note not linked yet waits on creditNote:<CreditNoteID>, and is carried once the xero-credit-notes flow links it', async () => {
    const { pair, id } = await supplierNote();
    // the note's change is open in the credit notes flow, not drained yet
    await c.accept(pair, [id]);
    const refund = await p.refund(pair, id, '13.50');
    await p.poll(pair);
    await p.drainQuiet(pair);
    const waiting = await p.row(pair, refund);
    expect([waiting?.state, waiting?.waitingOn]).toEqual(['waiting', `creditNote:${id}`]);
    expect(await p.x3PaymentsOf(refund)).toEqual([]);

    // the credit note lands in X3: its link releases the refund
    await c.drainQuiet(pair);
    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    expect((await p.row(pair, refund))?.state).toBe('pending');
    await p.drainQuiet(pair);
    expect(await state(pair, refund)).toEqual(['done', 'created']);
    expect(await p.x3PaymentsOf(refund)).toHaveLength(1);
    expect(open(await memoOf(pair, id))).toBe('0.00');
  });

  it("our refund of a customer's credit note (from X3) becomes an X3 pay-out on the sales credit memo", async () => {
    const pair = await p.pair(['customer', 'product', 'invoice', 'creditNote']);
    const [customer] = await newCustomers(w, 1);
    const [invoice] = await postedInvoices(w, [[customer, '100.00']]);
    const [memo] = await creditMemos(w, [[invoice, '40.00']]);
    // the memo in Xero as ACCRECCREDIT (its allocation waits for the invoice, which stays out)
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [memo]);
    await drainUntilQuiet(w, pair, ['credit-notes', 'customers', 'products']);
    const link = await c.b.ref(pair, 'creditNote', { x3Key: memo._id });
    expect(link?.xeroId).toBeTruthy();

    const refund = await p.refund(pair, link!.xeroId!, '12.34');
    await p.poll(pair);
    await p.drainQuiet(pair);
    expect(await state(pair, refund)).toEqual(['done', 'created']);
    const [payOut] = await p.x3PaymentsOf(refund);
    expect(payOut).toMatchObject({ businessPartnerType: 'customer', sense: 'expense', entryType: 'PAY' });
    expect(codeOf(payOut.businessPartner)).toBe(codeOf(memo.billToCustomer));
    expect((payOut.lines as Json[]).map((l) => [l.document, l.documentType, money(l.amount)])).toEqual([
      [memo._id, 'SCM', '12.34'],
    ]);
    // 46.00 credit (40.00 + 15 % GST) less the 12.34 refunded
    expect(open(await p.x3Document('salesInvoice', memo._id))).toBe('33.66');
  });

  it("another tenant can neither drain a tenant's refunds nor see what was recorded of them", async () => {
    const { pair, id } = await supplierNote();
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const refund = await p.refund(pair, id, '1.00');
    await p.poll(pair);
    const other = await p.pair(['customer']);

    expect(await drainXeroToX3(p.deps(), other.tenantId, p.scope(pair))).toMatchObject({
      claimed: 0,
      idle: 'no-integration',
    });
    expect((await p.rows(pair)).filter((r) => r.claimId !== null)).toEqual([]);
    expect(await p.rows(other)).toEqual([]);
    await p.drainQuiet(pair);
    expect(await state(pair, refund)).toEqual(['done', 'created']);
    expect(await p.paymentRef(other, refund)).toBeNull();
    expect(await p.x3PaymentsOf(refund)).toHaveLength(1);
  });
});
