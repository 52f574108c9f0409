import type { CurrencyCode, DecimalString, DocumentTotals, PriceBasis, TaxSummary } from '../canonical';
import { CurrencyDecimals, formatMoney, roundMoney, XERO_AMOUNT_DP } from './currencies';
import { Dec, sumDec, toDec, toDecimalString } from './decimal';
import { MoneyRuleError } from './errors';
import {
  formatUnits,
  parseScaled,
  parseSmall,
  sameScaled,
  type Scaled,
  scaledOfNumber,
  smallUnitsAt,
  unitsAt,
} from './scaled';

// Tax to the cent. X3 may round tax once per tax code on the footer; Xero adds up per-line
// TaxAmounts. So each line is given a TaxAmount such that, per code, the lines add up to X3's
// footer, the rounding difference going on the code's largest line.

export interface TaxLineInput {
  /** Line amount on the document's price basis. */
  amount: DecimalString;
  taxCode?: string;
  /** Percent; taken from the footer of the line's code when absent. */
  rate?: DecimalString;
}

export interface TaxAdjustment {
  taxCode: string;
  lineIndex: number;
  /** Added to that line's own rounded tax to meet the footer. */
  difference: DecimalString;
}

export interface LineTaxAllocation {
  /** One per input line, at the currency's places ('0' style for untaxed lines). */
  taxAmounts: DecimalString[];
  adjustments: TaxAdjustment[];
}

/** A line's own tax, unrounded: exclusive amount × r / 100; inclusive amount × r / (100 + r). */
export function lineTax(amount: DecimalString | Dec, ratePercent: DecimalString | Dec, basis: PriceBasis): Dec {
  const a = toDec(amount);
  const r = toDec(ratePercent, 'rate');
  return basis === 'exclusive' ? a.times(r).div(100) : a.times(r).div(r.plus(100));
}

export function allocateLineTax(
  lines: TaxLineInput[],
  footer: TaxSummary[] | undefined,
  basis: PriceBasis,
  currency: CurrencyCode,
  decimals?: CurrencyDecimals,
): LineTaxAllocation {
  const footerByCode = new Map((footer ?? []).map((t) => [t.taxCode, t]));
  const taxes = lines.map((line, i) => {
    if (!line.taxCode) return new Dec(0);
    const rate = line.rate ?? footerByCode.get(line.taxCode)?.rate;
    if (rate === undefined) {
      throw new MoneyRuleError(`lines[${i}].taxCode`, 'missing-tax-rate', `no rate known for tax code ${line.taxCode}`);
    }
    return roundMoney(lineTax(line.amount, rate, basis), currency, decimals);
  });
  const adjustments: TaxAdjustment[] = [];
  for (const summary of footerByCode.values()) {
    const indexes = lines.flatMap((l, i) => (l.taxCode === summary.taxCode ? [i] : []));
    const wanted = toDec(summary.amount, `taxes.${summary.taxCode}.amount`);
    if (indexes.length === 0) {
      if (wanted.isZero()) continue;
      throw new MoneyRuleError(
        `taxes.${summary.taxCode}`,
        'tax-code-without-lines',
        `footer tax ${summary.amount} for ${summary.taxCode} has no line with that code`,
      );
    }
    const difference = wanted.minus(sumDec(indexes.map((i) => taxes[i])));
    if (difference.isZero()) continue;
    const largest = indexes.reduce((a, b) => (toDec(lines[b].amount).abs().gt(toDec(lines[a].amount).abs()) ? b : a));
    taxes[largest] = taxes[largest].plus(difference);
    adjustments.push({ taxCode: summary.taxCode, lineIndex: largest, difference: toDecimalString(difference) });
  }
  return { taxAmounts: taxes.map((t) => formatMoney(t, currency, decimals)), adjustments };
}

export interface XeroTotalsLine {
  lineAmount: DecimalString | number | Dec;
  taxAmount: DecimalString | number | Dec;
}

/**
 * The totals Xero computes from its lines: line amounts and taxes to 2 places, summed; Exclusive
 * sub-total = Σ line amounts; Inclusive sub-total = Σ line amounts − tax; total = sub-total + tax.
 */
