// Money as integers of minor units (BigInt), for the per-line tax arithmetic that runs for every
// line of every document: exact, and far cheaper than decimal.js for amounts already rounded to
// the currency. Text in and out is canonical DecimalString.
import type { DecimalString } from '../../canonical';

const MONEY = /^(-?)(\d+)(?:\.(\d+))?$/;

/** '-12.3' at 2 places → -1230n; undefined when the text has more places than `decimals`. */
export function toMinor(amount: DecimalString, decimals: number): bigint | undefined {
  const m = MONEY.exec(amount);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > decimals && !/^0*$/.test(frac.slice(decimals))) return undefined;
  const digits = m[2] + frac.slice(0, decimals).padEnd(decimals, '0');
  const value = BigInt(digits);
  return m[1] === '-' ? -value : value;
}

/** -1230n at 2 places → '-12.30' (always exactly `decimals` places). */
export function fromMinor(value: bigint, decimals: number): DecimalString {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const text = decimals === 0 ? int : `${int}.${digits.slice(digits.length - decimals)}`;
  return negative ? `-${text}` : text;
}

/** n / d rounded half away from zero (X3's ROUND_HALF_UP on amounts). */
export function divideRounded(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < (d < 0n ? -d : d)) return q;
  return n < 0n !== d < 0n ? q - 1n : q + 1n;
}
