// A payment's copies: from Xero as polled (the SDK's row) and as our write's answer is kept (its
// summary), and from X3 as the drain maps it — one key, one amount, the document's party and currency.
import { summaryOf } from '../../../connectors/xero/src/batches/batch-outcomes';
import { copyOfCanonical, copyOfXeroRow } from './ledger-copies';

const xeroPayment = {
  paymentID: '6A1F0E3C-1111-4222-8333-944455556666',
  reference: 'PAY-0042',
  date: '/Date(1796083200000+0000)/',
  amount: 115,
  status: 'AUTHORISED',
  invoice: {
    invoiceID: 'aaaaaaaa-1111-4222-8333-944455556666',
    currencyCode: 'NZD',
    contact: { contactID: 'c', contactNumber: 'C-1001', name: 'Acme' },
  },
};

describe('payment copies', () => {
  it('keeps a Xero payment under its Reference, with its document’s party and currency', () => {
    const expected = {
      side: 'xero',
      entity: 'payment',
      recordKey: '6a1f0e3c-1111-4222-8333-944455556666',
      matchKey: 'PAY-0042',
      counterparty: 'C-1001',
      documentDate: '2026-12-01',
      currency: 'NZD',
      total: '115',
      amountDue: null,
      status: 'authorised',
    };
    expect(copyOfXeroRow('payment', xeroPayment)).toEqual(expected);
    // our write's answer, as the drain keeps it: the same copy
    expect(copyOfXeroRow('payment', summaryOf(xeroPayment))).toEqual(expected);
    // no Reference (keyed in Xero): its id is its key until it is linked to an X3 payment
    expect(copyOfXeroRow('payment', { ...xeroPayment, reference: undefined })?.matchKey).toBe(expected.recordKey);
    expect(copyOfXeroRow('payment', { ...xeroPayment, paymentID: undefined })).toBeNull();
  });

  it('keeps an X3 payment under its key with its amount', () => {
    const copy = copyOfCanonical('x3', {
      entity: 'payment',
      key: 'PAY-0042',
      direction: 'received',
      partyKey: 'C_1001',
      date: '2026-12-01',
      currency: 'NZD',
      amount: '115.00',
      status: 'authorised',
      allocations: [],
    });
    expect(copy).toEqual({
      side: 'x3',
      entity: 'payment',
      recordKey: 'PAY-0042',
      matchKey: 'PAY-0042',
      counterparty: 'C_1001',
      documentDate: '2026-12-01',
      currency: 'NZD',
      total: '115.00',
      amountDue: null,
      status: 'authorised',
    });
  });
});
