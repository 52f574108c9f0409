// Sage X3's sales-document arithmetic, written here from X3's rules (not shared with the X3
// sandbox, which implements the same rules on its side of the wire):
// - NETPRI = GROPRI × (100 − DISCRGVAL1) / 100;
// - a line's amount = NETPRI × QTY rounded to the currency, on the document's price basis (PRITYP):
//   excluding tax, or including tax with the excluded amount derived from it;
// - the footer groups lines by tax code and rounds each code's tax once on its base (BASTAX/AMTTAX),
//   so the document's tax is not the sum of rounded line taxes;
// - posting converts the untaxed total and the tax separately at CHGRAT (AMTLED, rounded to the
//   ledger currency) and the receivable takes their sum.
import Decimal from 'decimal.js';

export const X3Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type X3Dec = InstanceType<typeof X3Dec>;

export type X3PriceBasis = 'excludingTax' | 'includingTax';

const HUNDRED = new X3Dec(100);

function round(value: X3Dec, decimals: number): X3Dec {
  return value.toDecimalPlaces(decimals, X3Dec.ROUND_HALF_UP);
}

export function x3NetPrice(gross: X3Dec, discountPercent: X3Dec): X3Dec {
  return gross.mul(HUNDRED.minus(discountPercent)).div(HUNDRED);
}

export interface X3LineAmounts {
  excl: X3Dec;
  incl: X3Dec;
}

export function x3LineAmounts(
  netPrice: X3Dec,
  quantity: X3Dec,
  taxRate: X3Dec,
  decimals: number,
  basis: X3PriceBasis,
): X3LineAmounts {
  const amount = round(netPrice.mul(quantity), decimals);
  if (basis === 'includingTax') {
    return { excl: round(amount.mul(HUNDRED).div(taxRate.plus(HUNDRED)), decimals), incl: amount };
  }
  return { excl: amount, incl: amount.plus(round(amount.mul(taxRate).div(HUNDRED), decimals)) };
}

export interface X3FooterTax {
  taxCode: string;
  rate: X3Dec;
  base: X3Dec;
  amount: X3Dec;
}

export interface X3Totals {
  excl: X3Dec;
  tax: X3Dec;
  incl: X3Dec;
  taxes: X3FooterTax[];
}

/** The footer: one tax per tax code, in the order the codes first appear on the lines. */
export function x3DocumentTotals(
  lines: ReadonlyArray<{ taxCode: string; rate: X3Dec; amounts: X3LineAmounts }>,
  decimals: number,
  basis: X3PriceBasis,
): X3Totals {
  const byCode = new Map<string, { rate: X3Dec; sum: X3Dec }>();
  for (const line of lines) {
    const entry = byCode.get(line.taxCode) ?? { rate: line.rate, sum: new X3Dec(0) };
    entry.sum = entry.sum.plus(basis === 'includingTax' ? line.amounts.incl : line.amounts.excl);
    byCode.set(line.taxCode, entry);
  }
  const taxes: X3FooterTax[] = [];
  for (const [taxCode, { rate, sum }] of byCode) {
    const amount = round(
      basis === 'includingTax' ? sum.mul(rate).div(rate.plus(HUNDRED)) : sum.mul(rate).div(HUNDRED),
      decimals,
    );
    taxes.push({ taxCode, rate, base: basis === 'includingTax' ? sum.minus(amount) : sum, amount });
  }
  const excl = taxes.reduce((total, t) => total.plus(t.base), new X3Dec(0));
  const tax = taxes.reduce((total, t) => total.plus(t.amount), new X3Dec(0));
  return { excl, tax, incl: excl.plus(tax), taxes };
}

/** What posting writes to the receivable in the ledger currency (AMTLED). */
export function x3LedgerTotal(totals: { excl: X3Dec; tax: X3Dec }, rate: X3Dec, ledgerDecimals: number): X3Dec {
  return round(totals.excl.mul(rate), ledgerDecimals).plus(round(totals.tax.mul(rate), ledgerDecimals));
}
