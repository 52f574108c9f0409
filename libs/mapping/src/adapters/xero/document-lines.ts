import type { CurrencyCode, DecimalString, DocumentLine, PriceBasis, TaxSummary } from '../../canonical';
// money's own modules, not its index: a re-exported binding is a getter call on every use
import { CurrencyDecimals, formatMoney, isRoundedTo, XERO_AMOUNT_DP } from '../../money/currencies';
import { Dec, toDec, toDecimalString } from '../../money/decimal';
import { allocateLineTax, TaxAdjustment } from '../../money/tax';
import { expressLineNumbersForXero, XERO_UNIT_DP } from '../../money/xero-lines';

/** Item.Code's maxLength (xero_accounting.yaml). */
const ITEM_CODE_MAX = 30;
import { decimalOf, dimensionsOf, keyWithin, tracking, wire } from './fields';
import { XeroLineItem } from './xero-shapes';

// Document lines both ways. Out: each line's TaxAmount is set (X3 rounds tax per code on the
// footer, Xero adds up lines) and its quantity, unit amount and discount are chosen so that Xero's
// own LineAmount arithmetic gives the source's line amount to the cent.

export interface LinesOut {
  lineItems: XeroLineItem[];
  /** Per-code footer differences placed on a line (see money/allocateLineTax). */
  taxAdjustments: TaxAdjustment[];
  /** Lines sent as 1 × line amount because no 4-place unit amount reproduced the amount. */
  foldedLines: number[];
  /** Each line's amount and TaxAmount as decimal text (what Xero's totals are computed from). */
  amounts: Array<{ lineAmount: DecimalString; taxAmount: DecimalString }>;
}

export interface LineOptions {
  currency: CurrencyCode;
  basis: PriceBasis;
  taxes?: TaxSummary[];
  allowDiscount: boolean;
  currencyDecimals?: CurrencyDecimals;
}

const hasOwnTax = (lines: DocumentLine[]) => lines.every((l) => !l.taxCode || l.taxAmount !== undefined);

export function linesToXero(lines: DocumentLine[], o: LineOptions): LinesOut {
  const allocation = hasOwnTax(lines)
    ? { taxAmounts: lines.map((l) => l.taxAmount ?? '0'), adjustments: [] }
    : allocateLineTax(
        lines.map((l) => ({ amount: l.lineAmount, taxCode: l.taxCode })),
        o.taxes,
        o.basis,
        o.currency,
        o.currencyDecimals,
      );
  const foldedLines: number[] = [];
  const lineItems = lines.map((l, i): XeroLineItem => {
    // field names are built only for an error (this runs for every line of every document)
    const e = expressLineNumbersForXero(l, { allowDiscount: o.allowDiscount, field: `lines[${i}]` });
    if (e.quantityFolded) foldedLines.push(l.lineNumber);
    const item: XeroLineItem = {
      description: l.description || l.productKey || `Line ${l.lineNumber}`,
      quantity: e.quantity,
      unitAmount: e.unitAmount,
      lineAmount: e.lineAmount,
      taxAmount: wire(allocation.taxAmounts[i], XERO_AMOUNT_DP),
    };
    if (e.discountRate !== undefined) item.discountRate = e.discountRate;
    if (l.productKey) {
      item.itemCode =
        l.productKey.length <= ITEM_CODE_MAX
          ? l.productKey
          : keyWithin(l.productKey, ITEM_CODE_MAX, `lines[${i}].productKey`);
    }
    if (l.accountCode) item.accountCode = l.accountCode;
    if (l.taxCode) item.taxType = l.taxCode;
    if (l.dimensions) {
      const t = tracking(l.dimensions);
      if (t) item.tracking = t;
    }
    return item;
  });
  const amounts = lines.map((l, i) => ({ lineAmount: l.lineAmount, taxAmount: allocation.taxAmounts[i] }));
  return { lineItems, taxAdjustments: allocation.adjustments, foldedLines, amounts };
}

/** An amount read from Xero, at the currency's places when it has no more than those. */
export function amountOf(value: number | Dec | undefined, currency: CurrencyCode, decimals?: CurrencyDecimals): string {
  const d = toDec(value ?? 0);
  return isRoundedTo(d, currency, decimals) ? formatMoney(d, currency, decimals) : toDecimalString(d);
}

/**
 * Xero's TaxType for "no tax" (the tax rate Xero lists as "No GST" / "No VAT" / "Tax Exempt"). A
 * line read from Xero keeps its TaxType verbatim, NONE included, so a lookup can map it to X3's own
 * code; a line with no TaxType at all on an untaxed document (LineAmountTypes NoTax), or with no
 * tax, is read as NONE too: a tax-code lookup is never keyed by an empty value.
 */
export const XERO_NO_TAX_TYPE = 'NONE';

function taxTypeOf(x: XeroLineItem, untaxed: boolean): string | undefined {
  if (x.taxType) return x.taxType;
  return untaxed || !x.taxAmount ? XERO_NO_TAX_TYPE : undefined;
}

export function linesFromXero(
  items: XeroLineItem[] | undefined,
  currency: CurrencyCode,
  decimals?: CurrencyDecimals,
  untaxed = false,
): DocumentLine[] {
  return (items ?? []).map((x, i) => {
    const unit = toDec(x.unitAmount ?? 0);
    const discount = x.discountRate === undefined ? undefined : toDec(x.discountRate);
    const net = discount ? unit.times(new Dec(100).minus(discount)).div(100).toDecimalPlaces(XERO_UNIT_DP) : unit;
    const line: DocumentLine = {
      lineNumber: i + 1,
      quantity: decimalOf(x.quantity ?? 1)!,
      unitPrice: toDecimalString(net),
      lineAmount: amountOf(x.lineAmount, currency, decimals),
      taxAmount: amountOf(x.taxAmount, currency, decimals),
    };
    if (discount)
      Object.assign(line, { grossPrice: toDecimalString(unit), discountPercent: toDecimalString(discount) });
    if (x.itemCode) line.productKey = x.itemCode;
    if (x.description) line.description = x.description;
    const taxType = taxTypeOf(x, untaxed);
    if (taxType) line.taxCode = taxType;
    if (x.accountCode) line.accountCode = x.accountCode;
    const dims = dimensionsOf(x.tracking);
    if (dims) line.dimensions = dims;
    return line;
  });
}
