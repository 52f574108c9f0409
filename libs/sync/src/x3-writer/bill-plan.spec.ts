// What becomes of a Xero bill before any X3 write: linked (checked, never written again), not
// approved, voided, before the cut-over, waiting for its supplier, without a number, or carried.
import type { X3Record } from '#lb/connectors/sage-x3';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { expectedSupplierCode, KnownBills, planBill } from './bill-plan';
import { differencesOf } from './bill-write';

const BILL = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const CONTACT = 'b9e511ba-88ee-4ab3-b99e-6238d267657e';
const change = { sourceKey: BILL } as SyncPendingChange;

const row = (extra: Record<string, unknown> = {}) => ({
  invoiceID: BILL,
  type: 'ACCPAY',
  status: 'AUTHORISED',
  invoiceNumber: 'SUP-42',
  date: '2026-11-27T00:00:00',
  currencyCode: 'NZD',
  total: 50.11,
  totalTax: 5.56,
  contact: { contactID: CONTACT.toUpperCase(), name: 'Acme' },
  ...extra,
});

const known = (over: Partial<KnownBills> = {}): KnownBills => ({
  linked: new Map(),
  suppliers: new Map([[CONTACT, 'SP01']]),
  ...over,
});

describe('planBill', () => {
  it("carries an approved bill of a linked supplier under the supplier's X3 code and number", () => {
    expect(planBill(change, row(), known())).toEqual({ kind: 'carry', supplier: 'SP01', number: 'SUP-42' });
    expect(planBill(change, row({ status: 'PAID' }), known())).toMatchObject({ kind: 'carry' });
  });

  it('checks a linked bill against X3 instead of writing it; holds a voided or deleted one', () => {
    const k = known({ linked: new Map([[BILL, 'PIHNZ0110001']]) });
    expect(planBill(change, row(), k)).toEqual({ kind: 'check', x3Key: 'PIHNZ0110001' });
    for (const status of ['VOIDED', 'DELETED']) {
      expect(planBill(change, row({ status }), k)).toMatchObject({
        kind: 'settle',
        settlement: {
          kind: 'held',
          outcome: { targetId: 'PIHNZ0110001', proposal: expect.stringMatching(/credit note/) },
        },
      });
    }
  });

  it('leaves out drafts, submitted and voided bills, and bills before the cut-over', () => {
    for (const status of ['DRAFT', 'SUBMITTED', 'VOIDED']) {
      expect(planBill(change, row({ status }), known())).toMatchObject({
        settlement: { kind: 'done', outcome: { action: 'skipped' } },
      });
    }
    expect(planBill(change, row(), known(), { cutOverDate: '2026-12-01' })).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped', messages: [expect.stringMatching(/cut-over/)] } },
    });
    expect(planBill(change, { ...row(), type: 'ACCREC' }, known())).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped' } },
    });
  });

  it("waits on the supplier's expected X3 code when the contact is not linked, and pulls the contact", () => {
    const verdict = planBill(
      change,
      row({ contact: { contactID: CONTACT, contactNumber: 'c-1001' } }),
      known({ suppliers: new Map() }),
    );
    expect(verdict).toEqual({
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: 'supplier:C_1001' },
      pullContact: CONTACT,
    });
  });

  it("holds a bill without the supplier's invoice number", () => {
    expect(planBill(change, row({ invoiceNumber: ' ' }), known())).toMatchObject({ settlement: { kind: 'held' } });
  });
});

describe('expectedSupplierCode', () => {
  it('follows the starter rule: ContactNumber upper-cased, else X + 14 hex digits of the ContactID', () => {
    expect(expectedSupplierCode({ contactNumber: 'S 2002/b' })).toBe('S_2002_B');
    expect(expectedSupplierCode({ contactID: CONTACT })).toBe('XB9E511BA88EE4A');
  });
});

describe('differencesOf', () => {
  const x3: X3Record = {
    _id: 'PIH1',
    _createStamp: '2026-11-27T10:00:00Z',
    _updateStamp: '2026-11-27T10:00:00Z',
    supplierDocumentNumber: 'SUP-42',
    currency: { _id: 'NZD' },
    totalTaxAmount: '5.56',
    totalAmountIncludingTax: '50.11',
  };
  it('finds none when number, currency and totals agree to the cent', () => {
    expect(differencesOf(x3, row())).toEqual([]);
  });
  it('names each disagreement', () => {
    expect(differencesOf(x3, row({ total: 56.81, totalTax: 7.41, invoiceNumber: 'SUP-43' }))).toEqual([
      'invoice number SUP-43 in Xero, SUP-42 in X3',
      'tax 7.41 in Xero, 5.56 in X3',
      'total 56.81 in Xero, 50.11 in X3',
    ]);
  });
});
