import {
  divHalfUpSmall,
  parseSmall,
  shortestSmall,
  smallFitsPlaces,
  smallPow10,
  smallUnitsAt,
  type SmallScaled,
} from './scaled';
import type { LineToExpress, XeroLineExpression } from './xero-lines';

// expressLineForXero in safe integers: the common line (quantity, prices and amount of up to 15
// digits, products below 2^53) decided without BigInt or decimal.js. Undefined whenever a value is
// not plain text, too long, or a product would leave the safe range: the BigInt form decides then.

const AMOUNT_DP = 2;
const QUANTITY_DP = 4;
const UNIT_DP = 4;
const DISCOUNT_DP = 2;

/** The decision in units: quantity as given, unit amount in 10^-4, discount as given. */
interface SmallDecision {
  quantity: SmallScaled;
  unit4: number;
  discount?: SmallScaled;
  folded: boolean;
  cents: number;
}

/** Xero's line amount in cents: Q4·U4·(10^4 − D2) / 10^12 → 2 places (NaN when not safe). */
function lineCents(q4: number, u4: number, d2: number): number {
  const product = d2 === 0 ? q4 * u4 : q4 * u4 * (10_000 - d2);
  if (!Number.isSafeInteger(product)) return NaN;
  return divHalfUpSmall(product, d2 === 0 ? 1_000_000 : 10_000_000_000);
}

function decide(line: LineToExpress, allowDiscount: boolean): SmallDecision | undefined {
  const amount = parseSmall(line.lineAmount);
  const quantity = parseSmall(line.quantity);
  if (!amount || !quantity || !smallFitsPlaces(amount, AMOUNT_DP)) return undefined;
  const cents = smallUnitsAt(amount, AMOUNT_DP);
  if (Number.isNaN(cents)) return undefined;
  if (smallFitsPlaces(quantity, QUANTITY_DP)) {
    const q4 = smallUnitsAt(quantity, QUANTITY_DP);
    if (Number.isNaN(q4)) return undefined;
    if (allowDiscount && line.grossPrice !== undefined && line.discountPercent !== undefined) {
      const gross = parseSmall(line.grossPrice);
      const discount = parseSmall(line.discountPercent);
      if (!gross || !discount) return undefined;
      if (discount.n !== 0 && smallFitsPlaces(discount, DISCOUNT_DP)) {
        const g4 = smallUnitsAt(gross, UNIT_DP);
        const c = lineCents(q4, g4, smallUnitsAt(discount, DISCOUNT_DP));
        if (Number.isNaN(c)) return undefined;
        if (c === cents) return { quantity, unit4: g4, discount, folded: false, cents };
      }
    }
    const price = parseSmall(line.unitPrice);
    if (!price) return undefined;
    const net = smallUnitsAt(price, UNIT_DP);
    const c = lineCents(q4, net, 0);
    if (Number.isNaN(c)) return undefined;
    if (c === cents) return { quantity, unit4: net, folded: false, cents };
    if (q4 !== 0) {
      const scaledCents = cents * 1_000_000;
      if (!Number.isSafeInteger(scaledCents)) return undefined;
      const implied = divHalfUpSmall(scaledCents, q4);
      for (const unit of [implied, implied - 1, implied + 1]) {
        const tried = lineCents(q4, unit, 0);
        if (Number.isNaN(tried)) return undefined;
        if (tried === cents) return { quantity, unit4: unit, folded: false, cents };
      }
    }
  }
  // one unit at the line amount (in cents: 10^-4 units are cents × 100)
  const unit4 = cents * 100;
  if (!Number.isSafeInteger(unit4)) return undefined;
  return { quantity: { n: 1, scale: 0 }, unit4, folded: true, cents };
}

export function expressLineSmall(line: LineToExpress, allowDiscount: boolean): XeroLineExpression | undefined {
  const d = decide(line, allowDiscount);
  if (!d) return undefined;
  const e: XeroLineExpression = {
    quantity: shortestSmall(d.quantity.n, d.quantity.scale),
    unitAmount: shortestSmall(d.unit4, UNIT_DP),
    quantityFolded: d.folded,
  };
  if (d.discount) e.discountRate = shortestSmall(d.discount.n, d.discount.scale);
  return e;
}

/** The numbers xero-node's line wants, for a line expressed as above. */
export interface XeroLineNumbers {
  quantity: number;
  unitAmount: number;
  discountRate?: number;
  lineAmount: number;
  quantityFolded: boolean;
}

/**
 * The same decision as numbers, straight from the units: n / 10^s is the correctly rounded
 * quotient of two exact integers, i.e. the double nearest the decimal, which is what Number()
 * of the decimal's text gives, without printing and parsing the text.
 */
export function expressLineNumbersSmall(line: LineToExpress, allowDiscount: boolean): XeroLineNumbers | undefined {
  const d = decide(line, allowDiscount);
  if (!d) return undefined;
  const numbers: XeroLineNumbers = {
    quantity: d.quantity.n / smallPow10(d.quantity.scale),
    unitAmount: d.unit4 / smallPow10(UNIT_DP),
    lineAmount: d.cents / smallPow10(AMOUNT_DP),
    quantityFolded: d.folded,
  };
  if (d.discount) numbers.discountRate = d.discount.n / smallPow10(d.discount.scale);
  return numbers;
}
