import type { Payment } from '../../canonical';
import { toDec, xeroBaseAmount } from '../../money';
import { paymentPartRates } from './payment-rates';

const ctx = { baseCurrency: 'NZD' };
const usd = (amount: string, baseAmount: string | undefined, rate: string): Payment => ({
  entity: 'payment',
  key: 'PAY1',
  direction: 'received',
  partyKey: 'C1',
  date: '2026-11-20',
  currency: 'USD',
  amount,
  exchangeRate: { baseCurrency: 'NZD', rate },
  ...(baseAmount ? { baseAmount } : {}),
  status: 'authorised',
  allocations: [],
});

describe("a foreign payment's CurrencyRate per Xero Payment", () => {
  it("books X3's ledger amount where 1 / X3's rate to 6 places misses it by a cent (656.95 USD at 1.70201)", () => {
    const p = usd('656.95', '1118.14', '1.70201');
    const [plain] = paymentPartRates({ ...p, baseAmount: undefined }, [toDec('656.95')], ctx);
    expect([plain, xeroBaseAmount('656.95', plain!, 'NZD').toFixed(2)]).toEqual(['0.587541', '1118.13']);
    const [fitted] = paymentPartRates(p, [toDec('656.95')], ctx);
    expect([fitted, xeroBaseAmount('656.95', fitted!, 'NZD').toFixed(2)]).toEqual(['0.587539', '1118.14']);
  });

  it('on a large payment no 6-place rate reaches the ledger amount: the closest one is sent (100,000 USD at 1.75)', () => {
    const p = usd('100000.00', '175000.00', '1.75');
    const [fitted] = paymentPartRates(p, [toDec('100000.00')], ctx);
    const off = (rate: string) => xeroBaseAmount('100000.00', rate, 'NZD').minus('175000.00').abs();
    for (const neighbour of ['0.571428', '0.571429', '0.571430']) expect(off(fitted!).lte(off(neighbour))).toBe(true);
    expect(off(fitted!).toFixed(2)).toBe('0.13'); // Xero keeps CurrencyRate to 6 places: [18].[6]
  });

  it('splits the ledger amount over the parts, the last taking what is left, so the parts add up to it', () => {
    const p = usd('1000.00', '1702.01', '1.70201');
    const parts = ['333.33', '333.33', '333.34'].map((a) => toDec(a));
    const rates = paymentPartRates(p, parts, ctx);
    const booked = parts.map((a, i) => xeroBaseAmount(a, rates[i]!, 'NZD'));
    expect(booked.map((b) => b.toFixed(2))).toEqual(['567.33', '567.33', '567.35']);
    expect(booked.reduce((s, b) => s.plus(b), toDec('0')).toFixed(2)).toBe('1702.01');
  });

  it('a part payment with money left unallocated fits its own share only; a base-currency payment has no rate', () => {
    const p = usd('500.00', '850.00', '1.7');
    const [rate] = paymentPartRates(p, [toDec('200.00')], ctx);
    expect(xeroBaseAmount('200.00', rate!, 'NZD').toFixed(2)).toBe('340.00');
    expect(paymentPartRates({ ...p, currency: 'NZD' }, [toDec('200.00')], ctx)).toEqual([undefined]);
  });
});
