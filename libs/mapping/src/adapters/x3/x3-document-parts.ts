// Pieces every X3 commercial document shares: price basis, currency rate, footer taxes, totals,
// lines with their tax shared out so that per tax code the lines add up to the footer.
import Decimal from 'decimal.js';
import type { CurrencyCode, DocumentLine, DocumentTotals, ExchangeRate, PriceBasis, TaxSummary } from '../../canonical';
import type { AdapterContext, X3Shape } from '../adapter-contract';
import { allocateX3LineTaxes } from './x3-tax-allocation';
import { dimensionsOf, x3Dimensions } from './x3-dimensions';
import { compact, dec, decimalOf, decOrZero, linesOf, money, moneyOf, refKey, refProp, text } from './x3-values';

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
  const excl = decimalOf(record.totalAmountExcludingTax) ?? new Decimal(0);
  const incl = decimalOf(record.totalAmountIncludingTax) ?? excl;
  const tax = decimalOf(record.totalTaxAmount) ?? incl.minus(excl);
  return { subTotal: money(excl, decimals), totalTax: money(tax, decimals), total: money(incl, decimals) };
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
  const taxable = rows.map((l) => {
    const excl = decimalOf(l.lineAmountExcludingTax);
    const incl = decimalOf(l.lineAmountIncludingTax);
    const lineAmount = (basis === 'inclusive' ? incl : excl) ?? excl ?? incl ?? new Decimal(0);
    const ownTax = excl !== undefined && incl !== undefined ? incl.minus(excl) : undefined;
    return { taxCode: refKey(l.taxCode), lineAmount, ownTax };
  });
  const footerTaxes = footer ?? singleCodeFooter(record, taxable);
  const taxes = allocateX3LineTaxes(
    taxable,
    footerTaxes?.map((t) => ({ taxCode: t.taxCode, amount: new Decimal(t.amount) })),
    decimals,
  );
  return rows.map((l, i) =>
    compact({
      lineNumber: Number(l.lineNumber ?? (i + 1) * 1000),
      productKey: refKey(l.product),
      description: text(l.productDescription) ?? refProp(l.product, 'description1'),
      quantity: decOrZero(l[fields.quantity]),
      grossPrice: dec(l.grossPrice),
      discountPercent: dec(l.discount),
      unitPrice: dec(l.netPrice) ?? dec(l.grossPrice) ?? '0',
      taxCode: taxable[i].taxCode,
      lineAmount: money(taxable[i].lineAmount, decimals),
      taxAmount: taxes[i] === undefined ? undefined : money(taxes[i], decimals),
      productAccountingCode: text(l.productAccountingCode) ?? refProp(l.product, 'accountingCode'),
      dimensions: dimensionsOf(l),
      orderKey: fields.orderKey ? text(l[fields.orderKey]) : undefined,
      orderLineNumber: fields.orderLineNumber ? positiveInt(l[fields.orderLineNumber]) : undefined,
      shipmentKey: fields.shipmentKey ? text(l[fields.shipmentKey]) : undefined,
    } satisfies DocumentLine),
  );
}

/**
 * Without a footer (orders, and purchase invoices as read today), a document whose lines share one
 * tax code has that code's tax in its header (incl. − excl.): the same sharing applies. With
 * several codes each line keeps its own rounded tax (incl. − excl.), when X3 gives one.
 */
function singleCodeFooter(record: X3Shape, lines: Array<{ taxCode?: string }>): TaxSummary[] | undefined {
  const codes = new Set(lines.map((l) => l.taxCode));
  const [code] = [...codes];
  if (codes.size !== 1 || code === undefined) return undefined;
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
): Record<string, unknown> {
  const gross = prices === 'gross' ? line.grossPrice : undefined;
  return compact({
    product: line.productKey,
    productDescription: prices === 'gross' ? line.description : undefined,
    [quantityField]: line.quantity,
    grossPrice: gross,
    discount: gross !== undefined ? line.discountPercent : undefined,
    netPrice: gross === undefined ? line.unitPrice : undefined,
    taxCode: line.taxCode,
    ...x3Dimensions(line.dimensions, ctx),
  });
}
