import type { DecimalString } from '../canonical';

// Exact fixed-point money for the hot paths: a decimal is an integer count of 10^-scale units
// (BigInt, so no size limit and never a float). Plain decimal text is parsed once into units and
// scale; rounding is integer division with the remainder compared to half the divisor (half away
// from zero, as X3 and Xero round). Anything that is not plain decimal text is left to decimal.js
// (parseScaled answers undefined) so the callers keep their error messages.

export interface Scaled {
  units: bigint;
  scale: number;
}

const POW10: bigint[] = Array.from({ length: 48 }, (_, i) => 10n ** BigInt(i));

export function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;
const DOT = 46;

/** Units and scale of plain decimal text ('-12.340' → -12340n, 3), or undefined for anything else. */
export function parseScaled(text: string): Scaled | undefined {
  if (typeof text !== 'string') return undefined;
  const length = text.length;
  const negative = length > 0 && text.charCodeAt(0) === MINUS;
  const start = negative ? 1 : 0;
  let dot = -1;
  // up to 15 digits are gathered in a safe integer (exact); longer text goes through BigInt's parser
  let value = 0;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1 || i === start || i === length - 1) return undefined;
      dot = i;
    } else if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    else value = value * 10 + (c - DIGIT_0);
  }
  if (length === start) return undefined;
  const scale = dot === -1 ? 0 : length - dot - 1;
  const digits = length - start - (dot === -1 ? 0 : 1);
  let units: bigint;
  if (digits <= 15) units = BigInt(negative ? -value : value);
  else units = BigInt(dot === -1 ? text : text.slice(0, dot) + text.slice(dot + 1));
  return { units, scale };
}

/** Places after the point of plain decimal text ('12.340' → 3, '7' → 0), or -1 for anything else. */
export function placesOf(text: string): number {
  if (typeof text !== 'string') return -1;
  const length = text.length;
  const start = length > 0 && text.charCodeAt(0) === MINUS ? 1 : 0;
  let dot = -1;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1 || i === start || i === length - 1) return -1;
      dot = i;
    } else if (c < DIGIT_0 || c > DIGIT_9) return -1;
  }
  if (length === start) return -1;
  return dot === -1 ? 0 : length - dot - 1;
}

/** Units of a number's shortest text (xero-node types money as number); undefined for exponent forms. */
export function scaledOfNumber(value: number): Scaled | undefined {
  return Number.isFinite(value) ? parseScaled(String(value)) : undefined;
}

/** n / d rounded half away from zero (d ≠ 0). */
export function divHalfUp(n: bigint, d: bigint): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** The units of a value at `dp` places, rounded half away from zero when it has more. */
export function unitsAt(value: Scaled, dp: number): bigint {
  if (value.scale === dp) return value.units;
  if (value.scale < dp) return value.units * pow10(dp - value.scale);
  return divHalfUp(value.units, pow10(value.scale - dp));
}

/** Whether the value has no more than `dp` significant places. */
export function fitsPlaces(value: Scaled, dp: number): boolean {
  return value.scale <= dp || value.units % pow10(value.scale - dp) === 0n;
}

/** Text at exactly `scale` places ('-0' never appears: BigInt has no negative zero). */
export function formatUnits(units: bigint, scale: number): DecimalString {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** The shortest text: no trailing zeros after the point. */
export function shortestUnits(units: bigint, scale: number): DecimalString {
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return formatUnits(units, scale);
}

/** Equality of two scaled values as decimals ('1.50' equals '1.5'). */
export function sameScaled(a: Scaled, b: Scaled): boolean {
  if (a.scale === b.scale) return a.units === b.units;
  return a.scale < b.scale
    ? a.units * pow10(b.scale - a.scale) === b.units
    : a.units === b.units * pow10(a.scale - b.scale);
}

// The same in safe integers (numbers), for values of up to 15 digits: cheaper than BigInt where
// every product stays below 2^53; callers check with Number.isSafeInteger and fall back otherwise.

export interface SmallScaled {
  n: number;
  scale: number;
}

const SMALL_POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Like parseScaled, in a safe integer; undefined also for more than 15 digits. */
export function parseSmall(text: string): SmallScaled | undefined {
  if (typeof text !== 'string') return undefined;
  const length = text.length;
  const negative = length > 0 && text.charCodeAt(0) === MINUS;
  const start = negative ? 1 : 0;
  if (length === start || length - start > 16) return undefined;
  let dot = -1;
  let n = 0;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1 || i === start || i === length - 1) return undefined;
      dot = i;
    } else if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    else n = n * 10 + (c - DIGIT_0);
  }
  if (length - start - (dot === -1 ? 0 : 1) > 15) return undefined;
  return { n: negative ? -n : n, scale: dot === -1 ? 0 : length - dot - 1 };
}

/** 10^k as a number (k ≤ 15). */
export function smallPow10(k: number): number {
  return SMALL_POW10[k];
}

/**
 * n / d rounded half away from zero, for safe integers n and d ≠ 0: the remainder is exact, and
 * (n − r) / d divides exactly, so no float rounding enters.
 */
export function divHalfUpSmall(n: number, d: number): number {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const r = n % d;
  const q = (n - r) / d;
  if (r === 0) return q;
  if (Math.abs(r) * 2 < d) return q;
  return n < 0 ? q - 1 : q + 1;
}

/** Units at `dp` places (rounded half away from zero), or NaN when that leaves the safe range. */
export function smallUnitsAt(value: SmallScaled, dp: number): number {
  if (value.scale === dp) return value.n;
  if (value.scale > dp) return divHalfUpSmall(value.n, SMALL_POW10[value.scale - dp]);
  const units = value.n * (SMALL_POW10[dp - value.scale] ?? NaN);
  return Number.isSafeInteger(units) ? units : NaN;
}

export function smallFitsPlaces(value: SmallScaled, dp: number): boolean {
  return value.scale <= dp || value.n % SMALL_POW10[value.scale - dp] === 0;
}

/** The shortest text of a safe-integer count of 10^-scale units. */
export function shortestSmall(n: number, scale: number): DecimalString {
  while (scale > 0 && n % 10 === 0) {
    n /= 10;
    scale--;
  }
  const negative = n < 0;
  const digits = String(negative ? -n : n);
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}
