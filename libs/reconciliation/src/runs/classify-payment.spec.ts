import { classify, SideValues } from './classify';

const payment = (over: Partial<SideValues> = {}): SideValues => ({
  recordKey: 'k',
  counterparty: 'C001',
  documentDate: '2026-11-30',
  currency: 'NZD',
  total: '115.00',
  amountDue: null,
  status: 'authorised',
  ...over,
});

describe('classify: payments', () => {
  it('agrees on one amount whatever the decimal text', () => {
    expect(classify('payment', [payment()], [payment({ total: '115' })])).toBeNull();
  });

  it('carries a missing side through the sync', () => {
    expect(classify('payment', [payment({ recordKey: 'PAY1' })], [])).toMatchObject({
      differenceClass: 'missingInXero',
      fix: { action: 'resend-x3', target: 'PAY1' },
    });
    expect(classify('payment', [], [payment({ recordKey: 'xero-id' })])).toMatchObject({
      differenceClass: 'missingInX3',
      fix: { action: 'create-in-x3', target: 'xero-id' },
    });
  });

  it('never proposes an edit of a Xero payment: amount, currency, deletion and duplicates are for an accountant', () => {
    const cases: Array<[SideValues[], SideValues[], string]> = [
      [[payment()], [payment({ total: '115.01' })], 'rounding'],
      [[payment()], [payment({ total: '100.00' })], 'amount'],
      [[payment()], [payment({ currency: 'AUD' })], 'currency'],
      [[payment()], [payment({ status: 'deleted' })], 'status'],
      [[payment()], [payment({ recordKey: 'a' }), payment({ recordKey: 'b' })], 'duplicate'],
    ];
    for (const [x3, xero, cls] of cases) {
      const c = classify('payment', x3, xero);
      expect([cls, c?.differenceClass, c?.fix.action]).toEqual([cls, cls, 'none']);
    }
    // a deleted extra copy is no duplicate
    expect(classify('payment', [payment()], [payment({ recordKey: 'a', status: 'deleted' }), payment()])).toBeNull();
  });
});
