// What becomes of a Xero Payment before any X3 call: echoes, carried, deleted, not a document
// payment, waiting for its document's link, or carried against the linked X3 document (an
// invoice, a bill, or a credit note paid back).
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { KnownPayments, planPayment } from './payment-plan';

const PAYMENT = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const INVOICE = 'b9e511ba-88ee-4ab3-b99e-6238d267657e';
const change = { sourceKey: PAYMENT } as SyncPendingChange;

const row = (extra: Record<string, unknown> = {}) => ({
  paymentID: PAYMENT,
  paymentType: 'ACCRECPAYMENT',
  status: 'AUTHORISED',
  amount: 74.7,
  invoice: { type: 'ACCREC', invoiceID: INVOICE.toUpperCase(), invoiceNumber: 'SIHNZ0110005', currencyCode: 'NZD' },
  ...extra,
});

const known = (over: Partial<KnownPayments> = {}): KnownPayments => ({
  echoes: new Map(),
  carried: new Map(),
  documents: new Map(),
  creditNotesFromX3: new Set(),
  ...over,
});

describe('planPayment', () => {
  it('carries a payment of a linked invoice (Xero ids compared lower-cased)', () => {
    const k = known({ documents: new Map([[`invoice:${INVOICE}`, 'SIHNZ0110005']]) });
    expect(planPayment(change, row(), k)).toEqual({
      kind: 'carry',
      document: { entity: 'invoice', partner: 'customer', x3Key: 'SIHNZ0110005', xeroId: INVOICE },
    });
  });

  it('carries a payment of a linked bill as a bill', () => {
    const k = known({ documents: new Map([[`bill:${INVOICE}`, 'PIH0001']]) });
    const bill = row({ paymentType: 'ACCPAYPAYMENT', invoice: { type: 'ACCPAY', invoiceID: INVOICE } });
    expect(planPayment(change, bill, k)).toMatchObject({
      kind: 'carry',
      document: { entity: 'bill', partner: 'supplier', x3Key: 'PIH0001' },
    });
  });

  /** A Payment on a credit note (Xero: APCREDITPAYMENT a supplier refunds us, ARCREDITPAYMENT we refund a customer). */
  const refund = (type: 'APCREDITPAYMENT' | 'ARCREDITPAYMENT', number = 'SCN-1') =>
    row({
      paymentType: type,
      invoice: undefined,
      creditNote: {
        type: type === 'APCREDITPAYMENT' ? 'ACCPAYCREDIT' : 'ACCRECCREDIT',
        creditNoteID: INVOICE.toUpperCase(),
        creditNoteNumber: number,
      },
    });

  it("carries a refund of a linked credit note against the supplier's or the customer's credit memo", () => {
    const k = known({ documents: new Map([[`creditNote:${INVOICE}`, 'PIHNZ0110042']]) });
    expect(planPayment(change, refund('APCREDITPAYMENT'), k)).toEqual({
      kind: 'carry',
      document: { entity: 'creditNote', partner: 'supplier', x3Key: 'PIHNZ0110042', xeroId: INVOICE },
    });
    expect(planPayment(change, refund('ARCREDITPAYMENT'), k)).toMatchObject({
      document: { entity: 'creditNote', partner: 'customer' },
    });
  });

  it("a refund of an unlinked credit note waits: a supplier's on creditNote:<Xero id> (or its X3 number when it is on its way from X3), a customer's on creditNote:<X3 number>", () => {
    const waitsOn = (r: Record<string, unknown>, k = known()) => planPayment(change, r, k);
    expect(waitsOn(refund('APCREDITPAYMENT'))).toMatchObject({ settlement: { waitingOn: `creditNote:${INVOICE}` } });
    const fromX3 = known({ creditNotesFromX3: new Set(['PIHNZ0110042']) });
    expect(waitsOn(refund('APCREDITPAYMENT', 'PIHNZ0110042'), fromX3)).toMatchObject({
      settlement: { waitingOn: 'creditNote:PIHNZ0110042' },
    });
    expect(waitsOn(refund('ARCREDITPAYMENT', 'SCMNZ0110003'))).toMatchObject({
      settlement: { kind: 'waiting', waitingOn: 'creditNote:SCMNZ0110003' },
    });
  });

  it('waits on invoice:<X3 number> for an unlinked invoice, on bill:<Xero id> for an unlinked bill', () => {
    expect(planPayment(change, row(), known())).toEqual({
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: 'invoice:SIHNZ0110005' },
    });
    const bill = row({
      paymentType: 'ACCPAYPAYMENT',
      invoice: { type: 'ACCPAY', invoiceID: INVOICE, invoiceNumber: 'S-1' },
    });
    expect(planPayment(change, bill, known())).toMatchObject({ settlement: { waitingOn: `bill:${INVOICE}` } });
  });

  it('an echo of our x3→xero write is unchanged; its deletion in Xero is held', () => {
    const k = known({ echoes: new Map([[PAYMENT, 'PAYNZ0110002']]) });
    expect(planPayment(change, row(), k)).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'unchanged', targetId: 'PAYNZ0110002' } },
    });
    expect(planPayment(change, row({ status: 'DELETED' }), k)).toMatchObject({
      settlement: { kind: 'held', outcome: { proposal: expect.stringMatching(/Cancel X3 payment PAYNZ0110002/) } },
    });
  });

  it('a carried payment is unchanged; deleted afterwards it is held with the reversal; deleted before, skipped', () => {
    const k = known({ carried: new Map([[PAYMENT, { x3Key: 'PAYNZ0110009', xeroUpdatedAt: null }]]) });
    expect(planPayment(change, row(), k)).toMatchObject({ settlement: { outcome: { action: 'unchanged' } } });
    expect(planPayment(change, row({ status: 'DELETED' }), k)).toMatchObject({
      settlement: { kind: 'held', outcome: { proposal: expect.stringMatching(/^Reverse X3 payment PAYNZ0110009/) } },
    });
    expect(planPayment(change, row({ status: 'DELETED' }), known())).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped' } },
    });
  });

  it("skips a payment dated before the flow's cut-over date (the first poll reads them all)", () => {
    const k = known({ documents: new Map([[`invoice:${INVOICE}`, 'SIHNZ0110005']]) });
    const old = row({ date: '2026-06-30T00:00:00.000Z' });
    expect(planPayment(change, old, k, { cutOverDate: '2026-07-01' })).toMatchObject({
      settlement: {
        kind: 'done',
        outcome: { action: 'skipped', messages: [expect.stringMatching(/cut-over date 2026-07-01/)] },
      },
    });
    expect(planPayment(change, old, k, { cutOverDate: '2026-06-30' })).toMatchObject({ kind: 'carry' });
  });

  it('holds an overpayment or prepayment (no single document), and skips what Xero did not return', () => {
    const over = row({
      paymentType: 'AROVERPAYMENTPAYMENT',
      invoice: undefined,
      overpayment: { overpaymentID: INVOICE },
    });
    expect(planPayment(change, over, known())).toMatchObject({ settlement: { kind: 'held' } });
    expect(planPayment(change, undefined, known())).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped' } },
    });
  });
});
