// Pieces every X3 commercial document shares: price basis, currency rate, footer taxes, totals,
// lines with their tax shared out so that per tax code the lines add up to the footer.
import Decimal from 'decimal.js';
import type {
  CurrencyCode,
  DecimalString,
  DocumentLine,
  DocumentTotals,
  ExchangeRate,
  PriceBasis,
  TaxSummary,
} from '../../canonical';
import type { AdapterContext, X3Shape } from '../adapter-contract';
import { allocateX3LineTaxes } from './x3-tax-allocation';
import { fromMinor, toMinor } from './x3-minor-units';
import { dimensionsOf, x3Dimensions } from './x3-dimensions';
import { compact, dec, decimalOf, decOrZero, linesOf, money, moneyOf, refKey, refProp, set, text } from './x3-values';

/** X3 PRITYP (menu 243): excludingTax (HT) or includingTax (TTC); unset means excluding. */
export function priceBasisOf(record: X3Shape): PriceBasis {
  return record.priceBasis === 'includingTax' ? 'inclusive' : 'exclusive';
}

export function x3PriceBasis(basis: PriceBasis): 'excludingTax' | 'includingTax' {
  return basis === 'inclusive' ? 'includingTax' : 'excludingTax';
}

/** CHGRAT as read (ledger units per document unit); a base-currency document without one is at 1. */
export function exchangeRateOf(
  record: X3Shape,
  currency: CurrencyCode,
  ctx: AdapterContext,
  rateField = 'exchangeRate',
): ExchangeRate | undefined {
  const rate = dec(record[rateField]);
  const rateType = text(record.rateType);
  if (rate === undefined || rate === '0')
    return currency === ctx.baseCurrency ? { baseCurrency: ctx.baseCurrency, rate: '1' } : undefined;
  return compact({ baseCurrency: ctx.baseCurrency, rate, rateType });
}

/** A collection the connector returned as an array, or still as a Relay connection. */
export function collectionOf(record: X3Shape, field: string): X3Shape[] {
  const value = record[field];
  if (Array.isArray(value)) return value as X3Shape[];
  const edges = (value as { query?: { edges?: Array<{ node: X3Shape }> } } | undefined)?.query?.edges;
  return edges ? edges.map((e) => e.node) : [];
}

/** The footer's tax per code (SVCRVAT / AMTTAX(n)), when the connector read it. */
export function footerTaxesOf(record: X3Shape, decimals: number): TaxSummary[] | undefined {
  const rows = collectionOf(record, 'taxes');
  if (rows.length === 0) return undefined;
  return rows.map((t) => ({
    taxCode: refKey(t.taxCode) ?? '',
    rate: decOrZero(t.taxRate),
    base: moneyOf(t.taxBase, decimals) ?? money(new Decimal(0), decimals),
    amount: moneyOf(t.taxAmount, decimals) ?? money(new Decimal(0), decimals),
  }));
}

export function totalsOf(record: X3Shape, decimals: number): DocumentTotals {
  const subTotal = moneyOf(record.totalAmountExcludingTax, decimals) ?? money(ZERO, decimals);
  const total = moneyOf(record.totalAmountIncludingTax, decimals) ?? subTotal;
  const totalTax = moneyOf(record.totalTaxAmount, decimals) ?? money(new Decimal(total).minus(subTotal), decimals);
  return { subTotal, totalTax, total };
}

const ZERO = new Decimal(0);

/** A line's own rounded tax (incl. − excl.), where X3 gives both amounts. */
function ownTaxOf(line: X3Shape, decimals: number): DecimalString | undefined {
  const excl = moneyOf(line.lineAmountExcludingTax, decimals);
  const incl = moneyOf(line.lineAmountIncludingTax, decimals);
  if (excl === undefined || incl === undefined) return undefined;
  const a = toMinor(incl, decimals);
  const b = toMinor(excl, decimals);
  return a !== undefined && b !== undefined
    ? fromMinor(a - b, decimals)
    : money(new Decimal(incl).minus(excl), decimals);
}

export interface LineFields {
  quantity: string;
  /** Order/delivery links on the line (sales invoice lines), when the node has them. */
  orderKey?: string;
  orderLineNumber?: string;
  shipmentKey?: string;
}

