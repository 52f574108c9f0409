import { instantOf, isSameRecord, outcomesFromResponse, updateLanded } from './batch-outcomes';
import { spec } from '../operations/entity-catalog';

describe('isSameRecord: after an unclear write, a record Xero holds counts as ours only when it is', () => {
  const bill = {
    type: 'ACCPAY',
    invoiceNumber: 'SUP-100',
    reference: 'PIH0001',
    contact: { contactID: 'c-1', contactNumber: 'SUP01' },
  };

  it('the same type, contact and our X3 key', () => {
    expect(isSameRecord(bill, { ...bill, invoiceID: 'x', status: 'AUTHORISED' })).toBe(true);
  });

  it('not a bill of another supplier that happens to carry the same supplier number', () => {
    expect(isSameRecord(bill, { ...bill, contact: { contactID: 'c-2' } })).toBe(false);
  });

  it('not one without our key in Reference (InvoiceNumber alone is not unique for bills)', () => {
    expect(isSameRecord(bill, { ...bill, reference: '' })).toBe(false);
    expect(isSameRecord(bill, { ...bill, reference: 'PIH0002' })).toBe(false);
  });

  it('a deletion only when Xero holds the record deleted (a draft an invoice took over)', () => {
    const deletion = { invoiceID: 'd-1', type: 'ACCREC', reference: 'SOH001', status: 'DELETED' };
    expect(isSameRecord(deletion, { ...deletion, status: 'DELETED', invoiceNumber: 'INV-0001' })).toBe(true);
    expect(isSameRecord(deletion, { ...deletion, status: 'DRAFT' })).toBe(false);
  });

  it('a draft rewritten by id (an order reduced to its remainder) only when Xero holds the lines sent', () => {
    const line = { quantity: '1.0000', unitAmount: '19.99', lineAmount: '19.99' };
    const draft = { invoiceID: 'd-1', type: 'ACCREC', reference: 'SOH001', status: 'DRAFT', lineItems: [line] };
    const held = { ...line, quantity: 1, unitAmount: 19.99, lineAmount: 19.99 };
    expect(isSameRecord(draft, { ...draft, lineItems: [held] })).toBe(true);
    expect(isSameRecord(draft, { ...draft, lineItems: [{ ...held, quantity: 3, lineAmount: 59.97 }] })).toBe(false);
    expect(isSameRecord(draft, { ...draft, lineItems: undefined })).toBe(false);
    expect(isSameRecord(draft, { ...draft, lineItems: [held], invoiceID: 'd-2' })).toBe(false);
  });

  it('not a sales invoice of that number', () => {
    expect(isSameRecord(bill, { ...bill, type: 'ACCREC' })).toBe(false);
  });

  it('by contact number when we sent no contact id, and only by fields we sent', () => {
    const invoice = { type: 'ACCREC', invoiceNumber: 'FAC1', contact: { contactNumber: 'C1' } };
    expect(
      isSameRecord(invoice, { ...invoice, reference: 'anything', contact: { contactID: 'z', contactNumber: 'C1' } }),
    ).toBe(true);
    expect(isSameRecord(invoice, { ...invoice, contact: { contactID: 'z', contactNumber: 'C2' } })).toBe(false);
  });

  it('a journal by its Narration (it has no other key), a payment by the document it pays', () => {
    expect(isSameRecord({ narration: 'X3 JE0001' }, { narration: 'X3 JE0002' })).toBe(false);
    const payment = { reference: 'PAY1', invoice: { invoiceID: 'i-1' } };
    expect(isSameRecord(payment, { ...payment })).toBe(true);
    expect(isSameRecord(payment, { ...payment, invoice: { invoiceID: 'i-2' } })).toBe(false);
  });
});

describe('outcomesFromResponse keeps the stamp Xero gave each written record', () => {
  it("as an ISO instant, from xero-node's Date or Xero's /Date()/ text; none when Xero gave none", () => {
    const sent = [{ contactNumber: 'C1' }, { contactNumber: 'C2' }, { contactNumber: 'C3' }];
    const body = {
      contacts: [
        { contactID: 'a1b2c3d4-0000-0000-0000-000000000001', updatedDateUTC: new Date('2026-11-30T10:00:00.123Z') },
        { contactID: 'a1b2c3d4-0000-0000-0000-000000000002', updatedDateUTC: '/Date(1764496800000+0000)/' },
        { contactID: 'a1b2c3d4-0000-0000-0000-000000000003' },
      ],
    };
    expect(outcomesFromResponse(spec('contacts'), sent, body).map((o) => o.updatedAt)).toEqual([
      '2026-11-30T10:00:00.123Z',
      new Date(1764496800000).toISOString(),
      null,
    ]);
  });

  it('reads zone-less ISO text as UTC and refuses what is no date', () => {
    expect(instantOf('2026-11-30T10:00:00')).toBe('2026-11-30T10:00:00.000Z');
    expect(instantOf('not a date')).toBeNull();
    expect(instantOf(new Date(Number.NaN))).toBeNull();
  });
});

describe('updateLanded: after an unclear update, the record found by its key counts only if the update shows', () => {
  const update = { contactID: 'c-1', contactNumber: 'C001', name: 'Acme Ltd', emailAddress: 'a@acme.test' };

  it('every text field sent reads as sent (Xero’s own fields and dates aside)', () => {
    const found = { ...update, updatedDateUTC: '2026-12-01T00:00:00Z', isCustomer: true };
    expect(updateLanded(update, found, 'contactID')).toBe(true);
    expect(
      updateLanded({ ...update, dueDate: '2026-12-31' }, { ...found, dueDate: '2026-12-31T00:00:00' }, 'contactID'),
    ).toBe(true);
  });

  it('not when a field still reads as before (the update never landed), nor for another record of that key', () => {
    expect(updateLanded(update, { ...update, name: 'Acme' }, 'contactID')).toBe(false);
    expect(updateLanded(update, { ...update, contactID: 'c-2' }, 'contactID')).toBe(false);
  });

  it('a create (no id sent) and a deletion are judged by isSameRecord alone', () => {
    const { contactID: _id, ...create } = update;
    expect(updateLanded(create, { ...update, name: 'Other' }, 'contactID')).toBe(true);
    expect(
      updateLanded({ invoiceID: 'd-1', status: 'DELETED' }, { invoiceID: 'd-1', status: 'DELETED' }, 'invoiceID'),
    ).toBe(true);
  });
});
