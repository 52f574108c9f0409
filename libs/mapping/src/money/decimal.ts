import Decimal from 'decimal.js';
import type { DecimalString } from '../canonical';
import { MoneyRuleError } from './errors';
import { formatUnits, parseScaled, placesOf, unitsAt } from './scaled';

// Decimal arithmetic for money: a private decimal.js clone (the global one may be reconfigured by
// other code), 40 significant digits so no intermediate result of a ledger amount is ever cut, and
// half-up rounding (away from zero on .5, as X3 and Xero round amounts).
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && DECIMAL_TEXT.test(value);
}

/**
 * Reads a DecimalString ('1234.50', '-0.125'). Numbers are accepted only because xero-node types
 * money as number: they are read through their shortest text form (String(0.1) is '0.1'), never
 * through float arithmetic.
 */
export function toDec(value: DecimalString | number | Dec, field = 'amount'): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyRuleError(field, 'decimal-format', `${field} is not a finite number`);
    return new Dec(String(value));
  }
  if (!isDecimalString(value)) {
    throw new MoneyRuleError(field, 'decimal-format', `${field} '${String(value)}' is not a decimal like 1234.50`);
  }
  return new Dec(value);
}

/** Plain text with no exponent and no trailing zeros; '-0' becomes '0'. */
export function toDecimalString(value: Dec, dp?: number): DecimalString {
  const fixed = dp === undefined ? value.toFixed() : value.toFixed(dp);
  return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** The shortest text of a decimal: '1234.50' → '1234.5', '-0.00' → '0', '007' → '7'. */
export function normaliseDecimal(value: DecimalString | number): DecimalString {
  return toDecimalString(toDec(value));
}

export function sumDec(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Equality of two amounts as decimals ('1.50' equals '1.5'). */
export function sameAmount(a: DecimalString | number | Dec, b: DecimalString | number | Dec): boolean {
  return toDec(a).equals(toDec(b));
}

/**
 * The JavaScript number xero-node's models want, from a value already rounded to `dp` places:
 * through its fixed text, so it is the nearest double to that decimal and prints back as it.
 */
export function toWireNumber(value: Dec | DecimalString, dp: number): number {
  // plain text is rounded in integer units; its fixed text then parses to the same double
  if (typeof value === 'string') {
    const places = placesOf(value);
    if (places >= 0 && places <= dp) return Number(value);
    const scaled = places < 0 ? undefined : parseScaled(value);
    if (scaled) return Number(formatUnits(unitsAt(scaled, dp), dp));
  }
  return Number(toDec(value).toDecimalPlaces(dp, Dec.ROUND_HALF_UP).toFixed(dp));
}
