import { chooseXeroCurrencyRate, x3RateFromXero, xeroBaseAmount, xeroRateFromX3 } from './exchange';
import { MoneyRuleError } from './errors';

const usdInEur = (total: string, rate: string, baseTotal?: string) =>
  chooseXeroCurrencyRate({
    currency: 'USD',
    baseCurrency: 'EUR',
    total,
    exchangeRate: { baseCurrency: 'EUR', rate },
    ...(baseTotal ? { baseTotal } : {}),
  });

describe('exchange rates', () => {
  it("turns X3's rate (base per document unit) into Xero's CurrencyRate (document per base), 6 places", () => {
    expect(xeroRateFromX3('0.92').toFixed()).toBe('1.086957');
    expect(xeroRateFromX3('0.5').toFixed()).toBe('2');
    expect(x3RateFromXero('1.086957').toFixed()).toBe('0.9199995952');
  });

  it('computes base as Xero does: amount / CurrencyRate, rounded to the base currency', () => {
    expect(xeroBaseAmount('1000.00', '1.086957', 'EUR').toFixed(2)).toBe('920.00');
    expect(xeroBaseAmount('1000', '0.007', 'JPY').toFixed()).toBe('142857');
  });

  it("gives the issue's example: USD 1,000.00 at 0.92 EUR per USD is 1.086957 and 920.00 EUR", () => {
    expect(usdInEur('1000.00', '0.92')).toEqual({
      currencyRate: '1.086957',
      x3BaseAmount: '920.00',
      xeroBaseAmount: '920.00',
      baseDifference: '0.00',
      isInverseOfX3Rate: true,
    });
  });

  it('for USD 48,061.32 at 0.923967 picks the closest 6-place rate and states the cent left over', () => {
    const choice = usdInEur('48061.32', '0.923967')!;
    expect(choice.x3BaseAmount).toBe('44407.07');
    // one millionth of rate moves this base by about 4 cents: 1.082289 books 44407.10, 1.082290 44407.06
    expect(choice.currencyRate).toBe('1.082290');
    expect(choice.xeroBaseAmount).toBe('44407.06');
    expect(choice.baseDifference).toBe('-0.01');
    for (const other of ['1.082288', '1.082289', '1.082291', '1.082292']) {
      const off = xeroBaseAmount('48061.32', other, 'EUR').minus('44407.07').abs();
      expect(off.gte('0.01')).toBe(true);
    }
  });

  it("moves off 1 / X3 rate when another 6-place rate books X3's base exactly", () => {
    // 5,000.00 × 0.923967 = 4,619.835 → 4,619.84; 1 / 0.923967 → 1.082290 would book 4,619.83
    expect(xeroBaseAmount('5000.00', '1.082290', 'EUR').toFixed(2)).toBe('4619.83');
    expect(usdInEur('5000.00', '0.923967')).toEqual({
      currencyRate: '1.082289',
      x3BaseAmount: '4619.84',
      xeroBaseAmount: '4619.84',
      baseDifference: '0.00',
      isInverseOfX3Rate: false,
    });
  });

  it("aims at X3's own base total when the source gives it", () => {
    const choice = usdInEur('48061.32', '0.923967', '44407.09')!;
    expect(choice.currencyRate).toBe('1.082289');
    expect(choice.baseDifference).toBe('0.01');
  });

  it('needs no rate for a base-currency document', () => {
    expect(chooseXeroCurrencyRate({ currency: 'EUR', baseCurrency: 'EUR', total: '10.00' })).toBeUndefined();
  });

  it('refuses a foreign-currency document without a rate, at rate 1, or with a rate to another base', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof MoneyRuleError ? e.rule : 'other';
      }
      return 'accepted';
    };
    expect(refused(() => chooseXeroCurrencyRate({ currency: 'USD', baseCurrency: 'EUR', total: '1.00' }))).toBe(
      'missing-exchange-rate',
    );
    expect(refused(() => usdInEur('1.00', '1'))).toBe('foreign-currency-at-rate-one');
    expect(refused(() => usdInEur('1.00', '1.000'))).toBe('foreign-currency-at-rate-one');
    expect(refused(() => usdInEur('1.00', '0'))).toBe('non-positive-rate');
    expect(
      refused(() =>
        chooseXeroCurrencyRate({
          currency: 'USD',
          baseCurrency: 'EUR',
          total: '1.00',
          exchangeRate: { baseCurrency: 'GBP', rate: '0.8' },
        }),
      ),
    ).toBe('missing-exchange-rate');
  });

  it('keeps 1 / X3 rate for a zero total or a credit (negative) amount', () => {
    expect(usdInEur('0.00', '0.92')?.currencyRate).toBe('1.086957');
    const credit = usdInEur('-1000.00', '0.92')!;
    expect(credit.xeroBaseAmount).toBe('-920.00');
    expect(credit.baseDifference).toBe('0.00');
  });
});
