import { blockerOf, ledgerDate } from './xero-ledger';

describe('what a resync leaves alone', () => {
  const ledger = { baseCurrency: 'NZD', lockDate: '2026-03-31', lockDates: { periodLockDate: '2026-03-31' } };

  it('skips paid, part-paid and credited documents', () => {
    expect(blockerOf({ status: 'PAID', date: '2026-06-01' }, ledger)?.reason).toBe('paid');
    expect(blockerOf({ status: 'AUTHORISED', amountPaid: 50, date: '2026-06-01' }, ledger)?.reason).toBe('paid');
    expect(blockerOf({ status: 'AUTHORISED', amountCredited: '0.01', date: '2026-06-01' }, ledger)?.reason).toBe(
      'paid',
    );
  });

  it('skips voided documents and those dated on or before the lock date', () => {
    expect(blockerOf({ status: 'VOIDED', date: '2026-06-01' }, ledger)?.reason).toBe('voided');
    expect(blockerOf({ status: 'AUTHORISED', date: '2026-03-31T00:00:00' }, ledger)).toMatchObject({
      reason: 'locked',
      detail: 'Dated 2026-03-31, on or before the lock date 2026-03-31',
    });
    expect(blockerOf({ status: 'AUTHORISED', amountPaid: 0, date: '2026-04-01' }, ledger)).toBeUndefined();
    expect(blockerOf({ status: 'DRAFT', date: '2020-01-01' }, { ...ledger, lockDate: undefined })).toBeUndefined();
  });

  it("reads Xero's date forms as ledger dates", () => {
    expect(ledgerDate('/Date(1795996800000+0000)/')).toBe('2026-11-30');
    expect(ledgerDate('2026-11-30T00:00:00')).toBe('2026-11-30');
    expect(ledgerDate(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
    expect(ledgerDate('not a date')).toBeUndefined();
  });
});
