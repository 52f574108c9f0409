// Reading X3 values into canonical ones. The connector hands references over flattened to their
// key ('EUR'), or as a nested object when it selects more than the key ({ code, accountingCode });
// decimals as strings or numbers. Everything here is pure and allocation-light: it runs per field.
import Decimal from 'decimal.js';
import type { DecimalString, IsoDate } from '../../canonical';
import type { X3Shape } from '../adapter-contract';

/** A record's nested lines (the connector always moves a node's collection to `lines`). */
export function linesOf(record: X3Shape, field = 'lines'): X3Shape[] {
  const value = record[field];
  return Array.isArray(value) ? (value as X3Shape[]) : [];
}

/** The key of a reference: 'EUR', { _id: 'EUR' } or { code: 'EUR', ... } all give 'EUR'. */
export function refKey(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const ref = value as { code?: unknown; _id?: unknown; id?: unknown };
    return refKey(ref.code ?? ref._id ?? ref.id);
  }
  return undefined;
}

/** One property of a nested reference ({ code, accountingCode }), absent when the ref is a bare key. */
export function refProp(value: unknown, prop: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return text((value as Record<string, unknown>)[prop]);
}

/** A non-empty string, or undefined (X3 returns '' for an unset text field). */
export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  return s === undefined || s === '' ? undefined : s;
}

export function requiredText(value: unknown, field: string): string {
  const s = refKey(value);
  if (s === undefined) throw new Error(`X3 record: ${field} is missing`);
  return s;
}

/** A decimal from X3 (string or number), as decimal.js; '' and absent are undefined. */
export function decimalOf(value: unknown): Decimal | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return new Decimal(value);
}

/** Canonical text of a decimal: plain digits, no exponent, no trailing zeros ('4.125', '-0.5'). */
export function decimalText(value: Decimal): DecimalString {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * The canonical text of a plain decimal string by one scan, without decimal.js ('0012.5000' →
 * '12.5', '-0.00' → '0'): most X3 values are plain, and this runs per field of every record.
 * Undefined for anything else (exponent form, '.5', junk), which then goes through decimal.js.
 */
function plainText(s: string): DecimalString | undefined {
  const n = s.length;
  const sign = s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let dot = -1;
  for (let k = sign; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 46 && dot < 0) dot = k;
    else if (c < 48 || c > 57) return undefined;
  }
  if (n === sign || dot === sign || dot === n - 1) return undefined;
  const intEnd = dot < 0 ? n : dot;
  let start = sign;
  while (start < intEnd - 1 && s.charCodeAt(start) === 48) start++;
  let end = n;
  if (dot >= 0) {
    while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
    if (end === dot + 1) end = dot;
  }
  if (start === sign && end === n) return s === '-0' ? '0' : s;
  const body = s.slice(start, end);
  return body === '0' ? '0' : sign ? `-${body}` : body;
}

/** Quantities, prices, rates: the exact value, normalised. */
export function dec(value: unknown): DecimalString | undefined {
  if (typeof value === 'string' && value !== '') return plainText(value) ?? decimalText(new Decimal(value));
  const d = decimalOf(value);
  return d === undefined ? undefined : decimalText(d);
}

export function decOrZero(value: unknown): DecimalString {
  return dec(value) ?? '0';
}

/** Pads canonical decimal text to at least `decimals` places ('82.5' → '82.50', '0' → '0.00'). */
function padded(text: DecimalString, decimals: number): DecimalString {
  const dot = text.indexOf('.');
  const places = dot < 0 ? 0 : text.length - dot - 1;
  if (places >= decimals) return text;
  return (dot < 0 ? `${text}.` : text) + '0'.repeat(decimals - places);
}

/** Money: at least the currency's decimals ('82.50', JPY '1200'), never fewer digits than given. */
export function money(value: Decimal, decimals: number): DecimalString {
  return padded(decimalText(value), decimals);
}

export function moneyOf(value: unknown, decimals: number): DecimalString | undefined {
  const d = dec(value);
  return d === undefined ? undefined : padded(d, decimals);
}

/** 'YYYY-MM-DD' from an X3 date (or the date part of a datetime). */
export function dateOf(value: unknown): IsoDate | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(s);
  if (!match) throw new Error(`X3 record: '${s}' is not a date`);
  return match[0];
}

export function boolOf(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  // GraphQL gives booleans; X3's classic local menu 1 is "No" and 2 is "Yes".
  if (value === 'true' || value === 2 || value === '2') return true;
  if (value === 'false' || value === 1 || value === '1') return false;
  return fallback;
}

/** Sets an optional property only when it has a value (no undefined keys in outputs). */
export function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * A copy without the undefined properties, so outputs hash and compare the same whatever was
 * absent (a copy, not `delete`, which would leave V8 a slow dictionary-mode object).
 */
export function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
