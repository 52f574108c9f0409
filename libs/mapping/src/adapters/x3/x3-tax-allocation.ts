// X3 computes a document's tax once per tax code on the footer (BASTAX/AMTTAX), not per line, so
// rounded line taxes need not add up to it. Xero wants a TaxAmount per line whose sum per tax code
// equals X3's: each code's footer amount is shared over its lines in proportion to their amounts,
// rounded to the currency, and what rounding leaves over goes to the code's largest line.
import Decimal from 'decimal.js';

export interface TaxableLine {
  taxCode?: string;
  /** On the document's price basis (inclusive or exclusive: proportions are the same per code). */
  lineAmount: Decimal;
  /** The line's own rounded tax (X3 line incl. − excl.), used where no footer covers the code. */
  ownTax?: Decimal;
}

export interface FooterTax {
  taxCode: string;
  amount: Decimal;
}

/** Each line's tax: per tax code the results add up exactly to that code's footer amount. */
export function allocateX3LineTaxes(
  lines: readonly TaxableLine[],
  footer: readonly FooterTax[] | undefined,
  decimals: number,
): Array<Decimal | undefined> {
  const taxes: Array<Decimal | undefined> = lines.map((l) => l.ownTax);
  if (!footer || footer.length === 0) return taxes;
  const byCode = new Map<string, number[]>();
  for (const [i, line] of lines.entries()) {
    if (line.taxCode === undefined) continue;
    const group = byCode.get(line.taxCode);
    if (group) group.push(i);
    else byCode.set(line.taxCode, [i]);
  }
  const footerByCode = new Map<string, Decimal>();
  for (const f of footer) footerByCode.set(f.taxCode, (footerByCode.get(f.taxCode) ?? new Decimal(0)).plus(f.amount));
  for (const [code, indexes] of byCode) {
    const amount = footerByCode.get(code);
    if (amount === undefined) continue; // no footer for this code: the lines keep their own tax
    shareOut(amount, indexes, lines, taxes, decimals);
  }
  return taxes;
}

function shareOut(
  amount: Decimal,
  indexes: number[],
  lines: readonly TaxableLine[],
  taxes: Array<Decimal | undefined>,
  decimals: number,
): void {
  let base = new Decimal(0);
  let largest = indexes[0];
  for (const i of indexes) {
    base = base.plus(lines[i].lineAmount);
    if (lines[i].lineAmount.abs().gt(lines[largest].lineAmount.abs())) largest = i;
  }
  let allocated = new Decimal(0);
  for (const i of indexes) {
    const share = base.isZero()
      ? new Decimal(0)
      : amount.mul(lines[i].lineAmount).div(base).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
    taxes[i] = share;
    allocated = allocated.plus(share);
  }
  taxes[largest] = taxes[largest]!.plus(amount.minus(allocated));
}
