// Consistency rules on a Xero payload against the canonical record it came from: currency rate,
// line taxes and totals to the cent (Xero keeps amounts to 2 places), and the organisation's lock
// dates (Organisation.PeriodLockDate / EndOfYearLockDate, reference/xero-api.md §"Lock dates").
import Decimal from 'decimal.js';
import type { CanonicalEntity, CanonicalRecord } from '../../canonical';
import { parseScaled, parseSmall, pow10, shortestUnits, smallFitsPlaces, smallUnitsAt } from '../../money/scaled';
import type { LockDates, RecordError } from '../run/outcome';

type Errors = Omit<RecordError, 'record'>[];

const DATED: ReadonlySet<CanonicalEntity> = new Set([
  'invoice',
  'bill',
  'salesOrder',
  'creditNote',
  'payment',
  'journal',
]);
const WITH_LINES: ReadonlySet<CanonicalEntity> = new Set(['invoice', 'bill', 'creditNote', 'salesOrder']);

function decimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(String(value));
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return new Decimal(value.trim());
  return undefined;
}

/** A rate as exact decimal (no Decimal object): whether it is 1, and its text. */
function rateOf(value: unknown): { isOne: boolean; text: string } | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const scaled = typeof text === 'string' ? parseScaled(text.trim()) : undefined;
  if (scaled) return { isOne: scaled.units === pow10(scaled.scale), text: shortestUnits(scaled.units, scaled.scale) };
  const d = decimal(value);
  return d && { isOne: d.eq(1), text: d.toString() };
}

function dateText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

export function currencyErrors(
  payload: Record<string, unknown>,
  canonical: CanonicalRecord,
  baseCurrency: string,
): Errors {
  const currency = payload.currencyCode ?? (canonical as { currency?: unknown }).currency;
  if (typeof currency !== 'string') return [];
  if (currency === baseCurrency && (payload.currencyRate === undefined || payload.currencyRate === 1)) return [];
  const rate = rateOf(payload.currencyRate);
  if (currency !== baseCurrency && rate !== undefined && rate.isOne) {
    return [
      {
        field: 'currencyRate',
        rule: 'currency-rate',
        message: `a ${currency} document is never sent at rate 1 to a ${baseCurrency} ledger`,
      },
    ];
  }
  if (currency !== baseCurrency && rate === undefined && WITH_LINES.has(canonical.entity)) {
    return [
      {
        field: 'currencyRate',
        rule: 'currency-rate',
        message: `a ${currency} document needs its rate (Xero would use its own day rate)`,
      },
    ];
  }
  if (currency === baseCurrency && rate !== undefined && !rate.isOne) {
    return [
      { field: 'currencyRate', rule: 'currency-rate', message: `a base-currency document has rate ${rate.text}` },
    ];
  }
  return [];
}

/**
 * An amount in whole cents when it is exact decimal text (or a number with a plain shortest text)
 * of at most 2 places, read in safe integers; undefined otherwise, and the caller falls back to
 * decimal.js. Keeps validation off the per-record decimal path the benchmark measures.
 */
function cents(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e13) {
    // k / 100 is correctly rounded: equal to value exactly when value is the double of the 2-place
    // decimal k / 100 (what the adapters' wire numbers are); the product only proposes k
    const k = Math.round(value * 100);
    if (k / 100 === value) return k;
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const small = text === undefined ? undefined : parseSmall(text);
  if (!small || !smallFitsPlaces(small, 2)) return undefined;
  const units = smallUnitsAt(small, 2);
  return Number.isNaN(units) ? undefined : units;
}

interface LineSums {
  amounts: Decimal;
  taxes: Decimal | undefined;
}

function lineSumsInCents(lines: unknown[]): { amounts: number; taxes: number | undefined } | undefined {
  let amounts = 0;
  let taxes: number | undefined = 0;
  for (const item of lines) {
    const line = (item ?? {}) as Record<string, unknown>;
    const amount = cents(line.lineAmount);
    if (amount === undefined) return undefined;
    amounts += amount;
    const tax = line.taxAmount === undefined ? undefined : cents(line.taxAmount);
    if (line.taxAmount !== undefined && tax === undefined) return undefined;
    taxes = taxes !== undefined && tax !== undefined ? taxes + tax : undefined;
  }
  // sums past 2^53 cents are left to decimal.js
  if (!Number.isSafeInteger(amounts) || (taxes !== undefined && !Number.isSafeInteger(taxes))) return undefined;
  return { amounts, taxes };
}

