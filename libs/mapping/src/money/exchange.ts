import type { CurrencyCode, DecimalString, ExchangeRate } from '../canonical';
import { CurrencyDecimals, formatMoney, minorUnits, roundMoney } from './currencies';
import { Dec, toDec, toDecimalString } from './decimal';
import { MoneyRuleError } from './errors';
import { divHalfUp, formatUnits, parseScaled, pow10, type Scaled, unitsAt } from './scaled';

// Exchange rates in the two directions. X3 (CHGRAT) and the canonical model: base-currency units
// for one document-currency unit. Xero (CurrencyRate): document-currency units for one base unit,
// kept to 6 decimal places; Xero books base = document amount / CurrencyRate.

export const XERO_RATE_DP = 6;
/** Places kept when a Xero CurrencyRate is turned back into X3's direction (1 / rate is rarely finite). */
export const X3_RATE_DP = 10;

const positiveRate = (value: DecimalString | number | Dec, field: string): Dec => {
  const rate = toDec(value, field);
  if (rate.lte(0)) throw new MoneyRuleError(field, 'non-positive-rate', `${field} must be greater than zero`);
  return rate;
};

/** 1 / X3 rate, to 6 places half-up: 0.92 EUR per USD → CurrencyRate 1.086957. */
export function xeroRateFromX3(x3Rate: DecimalString | number | Dec): Dec {
  return new Dec(1).div(positiveRate(x3Rate, 'exchangeRate.rate')).toDecimalPlaces(XERO_RATE_DP, Dec.ROUND_HALF_UP);
}

/** 1 / Xero CurrencyRate, to X3_RATE_DP places: the canonical (X3-direction) rate of a Xero document. */
export function x3RateFromXero(xeroRate: DecimalString | number | Dec): Dec {
  return new Dec(1).div(positiveRate(xeroRate, 'currencyRate')).toDecimalPlaces(X3_RATE_DP, Dec.ROUND_HALF_UP);
}

/** X3's base amount of a document amount: amount × rate, rounded to the base currency. */
export function x3BaseAmount(
  amount: DecimalString | Dec,
  x3Rate: DecimalString | Dec,
  baseCurrency: CurrencyCode,
  decimals?: CurrencyDecimals,
): Dec {
  return roundMoney(toDec(amount).times(toDec(x3Rate)), baseCurrency, decimals);
}

/** The base amount Xero books for a document amount at a CurrencyRate: amount / rate, rounded. */
export function xeroBaseAmount(
  amount: DecimalString | number | Dec,
  currencyRate: DecimalString | number | Dec,
  baseCurrency: CurrencyCode,
  decimals?: CurrencyDecimals,
): Dec {
  return roundMoney(toDec(amount).div(positiveRate(currencyRate, 'currencyRate')), baseCurrency, decimals);
}

export interface XeroRateChoice {
  /** The CurrencyRate to send, 6 places. */
  currencyRate: DecimalString;
  /** X3's base amount of the document (given, or total × X3 rate). */
  x3BaseAmount: DecimalString;
  /** What Xero will book in base currency at currencyRate. */
  xeroBaseAmount: DecimalString;
  /** xeroBaseAmount − x3BaseAmount: a currency rounding difference reconciliation reports. */
  baseDifference: DecimalString;
  /** Whether currencyRate is simply 1 / X3's rate rounded (else it was moved to fit the base amount). */
  isInverseOfX3Rate: boolean;
}

export interface RateChoiceInput {
  currency: CurrencyCode;
  baseCurrency: CurrencyCode;
  /** Document total in its own currency. */
  total: DecimalString;
  exchangeRate?: ExchangeRate;
  /** X3's own base-currency total, when the source gives it. */
  baseTotal?: DecimalString;
  /** Ledger places per currency where they differ from ISO 4217. */
  currencyDecimals?: CurrencyDecimals;
}

/**
 * The 6-place CurrencyRate whose Xero base amount is closest to X3's. Xero's base amount falls as
 * the rate rises, so the best rates are the two 6-place neighbours of total / X3 base (every rate
 * further out books a base amount at least as far off); 1 / X3 rate is kept whenever it does as
 * well, and among rates that do equally well the one nearest 1 / X3 rate. Undefined for a base-currency document. A foreign-currency document without a rate, or at
 * rate 1, is refused: Xero would book it at its own day rate or at par.
 */
export function chooseXeroCurrencyRate(input: RateChoiceInput): XeroRateChoice | undefined {
  if (input.currency === input.baseCurrency) return undefined;
  const rate = input.exchangeRate;
  if (!rate) {
    throw new MoneyRuleError(
      'exchangeRate',
      'missing-exchange-rate',
      `a ${input.currency} document in a ${input.baseCurrency} ledger needs its exchange rate`,
    );
  }
  if (rate.baseCurrency !== input.baseCurrency) {
    throw new MoneyRuleError(
      'exchangeRate.baseCurrency',
      'missing-exchange-rate',
      `the rate is to ${rate.baseCurrency}, the ledger is in ${input.baseCurrency}`,
    );
  }
  const fast = chooseRateInUnits(input, rate.rate);
  if (fast) return fast;
  const x3Rate = positiveRate(rate.rate, 'exchangeRate.rate');
  if (x3Rate.equals(1)) {
    throw new MoneyRuleError(
      'exchangeRate.rate',
      'foreign-currency-at-rate-one',
      `a ${input.currency} document is never sent to a ${input.baseCurrency} ledger at rate 1`,
    );
  }
  return chooseXeroCurrencyRateWithDecimals(input, x3Rate);
}