export function xeroDocumentTotals(lines: XeroTotalsLine[], basis: PriceBasis): DocumentTotals {
  return totalsInSafeCents(lines, basis) ?? totalsInCents(lines, basis);
}

/** The common case: decimal text of up to 15 digits, sums below 2^53 cents; else undefined. */
function totalsInSafeCents(lines: XeroTotalsLine[], basis: PriceBasis): DocumentTotals | undefined {
  let amounts = 0;
  let tax = 0;
  for (const line of lines) {
    if (typeof line.lineAmount !== 'string' || typeof line.taxAmount !== 'string') return undefined;
    const amount = parseSmall(line.lineAmount);
    const lineTax = parseSmall(line.taxAmount);
    if (!amount || !lineTax) return undefined;
    amounts += smallUnitsAt(amount, XERO_AMOUNT_DP);
    tax += smallUnitsAt(lineTax, XERO_AMOUNT_DP);
  }
  const subTotal = basis === 'inclusive' ? amounts - tax : amounts;
  // NaN (a value past the safe range) and unsafe sums fail this test
  if (![amounts, tax, subTotal, subTotal + tax].every(Number.isSafeInteger)) return undefined;
  return {
    subTotal: formatUnits(BigInt(subTotal), XERO_AMOUNT_DP),
    totalTax: formatUnits(BigInt(tax), XERO_AMOUNT_DP),
    total: formatUnits(BigInt(subTotal + tax), XERO_AMOUNT_DP),
  };
}

function totalsInCents(lines: XeroTotalsLine[], basis: PriceBasis): DocumentTotals {
  // in cents when every value is plain decimal text or a number with a plain shortest text
  let amounts = 0n;
  let tax = 0n;
  for (const line of lines) {
    const amount = scaledOf(line.lineAmount);
    const lineTax = scaledOf(line.taxAmount);
    if (!amount || !lineTax) return xeroDocumentTotalsWithDecimals(lines, basis);
    amounts += unitsAt(amount, XERO_AMOUNT_DP);
    tax += unitsAt(lineTax, XERO_AMOUNT_DP);
  }
  const subTotal = basis === 'inclusive' ? amounts - tax : amounts;
  return {
    subTotal: formatUnits(subTotal, XERO_AMOUNT_DP),
    totalTax: formatUnits(tax, XERO_AMOUNT_DP),
    total: formatUnits(subTotal + tax, XERO_AMOUNT_DP),
  };
}

function scaledOf(value: DecimalString | number | Dec): Scaled | undefined {
  if (typeof value === 'string') return parseScaled(value);
  return typeof value === 'number' ? scaledOfNumber(value) : undefined;
}

export function xeroDocumentTotalsWithDecimals(lines: XeroTotalsLine[], basis: PriceBasis): DocumentTotals {
  const round = (v: DecimalString | number | Dec) => toDec(v).toDecimalPlaces(XERO_AMOUNT_DP, Dec.ROUND_HALF_UP);
  const amounts = sumDec(lines.map((l) => round(l.lineAmount)));
  const tax = sumDec(lines.map((l) => round(l.taxAmount)));
  const subTotal = basis === 'inclusive' ? amounts.minus(tax) : amounts;
  return {
    subTotal: toDecimalString(subTotal, XERO_AMOUNT_DP),
    totalTax: toDecimalString(tax, XERO_AMOUNT_DP),
    total: toDecimalString(subTotal.plus(tax), XERO_AMOUNT_DP),
  };
}

export interface TotalsDifference {
  field: keyof DocumentTotals;
  expected: DecimalString;
  actual: DecimalString;
}

/** The totals that differ as decimals (an empty list when Xero will show X3's totals to the cent). */
export function compareTotals(expected: DocumentTotals, actual: DocumentTotals): TotalsDifference[] {
  const same = (a: DecimalString, b: DecimalString) => {
    const x = parseScaled(a);
    const y = parseScaled(b);
    return x && y ? sameScaled(x, y) : toDec(a).equals(toDec(b));
  };
  return (['subTotal', 'totalTax', 'total'] as const)
    .filter((field) => !same(expected[field], actual[field]))
    .map((field) => ({ field, expected: expected[field], actual: actual[field] }));
}
