// What becomes of a Xero supplier credit note before any X3 write: not a supplier one, linked
// (checked), not approved, voided, waiting for its supplier, without a number, or carried — naming
// the X3 invoice of the one linked bill it is allocated to; and how a linked one is compared.
import type { X3Record } from '#lb/connectors/sage-x3';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { KnownCreditNotes, planCreditNote } from './credit-note-plan';
import { creditNoteDifferences } from './credit-note-write';

const NOTE = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const CONTACT = 'b9e511ba-88ee-4ab3-b99e-6238d267657e';
const BILL = '5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const OTHER_BILL = '6e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const change = { sourceKey: NOTE } as SyncPendingChange;

const row = (extra: Record<string, unknown> = {}) => ({
  creditNoteID: NOTE,
  type: 'ACCPAYCREDIT',
  status: 'AUTHORISED',
  creditNoteNumber: 'SCN-7',
  date: '2026-11-27T00:00:00',
  currencyCode: 'NZD',
  total: 13.5,
  totalTax: 1.5,
  contact: { contactID: CONTACT.toUpperCase(), name: 'Acme' },
  ...extra,
});

const allocatedTo = (...ids: string[]) => ({
  allocations: ids.map((id) => ({ amount: 1, invoice: { invoiceID: id.toUpperCase() } })),
});

const known = (over: Partial<KnownCreditNotes> = {}): KnownCreditNotes => ({
  linked: new Map(),
  suppliers: new Map([[CONTACT, 'SP01']]),
  bills: new Map([[BILL, 'PIHNZ0110001']]),
  billsOnTheirWay: new Set(),
  ...over,
});

describe('planCreditNote', () => {
  it("carries an approved supplier credit note under the supplier's X3 code and its number", () => {
    expect(planCreditNote(change, row(), known())).toEqual({
      kind: 'carry',
      supplier: 'SP01',
      number: 'SCN-7',
      notes: [],
    });
    expect(planCreditNote(change, row({ status: 'PAID' }), known())).toMatchObject({ kind: 'carry' });
  });

  it('names the X3 invoice of the one linked bill it is allocated to; says why it names none otherwise', () => {
    expect(planCreditNote(change, row(allocatedTo(BILL)), known())).toMatchObject({
      kind: 'carry',
      originalInvoice: 'PIHNZ0110001',
      notes: [],
    });
    const unlinked = planCreditNote(change, row(allocatedTo(OTHER_BILL)), known());
    expect(unlinked).toMatchObject({ kind: 'carry', notes: [expect.stringMatching(/not linked/)] });
    expect(unlinked).not.toHaveProperty('originalInvoice');
    const two = planCreditNote(change, row(allocatedTo(BILL, OTHER_BILL)), known());
    expect(two).toMatchObject({ kind: 'carry', notes: [expect.stringMatching(/allocated to 2 bills/)] });
    expect(two).not.toHaveProperty('originalInvoice');
    // the bill is being carried to X3 now: the note waits for its link
    expect(
      planCreditNote(change, row(allocatedTo(OTHER_BILL)), known({ billsOnTheirWay: new Set([OTHER_BILL]) })),
    ).toEqual({
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: `bill:${OTHER_BILL}` },
    });
    // a deleted allocation names nothing
    const deleted = { allocations: [{ isDeleted: true, invoice: { invoiceID: BILL } }] };
    expect(planCreditNote(change, row(deleted), known())).toEqual({
      kind: 'carry',
      supplier: 'SP01',
      number: 'SCN-7',
      notes: [],
    });
  });

  it('skips a sales credit note, a draft and one voided before X3; checks a linked one; holds a linked one voided', () => {
    expect(planCreditNote(change, row({ type: 'ACCRECCREDIT' }), known())).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped' } },
    });
    for (const status of ['DRAFT', 'SUBMITTED', 'VOIDED', 'DELETED']) {
      expect(planCreditNote(change, row({ status }), known())).toMatchObject({
        settlement: { kind: 'done', outcome: { action: 'skipped' } },
      });
    }
    const k = known({ linked: new Map([[NOTE, 'PIHNZ0110009']]) });
    expect(planCreditNote(change, row(), k)).toEqual({ kind: 'check', x3Key: 'PIHNZ0110009' });
    expect(planCreditNote(change, row({ status: 'VOIDED' }), k)).toMatchObject({
      settlement: { kind: 'held', outcome: { targetId: 'PIHNZ0110009' } },
    });
  });

  it('waits on the supplier code its contact would get, and holds a note without a number', () => {
    const contact = { contactID: 'AB12CD34-0000-4000-8000-000000000000', contactNumber: 'c-9' };
    expect(planCreditNote(change, row({ contact }), known())).toEqual({
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: 'supplier:C_9' },
      pullContact: 'ab12cd34-0000-4000-8000-000000000000',
    });
    expect(planCreditNote(change, row({ creditNoteNumber: '' }), known())).toMatchObject({
      settlement: { kind: 'held' },
    });
  });
});

describe('creditNoteDifferences', () => {
  const memo = (extra: Record<string, unknown> = {}) =>
    ({
      _id: 'PIHNZ0110009',
      _createStamp: '2026-11-27T00:00:00Z',
      _updateStamp: '2026-11-27T00:00:00Z',
      supplierDocumentNumber: 'SCN-7',
      currency: { _id: 'NZD' },
      totalTaxAmount: '1.50',
      totalAmountIncludingTax: '13.50',
      ...extra,
    }) as X3Record;

  it('agrees when number, currency and totals do; a note written from X3 carries the X3 number', () => {
    expect(creditNoteDifferences(memo(), row())).toEqual([]);
    expect(creditNoteDifferences(memo(), row({ creditNoteNumber: 'PIHNZ0110009', reference: 'SCN-7' }))).toEqual([]);
    expect(creditNoteDifferences(memo(), row({ total: 17.25, totalTax: 2.25 }))).toEqual([
      'tax 2.25 in Xero, 1.50 in X3',
      'total 17.25 in Xero, 13.50 in X3',
    ]);
    expect(creditNoteDifferences(memo(), row({ creditNoteNumber: 'SCN-8' }))).toEqual([
      'credit note number SCN-8 in Xero, SCN-7 in X3',
    ]);
  });
});
