// The CurrencyRate of each Xero Payment a foreign X3 payment becomes. Xero books a payment's bank
// line at amount / CurrencyRate; 1 / X3's rate to 6 places drifts from X3's own ledger amount on
// large payments (0.13 NZD on 100,000 USD at 1.75). So, when X3 gives its ledger amount, each
// part's rate is fitted (chooseXeroCurrencyRate) to that part's share of it — the last part of a
// fully allocated payment takes what the others leave — and Xero's bank total is X3's to the cent.
import type { Payment } from '../../canonical';
import { chooseXeroCurrencyRate, Dec, roundMoney, sumDec, toDec, xeroRateFromX3 } from '../../money';
import type { AdapterContext } from '../adapter-contract';

export function paymentPartRates(p: Payment, parts: Dec[], ctx: AdapterContext): Array<string | undefined> {
  if (p.currency === ctx.baseCurrency || !p.exchangeRate) return parts.map(() => undefined);
  const plain = xeroRateFromX3(p.exchangeRate.rate).toFixed();
  const total = toDec(p.amount);
  if (p.baseAmount === undefined || total.isZero()) return parts.map(() => plain);
  const base = toDec(p.baseAmount).abs();
  const whole = sumDec(parts).equals(total);
  let given = new Dec(0);
  return parts.map((amount, i) => {
    const share =
      whole && i === parts.length - 1
        ? base.minus(given)
        : roundMoney(amount.times(base).div(total), ctx.baseCurrency, ctx.currencyDecimals);
    given = given.plus(share);
    if (amount.isZero() || share.lte(0)) return plain;
    return chooseXeroCurrencyRate({
      currency: p.currency,
      baseCurrency: ctx.baseCurrency,
      total: amount.toFixed(),
      exchangeRate: p.exchangeRate,
      baseTotal: share.toFixed(),
      currencyDecimals: ctx.currencyDecimals,
    })!.currencyRate;
  });
}
