// Consistency rules on a Xero payload against the canonical record it came from: currency rate,
// line taxes and totals to the cent (Xero keeps amounts to 2 places), and the organisation's lock
// dates (Organisation.PeriodLockDate / EndOfYearLockDate, reference/xero-api.md §"Lock dates").
import Decimal from 'decimal.js';
import type { CanonicalEntity, CanonicalRecord } from '../../canonical';
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
  const rate = decimal(payload.currencyRate);
  if (currency !== baseCurrency && rate !== undefined && rate.eq(1)) {
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
  if (currency === baseCurrency && rate !== undefined && !rate.eq(1)) {
    return [
      { field: 'currencyRate', rule: 'currency-rate', message: `a base-currency document has rate ${rate.toString()}` },
    ];
  }
  return [];
}

interface LineSums {
  amounts: Decimal;
  taxes: Decimal | undefined;
}

function lineSums(lines: unknown[]): LineSums | undefined {
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
  const sums = lineSums(lines);
  if (!sums) return [];
  const cents = (value: Decimal) => value.toDecimalPlaces(2).toFixed(2);
  const expectedTax = decimal(canonical.totals.totalTax);
  const expectedTotal = decimal(canonical.totals.total);
  const basis = typeof payload.lineAmountTypes === 'string' ? payload.lineAmountTypes : 'Exclusive';
  const tax = basis === 'NoTax' ? new Decimal(0) : sums.taxes;
  const errors: Errors = [];
  if (tax !== undefined && expectedTax !== undefined && cents(tax) !== cents(expectedTax)) {
    errors.push({
      field: 'lineItems[].taxAmount',
      rule: 'tax-total',
      message: `the lines' tax adds up to ${cents(tax)}; the source document's tax is ${cents(expectedTax)}`,
    });
  }
  const total = basis === 'Inclusive' ? sums.amounts : tax !== undefined ? sums.amounts.plus(tax) : undefined;
  if (total !== undefined && expectedTotal !== undefined && cents(total) !== cents(expectedTotal)) {
    errors.push({
      field: 'lineItems[].lineAmount',
      rule: 'document-total',
      message: `the lines add up to a total of ${cents(total)}; the source document's total is ${cents(expectedTotal)}`,
    });
  }
  return errors;
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
