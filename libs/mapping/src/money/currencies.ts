import type { CurrencyCode, DecimalString } from '../canonical';
import { Dec, toDec, toDecimalString } from './decimal';
import { MoneyRuleError } from './errors';

// Minor units (decimal places) per ISO 4217 currency: the "minor unit" column of ISO 4217 list
// one (SIX Group, maintenance agency; the same exponents in the OPC UA CurrencyUnitType table,
// reference.opcfoundation.org/Core/Part3/8.61, and the iso4217 data package). Only the currencies
// that are not 2 places are listed; every other well-formed code is 2.
const NOT_TWO_PLACES: Readonly<Record<CurrencyCode, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/**
 * Xero keeps every amount (line amounts, tax, totals) to 2 places whatever the currency: "All
 * monetary calculations in Xero are to two decimals places" (developer.xero.com, Rounding in Xero).
 * A JPY amount in whole yen is therefore exact in Xero; a KWD amount to 3 places is not.
 */
export const XERO_AMOUNT_DP = 2;

export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code);
}

/** Places per currency where a ledger differs from ISO 4217 (X3 CURDEC; AdapterContext.currencyDecimals). */
export type CurrencyDecimals = Readonly<Record<CurrencyCode, number>>;

/** Decimal places of a currency's minor unit: JPY 0, KWD/BHD 3, most 2 (unless the ledger says otherwise). */
export function minorUnits(currency: CurrencyCode, overrides?: CurrencyDecimals): number {
  if (!isCurrencyCode(currency)) {
    throw new MoneyRuleError('currency', 'unknown-currency', `'${String(currency)}' is not an ISO 4217 code`);
  }
  return overrides?.[currency] ?? NOT_TWO_PLACES[currency] ?? 2;
}

/** Rounds half-up (ties away from zero, as X3 and Xero do) to the currency's minor unit. */
export function roundMoney(
  value: DecimalString | number | Dec,
  currency: CurrencyCode,
  overrides?: CurrencyDecimals,
): Dec {
  return toDec(value).toDecimalPlaces(minorUnits(currency, overrides), Dec.ROUND_HALF_UP);
}

/** An amount as text at exactly the currency's places: '920.00', '1000', '1.250'. */
export function formatMoney(
  value: DecimalString | number | Dec,
  currency: CurrencyCode,
  overrides?: CurrencyDecimals,
): DecimalString {
  return toDecimalString(roundMoney(value, currency, overrides), minorUnits(currency, overrides));
}

/** True when the amount has no more places than the currency allows. */
export function isRoundedTo(
  value: DecimalString | number | Dec,
  currency: CurrencyCode,
  overrides?: CurrencyDecimals,
): boolean {
  const d = toDec(value);
  return d.equals(d.toDecimalPlaces(minorUnits(currency, overrides)));
}
