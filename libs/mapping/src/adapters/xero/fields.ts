import type { DecimalString, Dimensions, IsoDate } from '../../canonical';
import { toDec, toDecimalString, toWireNumber } from '../../money/decimal';
import { XeroAdapterError } from './xero-adapter-error';
import type { XeroDate, XeroTracking } from './xero-shapes';

// Small conversions every Xero adapter uses: limits, dates, money at the edge, tracking.

/** A Xero key field within its limit; a longer one is refused, never cut (it would stop matching). */
export function keyWithin(value: string, max: number, field: string): string {
  if (!value) throw new XeroAdapterError(field, 'required', `${field} is required`);
  if (value.length > max) {
    throw new XeroAdapterError(
      field,
      'too-long',
      `${field} '${value}' is ${value.length} characters; Xero allows ${max}`,
    );
  }
  return value;
}

/** A display text cut to Xero's limit (names and descriptions, not keys). */
export function cut(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : value.slice(0, max);
}

/**
 * A ledger date from Xero: 'YYYY-MM-DD…' text is taken as written; a Date (xero-node parses
 * /Date(ms+0000)/) is the calendar day at UTC midnight, which is how Xero sends document dates.
 */
export function ledgerDate(value: XeroDate | undefined): IsoDate | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const ms = /^\/Date\((-?\d+)/.exec(value);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return value.slice(0, 10);
}

export function instant(value: XeroDate | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? /^\/Date\((-?\d+)/.exec(value) : null;
  const zoned = typeof value === 'string' && !/(Z|[+-]\d\d:?\d\d)$/.test(value) ? `${value}Z` : value;
  const d = ms ? new Date(Number(ms[1])) : new Date(zoned);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Money leaves as a number only here, from a value already at its places. */
export function wire(value: DecimalString, dp: number): number {
  return toWireNumber(value, dp);
}

/** A Xero number read back as decimal text, through its shortest text (never float arithmetic). */
export function decimalOf(value: number | string | undefined, dp?: number): DecimalString | undefined {
  if (value === undefined || value === null) return undefined;
  return toDecimalString(toDec(value), dp);
}

/**
 * A line's dimensions as tracking pairs, one per dimension (X3 has up to four). The mapping's
 * tracking table turns them into the organisation's categories (at most two survive in
 * practice); the engine's payload rules refuse a line that still has more than Xero's two.
 */
export function tracking(dimensions: Dimensions | undefined): XeroTracking[] | undefined {
  const entries = Object.entries(dimensions ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([name, option]) => ({ name, option }));
}

export function dimensionsOf(tracking: XeroTracking[] | undefined): Dimensions | undefined {
  const pairs = (tracking ?? []).filter((t) => t.name && t.option).map((t) => [t.name!, t.option!] as const);
  return pairs.length ? Object.fromEntries(pairs) : undefined;
}

/** Drops undefined members so the object is what xero-node would serialise (and tests compare). */
export function defined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    // an own '__proto__' stays a plain member, as Object.fromEntries would make it
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
