import type { DecimalString } from '../canonical';
import { XERO_AMOUNT_DP } from './currencies';
import { Dec, toDec, toDecimalString } from './decimal';
import { MoneyRuleError } from './errors';

// How a line amount is expressed in Xero's arithmetic: Xero recomputes
// LineAmount = round2(Quantity × UnitAmount − Quantity × UnitAmount × DiscountRate / 100) from a
// quantity (≤ 4 places), a unit amount (≤ 4 places with unitdp=4, as our connector sends) and an
// optional discount rate (sales only). The first form whose result is the source's line amount wins.

export const XERO_QUANTITY_DP = 4;
export const XERO_UNIT_DP = 4;
export const XERO_DISCOUNT_DP = 2;

export interface XeroLineExpression {
  quantity: DecimalString;
  unitAmount: DecimalString;
  discountRate?: DecimalString;
  /** True when the quantity had to become 1 (unit amount = line amount) to keep the amount exact. */
  quantityFolded: boolean;
}

export interface LineToExpress {
  quantity: DecimalString;
  unitPrice: DecimalString;
  grossPrice?: DecimalString;
  discountPercent?: DecimalString;
  lineAmount: DecimalString;
}

/** Xero's line amount for a quantity, unit amount and discount rate. */
export function xeroLineAmount(
  quantity: DecimalString | number | Dec,
  unitAmount: DecimalString | number | Dec,
  discountRate?: DecimalString | number | Dec,
): Dec {
  const gross = toDec(quantity).times(toDec(unitAmount));
  const discount = discountRate === undefined ? new Dec(0) : gross.times(toDec(discountRate)).div(100);
  return gross.minus(discount).toDecimalPlaces(XERO_AMOUNT_DP, Dec.ROUND_HALF_UP);
}

const hasAtMost = (d: Dec, dp: number) => d.equals(d.toDecimalPlaces(dp));

export function expressLineForXero(
  line: LineToExpress,
  options: { allowDiscount: boolean; field?: string },
): XeroLineExpression {
  const field = options.field ?? 'line';
  const amount = toDec(line.lineAmount, `${field}.lineAmount`);
  if (!hasAtMost(amount, XERO_AMOUNT_DP)) {
    throw new MoneyRuleError(
      `${field}.lineAmount`,
      'line-amount-not-expressible',
      `line amount ${line.lineAmount} has more than ${XERO_AMOUNT_DP} places, which Xero cannot hold`,
    );
  }
  const quantity = toDec(line.quantity, `${field}.quantity`);
  const fits = (unit: Dec, discount?: Dec) => xeroLineAmount(quantity, unit, discount).equals(amount);
  const unitOf = (v: Dec) => v.toDecimalPlaces(XERO_UNIT_DP, Dec.ROUND_HALF_UP);
  const form = (unit: Dec, discount?: Dec): XeroLineExpression => ({
    quantity: toDecimalString(quantity),
    unitAmount: toDecimalString(unit),
    ...(discount ? { discountRate: toDecimalString(discount) } : {}),
    quantityFolded: false,
  });

  if (hasAtMost(quantity, XERO_QUANTITY_DP)) {
    if (options.allowDiscount && line.grossPrice !== undefined && line.discountPercent !== undefined) {
      const gross = unitOf(toDec(line.grossPrice, `${field}.grossPrice`));
      const discount = toDec(line.discountPercent, `${field}.discountPercent`);
      if (!discount.isZero() && hasAtMost(discount, XERO_DISCOUNT_DP) && fits(gross, discount))
        return form(gross, discount);
    }
    const net = unitOf(toDec(line.unitPrice, `${field}.unitPrice`));
    if (fits(net)) return form(net);
    if (!quantity.isZero()) {
      const implied = unitOf(amount.div(quantity));
      const step = new Dec(1).div(10 ** XERO_UNIT_DP);
      for (const unit of [implied, implied.minus(step), implied.plus(step)]) if (fits(unit)) return form(unit);
    }
  }
  // What Xero's rounding guide advises for prices it cannot hold: one unit at the line amount.
  return { quantity: '1', unitAmount: toDecimalString(amount), quantityFolded: true };
}
