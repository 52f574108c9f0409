// X3 computes a document's tax once per tax code on the footer (BASTAX/AMTTAX), not per line, so
// rounded line taxes need not add up to it. Xero wants a TaxAmount per line whose sum per tax code
// equals X3's: each code's footer amount is shared over its lines in proportion to their amounts,
// rounded to the currency, and what rounding leaves over goes to the code's largest line.
import Decimal from 'decimal.js';
import type { DecimalString } from '../../canonical';
import { divideRounded, fromMinor, toMinor } from './x3-minor-units';

export interface TaxableLine {
  taxCode?: string;
  /** On the document's price basis (inclusive or exclusive: proportions are the same per code). */
  lineAmount: DecimalString;
  /** The line's own rounded tax (X3 line incl. − excl.), used where no footer covers the code. */
  ownTax?: DecimalString;
}

export interface FooterTax {
  taxCode: string;
  amount: DecimalString;
}

/** Each line's tax: per tax code the results add up exactly to that code's footer amount. */
export function allocateX3LineTaxes(
  lines: readonly TaxableLine[],
  footer: readonly FooterTax[] | undefined,
  decimals: number,
): Array<DecimalString | undefined> {
  const taxes: Array<DecimalString | undefined> = lines.map((l) => l.ownTax);
  if (!footer || footer.length === 0) return taxes;
  const byCode = new Map<string, number[]>();
  for (const [i, line] of lines.entries()) {
    if (line.taxCode === undefined) continue;
    const group = byCode.get(line.taxCode);
    if (group) group.push(i);
    else byCode.set(line.taxCode, [i]);
  }
  for (const [code, indexes] of byCode) {
    const amounts = footer.filter((f) => f.taxCode === code).map((f) => f.amount);
    if (amounts.length === 0) continue; // no footer for this code: the lines keep their own tax
    const shared =
      shareInMinorUnits(amounts, indexes, lines, decimals) ?? shareInDecimals(amounts, indexes, lines, decimals);
    for (const [k, i] of indexes.entries()) taxes[i] = shared[k];
  }
  return taxes;
}

/** The common case: every amount already rounded to the currency, shared exactly in BigInt. */
function shareInMinorUnits(
  footerAmounts: DecimalString[],
  indexes: number[],
  lines: readonly TaxableLine[],
  decimals: number,
): DecimalString[] | undefined {
  let amount = 0n;
  for (const text of footerAmounts) {
    const minor = toMinor(text, decimals);
    if (minor === undefined) return undefined;
    amount += minor;
  }
  const lineAmounts: bigint[] = [];
  let base = 0n;
  let largest = 0;
  for (const [k, i] of indexes.entries()) {
    const minor = toMinor(lines[i].lineAmount, decimals);
    if (minor === undefined) return undefined;
    lineAmounts.push(minor);
    base += minor;
    if ((minor < 0n ? -minor : minor) > (lineAmounts[largest] < 0n ? -lineAmounts[largest] : lineAmounts[largest]))
      largest = k;
  }
  const shares = lineAmounts.map((l) => (base === 0n ? 0n : divideRounded(amount * l, base)));
  shares[largest] += amount - shares.reduce((sum, s) => sum + s, 0n);
  return shares.map((s) => fromMinor(s, decimals));
}

/** Amounts with more places than the currency (not seen from X3, kept exact all the same). */
function shareInDecimals(
  footerAmounts: DecimalString[],
  indexes: number[],
  lines: readonly TaxableLine[],
  decimals: number,
): DecimalString[] {
  const amount = footerAmounts.reduce((sum, a) => sum.plus(a), new Decimal(0));
  const lineAmounts = indexes.map((i) => new Decimal(lines[i].lineAmount));
  const base = lineAmounts.reduce((sum, l) => sum.plus(l), new Decimal(0));
  let largest = 0;
  for (const [k, l] of lineAmounts.entries()) if (l.abs().gt(lineAmounts[largest].abs())) largest = k;
  const shares = lineAmounts.map((l) =>
    base.isZero() ? new Decimal(0) : amount.mul(l).div(base).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP),
  );
  shares[largest] = shares[largest].plus(amount.minus(shares.reduce((sum, s) => sum.plus(s), new Decimal(0))));
  return shares.map((s) => s.toFixed(Math.max(decimals, s.decimalPlaces())));
}