/** Lines on the document's basis, each with its tax derived to add up to the footer per code. */
export function documentLinesOf(
  record: X3Shape,
  basis: PriceBasis,
  decimals: number,
  fields: LineFields,
  footer: TaxSummary[] | undefined,
): DocumentLine[] {
  const rows = linesOf(record);
  const codes = rows.map((l) => refKey(l.taxCode));
  const footerTaxes = footer ?? singleCodeFooter(record, codes);
  const covered = new Set(footerTaxes?.map((t) => t.taxCode));
  const amounts = rows.map((l) => {
    const amount = basis === 'inclusive' ? text(l.lineAmountIncludingTax) : text(l.lineAmountExcludingTax);
    return moneyOf(amount ?? text(l.lineAmountExcludingTax) ?? text(l.lineAmountIncludingTax), decimals);
  });
  // Lines whose code the footer covers share its amount; the others keep their own rounded tax.
  const taxable = rows.map((l, i) => {
    const taxCode = codes[i];
    const shared = taxCode !== undefined && covered.has(taxCode);
    return { taxCode, lineAmount: amounts[i] ?? '0', ownTax: shared ? undefined : ownTaxOf(l, decimals) };
  });
  const taxes = allocateX3LineTaxes(taxable, footerTaxes, decimals);
  return rows.map((l, i) => {
    // Built field by field (not spread and compacted): this runs for every line of every document.
    const line: DocumentLine = {
      lineNumber: Number(l.lineNumber ?? (i + 1) * 1000),
      quantity: decOrZero(l[fields.quantity]),
      unitPrice: dec(l.netPrice) ?? dec(l.grossPrice) ?? '0',
      lineAmount: amounts[i] ?? money(ZERO, decimals),
    };
    set(line, 'productKey', refKey(l.product));
    set(line, 'description', text(l.productDescription) ?? refProp(l.product, 'description1'));
    set(line, 'grossPrice', dec(l.grossPrice));
    set(line, 'discountPercent', dec(l.discount));
    set(line, 'taxCode', codes[i]);
    set(line, 'taxAmount', taxes[i]);
    set(line, 'productAccountingCode', text(l.productAccountingCode) ?? refProp(l.product, 'accountingCode'));
    set(line, 'dimensions', dimensionsOf(l));
    if (fields.orderKey) set(line, 'orderKey', text(l[fields.orderKey]));
    if (fields.orderLineNumber) set(line, 'orderLineNumber', positiveInt(l[fields.orderLineNumber]));
    if (fields.shipmentKey) set(line, 'shipmentKey', text(l[fields.shipmentKey]));
    return line;
  });
}

/**
 * Without a footer (orders, and purchase invoices as read today), a document whose lines share one
 * tax code has that code's tax in its header (incl. − excl.): the same sharing applies. With
 * several codes each line keeps its own rounded tax (incl. − excl.), when X3 gives one.
 */
function singleCodeFooter(record: X3Shape, lineCodes: Array<string | undefined>): TaxSummary[] | undefined {
  const code = lineCodes[0];
  if (code === undefined || lineCodes.some((c) => c !== code)) return undefined;
  const excl = decimalOf(record.totalAmountExcludingTax);
  const incl = decimalOf(record.totalAmountIncludingTax);
  if (excl === undefined || incl === undefined) return undefined;
  const amount = decimalOf(record.totalTaxAmount) ?? incl.minus(excl);
  return [{ taxCode: code, rate: '0', base: excl.toFixed(), amount: amount.toFixed() }];
}

function positiveInt(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The writable part of a line for X3. Sales lines take the gross price and discount when known
 * (X3 derives NETPRI), else the net price; purchase invoice lines take the net price only.
 */
export function x3LineInput(
  line: DocumentLine,
  quantityField: string,
  ctx: AdapterContext,
  prices: 'gross' | 'net' = 'gross',
  links: Record<string, string | number | undefined> = {},
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  set(input, 'product', line.productKey);
  if (prices === 'gross') set(input, 'productDescription', line.description);
  input[quantityField] = line.quantity;
  const gross = prices === 'gross' ? line.grossPrice : undefined;
  if (gross !== undefined) {
    input.grossPrice = gross;
    set(input, 'discount', line.discountPercent);
  } else input.netPrice = line.unitPrice;
  set(input, 'taxCode', line.taxCode);
  if (line.dimensions && ctx.x3DimensionTypes) Object.assign(input, x3Dimensions(line.dimensions, ctx));
  for (const key in links) set(input, key, links[key]);
  return input;
}
