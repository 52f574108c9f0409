import fc from 'fast-check';
import { Dec } from './decimal';
import { chooseXeroCurrencyRate, xeroBaseAmount, xeroRateFromX3 } from './exchange';

// For any document total and X3 rate, no other 6-place CurrencyRate within ±1e-5 of the chosen
// one books a base amount closer to X3's.
const cents = fc.bigInt({ min: 1n, max: 10_000_000_000n }); // up to 100,000,000.00
const x3Rates = fc.integer({ min: 1_000, max: 500_000_000 }).map((micro) => new Dec(micro).div(1_000_000)); // 0.001 … 500

describe('the 6-place CurrencyRate choice (property)', () => {
  it('is optimal among the 6-place rates within ±1e-5, and says what Xero will book', () => {
    fc.assert(
      fc.property(cents, x3Rates, fc.constantFrom('EUR', 'JPY', 'KWD'), (amount, x3Rate, base) => {
        fc.pre(!x3Rate.equals(1));
        const total = new Dec(amount.toString()).div(100).toFixed(2);
        const choice = chooseXeroCurrencyRate({
          currency: 'USD',
          baseCurrency: base,
          total,
          exchangeRate: { baseCurrency: base, rate: x3Rate.toFixed() },
        })!;
        const target = new Dec(choice.x3BaseAmount);
        const chosen = new Dec(choice.currencyRate);
        const booked = xeroBaseAmount(total, chosen, base);
        expect(booked.toFixed()).toBe(new Dec(choice.xeroBaseAmount).toFixed());
        expect(booked.minus(target).toFixed()).toBe(new Dec(choice.baseDifference).toFixed());
        const best = booked.minus(target).abs();
        for (let k = -10; k <= 10; k++) {
          const other = chosen.plus(new Dec(k).div(1_000_000));
          if (other.lte(0)) continue;
          expect(xeroBaseAmount(total, other, base).minus(target).abs().gte(best)).toBe(true);
        }
        // 1 / X3 rate is kept whenever it does as well
        const inverse = xeroRateFromX3(x3Rate);
        if (xeroBaseAmount(total, inverse, base).minus(target).abs().equals(best)) {
          expect(choice.isInverseOfX3Rate).toBe(true);
        }
      }),
      { numRuns: 250 },
    );
  });
});