/** The decimal.js form of the choice (after the checks above): the reference for the integer form. */
export function chooseXeroCurrencyRateWithDecimals(input: RateChoiceInput, x3Rate: Dec): XeroRateChoice {
  const total = toDec(input.total, 'totals.total');
  const decimals = input.currencyDecimals;
  const target =
    input.baseTotal !== undefined
      ? roundMoney(toDec(input.baseTotal, 'baseTotal'), input.baseCurrency, decimals)
      : x3BaseAmount(total, x3Rate, input.baseCurrency, decimals);
  const inverse = xeroRateFromX3(x3Rate);
  const candidates = [inverse, ...neighbourRates(total, target)];
  const off = (r: Dec) => xeroBaseAmount(total, r, input.baseCurrency, decimals).minus(target).abs();
  // ties (several rates book the same base) go to the rate nearest X3's own
  const exactInverse = new Dec(1).div(x3Rate);
  const better = (a: Dec, b: Dec) =>
    off(b).lt(off(a)) || (off(b).equals(off(a)) && b.minus(exactInverse).abs().lt(a.minus(exactInverse).abs()));
  const best = candidates.reduce((a, b) => (better(a, b) ? b : a));
  const booked = xeroBaseAmount(total, best, input.baseCurrency, decimals);
  const dp = minorUnits(input.baseCurrency, decimals);
  return {
    currencyRate: toDecimalString(best, XERO_RATE_DP),
    x3BaseAmount: formatMoney(target, input.baseCurrency, decimals),
    xeroBaseAmount: formatMoney(booked, input.baseCurrency, decimals),
    baseDifference: toDecimalString(booked.minus(target), dp),
    isInverseOfX3Rate: best.equals(inverse),
  };
}

/** The 6-place rates just below and above total / base (the rate that books base exactly). */
function neighbourRates(total: Dec, base: Dec): Dec[] {
  if (total.isZero() || base.isZero() || total.isNegative() !== base.isNegative()) return [];
  const exact = total.div(base);
  return [
    exact.toDecimalPlaces(XERO_RATE_DP, Dec.ROUND_FLOOR),
    exact.toDecimalPlaces(XERO_RATE_DP, Dec.ROUND_CEIL),
  ].filter((r) => r.gt(0));
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * chooseXeroCurrencyRate's choice in integer units (rates in 10^-6, amounts in the base
 * currency's minor units), for plain decimal text; undefined leaves it to decimal.js.
 */
export function chooseRateInUnits(input: RateChoiceInput, x3RateText: DecimalString): XeroRateChoice | undefined {
  const x3 = parseScaled(x3RateText);
  const total = parseScaled(input.total);
  const given = input.baseTotal === undefined ? undefined : parseScaled(input.baseTotal);
  if (!x3 || !total || (input.baseTotal !== undefined && !given)) return undefined;
  // a rate that is not positive, is 1, or so large that 1 / rate is 0 at 6 places: decimal.js says why
  if (x3.units <= 0n || x3.units === pow10(x3.scale)) return undefined;
  const dp = minorUnits(input.baseCurrency, input.currencyDecimals);
  const target: bigint = given
    ? unitsAt(given, dp)
    : unitsAt({ units: total.units * x3.units, scale: total.scale + x3.scale }, dp);
  // 1 / rate at 6 places: 10^(r+6) / R
  const inverse = divHalfUp(pow10(x3.scale + XERO_RATE_DP), x3.units);
  if (inverse === 0n) return undefined;
  // base Xero books at a 6-place rate r: total / (r / 10^6), in base minor units
  const booked = (r6: bigint) => divHalfUp(total.units * pow10(XERO_RATE_DP + dp), r6 * pow10(total.scale));
  const off = (r6: bigint) => abs(booked(r6) - target);
  // distance to the exact 1 / X3 rate, over the common denominator R·10^6
  const fromInverse = (r6: bigint) => abs(r6 * x3.units - pow10(x3.scale + XERO_RATE_DP));
  const candidates = [inverse, ...neighbourUnits(total, target, dp)];
  let best = candidates[0];
  for (const r of candidates.slice(1)) {
    const [ob, or] = [off(best), off(r)];
    if (or < ob || (or === ob && fromInverse(r) < fromInverse(best))) best = r;
  }
  const bookedBest = booked(best);
  return {
    currencyRate: formatUnits(best, XERO_RATE_DP),
    x3BaseAmount: formatUnits(target, dp),
    xeroBaseAmount: formatUnits(bookedBest, dp),
    baseDifference: formatUnits(bookedBest - target, dp),
    isInverseOfX3Rate: best === inverse,
  };
}

/** The 6-place rates just below and above total / base, in 10^-6 units. */
function neighbourUnits(total: Scaled, base: bigint, dp: number): bigint[] {
  if (total.units === 0n || base === 0n || total.units < 0n !== base < 0n) return [];
  const n = abs(total.units) * pow10(dp + XERO_RATE_DP);
  const d = abs(base) * pow10(total.scale);
  const floor = n / d;
  const ceil = n % d === 0n ? floor : floor + 1n;
  return [floor, ceil].filter((r) => r > 0n);
}