function lineSums(lines: unknown[]): LineSums | undefined {
  const fast = lineSumsInCents(lines);
  if (fast) {
    return {
      amounts: new Decimal(fast.amounts).div(100),
      taxes: fast.taxes === undefined ? undefined : new Decimal(fast.taxes).div(100),
    };
  }
  let amounts = new Decimal(0);
  let taxes: Decimal | undefined = new Decimal(0);
  for (const item of lines) {
    const line = (item ?? {}) as Record<string, unknown>;
    let amount = decimal(line.lineAmount);
    if (amount === undefined) {
      const quantity = decimal(line.quantity) ?? new Decimal(1);
      const unit = decimal(line.unitAmount);
      if (unit === undefined) return undefined;
      const discount = decimal(line.discountRate) ?? new Decimal(0);
      amount = quantity.times(unit).times(new Decimal(100).minus(discount).div(100)).toDecimalPlaces(2);
    }
    amounts = amounts.plus(amount);
    const tax = decimal(line.taxAmount);
    taxes = taxes && tax ? taxes.plus(tax) : undefined;
  }
  return { amounts, taxes };
}

/** Line taxes add up to the document's tax, and lines (+ tax) to its total, to the cent. */
export function totalsErrors(payload: Record<string, unknown>, canonical: CanonicalRecord): Errors {
  if (!WITH_LINES.has(canonical.entity) || !('totals' in canonical)) return [];
  const lines = payload.lineItems;
  if (!Array.isArray(lines) || lines.length === 0) return [];
  const basis = typeof payload.lineAmountTypes === 'string' ? payload.lineAmountTypes : 'Exclusive';
  if (totalsAgreeInCents(lines, basis, canonical.totals)) return [];
  const sums = lineSums(lines);
  if (!sums) return [];
  const toCents = (value: Decimal) => value.toDecimalPlaces(2).toFixed(2);
  const expectedTax = decimal(canonical.totals.totalTax);
  const expectedTotal = decimal(canonical.totals.total);
  const tax = basis === 'NoTax' ? new Decimal(0) : sums.taxes;
  const errors: Errors = [];
  if (tax !== undefined && expectedTax !== undefined && toCents(tax) !== toCents(expectedTax)) {
    errors.push({
      field: 'lineItems[].taxAmount',
      rule: 'tax-total',
      message: `the lines' tax adds up to ${toCents(tax)}; the source document's tax is ${toCents(expectedTax)}`,
    });
  }
  const total = basis === 'Inclusive' ? sums.amounts : tax !== undefined ? sums.amounts.plus(tax) : undefined;
  if (total !== undefined && expectedTotal !== undefined && toCents(total) !== toCents(expectedTotal)) {
    errors.push({
      field: 'lineItems[].lineAmount',
      rule: 'document-total',
      message: `the lines add up to a total of ${toCents(total)}; the source document's total is ${toCents(expectedTotal)}`,
    });
  }
  return errors;
}

/** The common case in integer cents: true when tax and total agree exactly. */
function totalsAgreeInCents(lines: unknown[], basis: string, totals: { totalTax: string; total: string }): boolean {
  const sums = lineSumsInCents(lines);
  const expectedTax = cents(totals.totalTax);
  const expectedTotal = cents(totals.total);
  if (!sums || expectedTax === undefined || expectedTotal === undefined) return false;
  const tax = basis === 'NoTax' ? 0 : sums.taxes;
  if (tax === undefined) return basis === 'Inclusive' && sums.amounts === expectedTotal;
  if (tax !== expectedTax) return false;
  return (basis === 'Inclusive' ? sums.amounts : sums.amounts + tax) === expectedTotal;
}

/** A document dated on or before a lock date cannot be written (Xero refuses it). */
export function lockDateErrors(
  payload: Record<string, unknown>,
  canonical: CanonicalRecord,
  lockDates: LockDates | undefined,
): Errors {
  if (!lockDates || !DATED.has(canonical.entity)) return [];
  const date = dateText(payload.date) ?? dateText((canonical as { date?: unknown }).date);
  if (!date) return [];
  const locks: [string, string | undefined][] = [
    ['end of year lock date', dateText(lockDates.endOfYearLockDate)],
    ['period lock date', dateText(lockDates.periodLockDate)],
  ];
  for (const [name, lock] of locks) {
    if (lock && date <= lock) {
      return [
        { field: 'date', rule: 'lock-date', message: `dated ${date}, on or before the organisation's ${name} ${lock}` },
      ];
    }
  }
  return [];
}
