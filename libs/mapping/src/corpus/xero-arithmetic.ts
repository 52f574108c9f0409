// Xero's document arithmetic, written from Xero's documented rules (docs/connectors/xero.md,
// "Totals as Xero computes them"), to check what a mapped payload will total once Xero has it:
// - UnitAmount is kept to 2 decimals, or 4 when the request says unitdp=4; Quantity to 4;
// - LineAmount = round2(Quantity × UnitAmount × (1 − DiscountRate / 100)) (or less DiscountAmount);
// - a line's tax is its TaxAmount when given, else round2(LineAmount × rate / 100) (Exclusive) or
//   round2(LineAmount × rate / (100 + rate)) (Inclusive); NoTax lines carry none;
// - SubTotal is the sum of LineAmounts (less the tax when Inclusive), Total = SubTotal + TotalTax;
// - the base amount is Total / CurrencyRate (document units per base unit, 6 decimals) rounded.
import { X3Dec } from './x3-arithmetic';

const Dec = X3Dec;
type Dec = X3Dec;
type Amount = string | number | null | undefined;

export interface XeroLineInput {
  quantity?: Amount;
  unitAmount?: Amount;
  lineAmount?: Amount;
  discountRate?: Amount;
  discountAmount?: Amount;
  taxAmount?: Amount;
  /** The line's tax rate in percent (from its TaxType), used when no TaxAmount is given. */
  taxRate?: Amount;
}

export interface XeroComputed {
  lines: Array<{ lineAmount: string; taxAmount: string }>;
  subTotal: string;
  totalTax: string;
  total: string;
  /** Lines whose given LineAmount is not what Xero computes from Quantity × UnitAmount. */
  lineAmountMismatches: number[];
}

const given = (v: Amount): v is string | number => v !== undefined && v !== null && v !== '';
const dec = (v: Amount, fallback = '0'): Dec => new Dec(given(v) ? String(v) : fallback);
const round = (v: Dec, dp = 2): Dec => v.toDecimalPlaces(dp, Dec.ROUND_HALF_UP);

export function recomputeXeroTotals(
  lineAmountTypes: 'Exclusive' | 'Inclusive' | 'NoTax',
  lines: readonly XeroLineInput[],
  unitdp: 2 | 4 = 2,
): XeroComputed {
  const out: XeroComputed['lines'] = [];
  const mismatches: number[] = [];
  let lineSum = new Dec(0);
  let taxSum = new Dec(0);
  lines.forEach((line, i) => {
    const qty = round(dec(line.quantity, '1'), 4);
    const unit = round(
      given(line.unitAmount) ? dec(line.unitAmount) : qty.isZero() ? new Dec(0) : dec(line.lineAmount).div(qty),
      unitdp,
    );
    const gross = qty.mul(unit);
    const discount = given(line.discountAmount) ? dec(line.discountAmount) : gross.mul(dec(line.discountRate)).div(100);
    const amount = round(gross.minus(discount));
    if (given(line.lineAmount) && !dec(line.lineAmount).equals(amount)) mismatches.push(i);
    const rate = dec(line.taxRate);
    const tax =
      lineAmountTypes === 'NoTax'
        ? new Dec(0)
        : given(line.taxAmount)
          ? round(dec(line.taxAmount))
          : lineAmountTypes === 'Exclusive'
            ? round(amount.mul(rate).div(100))
            : round(amount.mul(rate).div(rate.plus(100)));
    lineSum = lineSum.plus(amount);
    taxSum = taxSum.plus(tax);
    out.push({ lineAmount: amount.toFixed(2), taxAmount: tax.toFixed(2) });
  });
  const subTotal = lineAmountTypes === 'Inclusive' ? lineSum.minus(taxSum) : lineSum;
  return {
    lines: out,
    subTotal: subTotal.toFixed(2),
    totalTax: taxSum.toFixed(2),
    total: subTotal.plus(taxSum).toFixed(2),
    lineAmountMismatches: mismatches,
  };
}

/** The base-currency amount Xero shows for a document total at its CurrencyRate. */
export function recomputeXeroBase(total: Amount, currencyRate: Amount, baseDecimals = 2): string {
  const rate = round(dec(currencyRate, '1'), 6);
  return round(dec(total).div(rate), baseDecimals).toFixed(baseDecimals);
}
