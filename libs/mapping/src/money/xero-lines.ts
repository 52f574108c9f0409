import type { DecimalString } from '../canonical';
import { XERO_AMOUNT_DP } from './currencies';
import { Dec, toDec, toDecimalString } from './decimal';
import { MoneyRuleError } from './errors';
import { expressLineNumbersSmall, expressLineSmall, type XeroLineNumbers } from './xero-lines-small';
import { toWireNumber } from './decimal';
import { divHalfUp, fitsPlaces, parseScaled, type Scaled, shortestUnits, unitsAt } from './scaled';

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

const UNIT_SCALE = 10_000n; // 10^XERO_UNIT_DP, and 10^(XERO_DISCOUNT_DP + 2) for a discount rate

/**
 * Xero's line amount in cents for a quantity and unit amount in 10^-4 units and a discount rate in
 * 10^-2 percent: Q·U·(1 − D/100) is Q4·U4·(10^4 − D2) / 10^12, rounded to 2 places.
 */
const lineCents = (q4: bigint, u4: bigint, d2: bigint) => divHalfUp(q4 * u4 * (UNIT_SCALE - d2), 10_000_000_000n);

/**
 * The same choice as the decimal.js form below in integer units: each value is parsed once and
 * every candidate is tried with three multiplications and one division. Text that is not plain
 * decimal (or a line amount finer than a cent, which is refused) takes the decimal.js path.
 */
export function expressLineForXero(
  line: LineToExpress,
  options: { allowDiscount: boolean; field?: string },
): XeroLineExpression {
  const small = expressLineSmall(line, options.allowDiscount);
  if (small) return small;
  const amount = parseScaled(line.lineAmount);
  const quantity = parseScaled(line.quantity);
  if (!amount || !quantity || !fitsPlaces(amount, XERO_AMOUNT_DP)) return expressLineWithDecimals(line, options);
  const cents = unitsAt(amount, XERO_AMOUNT_DP);
  if (fitsPlaces(quantity, XERO_QUANTITY_DP)) {
    const q4 = unitsAt(quantity, XERO_QUANTITY_DP);
    const form = (u4: bigint, discount?: Scaled): XeroLineExpression => {
      const e: XeroLineExpression = {
        quantity: shortestUnits(quantity.units, quantity.scale),
        unitAmount: shortestUnits(u4, XERO_UNIT_DP),
        quantityFolded: false,
      };
      if (discount) e.discountRate = shortestUnits(discount.units, discount.scale);
      return e;
    };
    if (options.allowDiscount && line.grossPrice !== undefined && line.discountPercent !== undefined) {
      const gross = parseScaled(line.grossPrice);
      const discount = parseScaled(line.discountPercent);
      if (!gross || !discount) return expressLineWithDecimals(line, options);
      if (discount.units !== 0n && fitsPlaces(discount, XERO_DISCOUNT_DP)) {
        const g4 = unitsAt(gross, XERO_UNIT_DP);
        if (lineCents(q4, g4, unitsAt(discount, XERO_DISCOUNT_DP)) === cents) return form(g4, discount);
      }
    }
    const price = parseScaled(line.unitPrice);
    if (!price) return expressLineWithDecimals(line, options);
    const net = unitsAt(price, XERO_UNIT_DP);
    if (lineCents(q4, net, 0n) === cents) return form(net);
    if (q4 !== 0n) {
      // cents / quantity at 4 places: cents·10^2 / 10^4 per 10^-4 quantity unit
      const implied = divHalfUp(cents * 1_000_000n, q4);
      for (const unit of [implied, implied - 1n, implied + 1n])
        if (lineCents(q4, unit, 0n) === cents) return form(unit);
    }
  }
  // What Xero's rounding guide advises for prices it cannot hold: one unit at the line amount.
  return { quantity: '1', unitAmount: shortestUnits(amount.units, amount.scale), quantityFolded: true };
}

/**
 * expressLineForXero's answer as the numbers xero-node's LineItem takes (quantity, unit amount,
 * discount rate, line amount), each the double nearest its decimal.
 */
export function expressLineNumbersForXero(
  line: LineToExpress,
  options: { allowDiscount: boolean; field?: string },
): XeroLineNumbers {
  const small = expressLineNumbersSmall(line, options.allowDiscount);
  if (small) return small;
  const e = expressLineForXero(line, options);
  const numbers: XeroLineNumbers = {
    quantity: Number(e.quantity),
    unitAmount: Number(e.unitAmount),
    lineAmount: toWireNumber(line.lineAmount, XERO_AMOUNT_DP),
    quantityFolded: e.quantityFolded,
  };
  if (e.discountRate !== undefined) numbers.discountRate = Number(e.discountRate);
  return numbers;
}

/** The decimal.js form: the reference the integer form must agree with, and its error messages. */
export function expressLineWithDecimals(
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
