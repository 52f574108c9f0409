// An order drafted on entry and invoiced in parts: its Xero draft stands for what X3 has not
// invoiced yet. X3 keeps the invoiced quantity on each order line (SORDERQ INVQTY, summed over the
// invoices naming the line), so the order's remainder is each line at ordered − invoiced, priced as
// X3 prices it (net price × quantity, tax per code on the sum at the code's rate). An order wholly
// invoiced drafts nothing: the invoice that completed it takes its draft over (draft-matches.ts).
import Decimal from 'decimal.js';
import { X3Error, X3Record } from '#lb/connectors/sage-x3';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;
type Done = Extract<Settlement, { kind: 'done' }>;

const linesOf = (r: Row): Row[] => {
  const v = r.lines;
  if (Array.isArray(v)) return v as Row[];
  const edges = (v as { query?: { edges?: Array<{ node: Row }> } } | undefined)?.query?.edges;
  return edges ? edges.map((e) => e.node) : [];
};

const decimalOf = (v: unknown): Decimal =>
  typeof v === 'number' || (typeof v === 'string' && v !== '') ? new Decimal(v) : new Decimal(0);

const keyOf = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  const id = (v as { _id?: unknown } | null | undefined)?._id;
  return typeof id === 'string' && id ? id : undefined;
};

/** What is left to invoice of one order line (never below zero: X3 may over-invoice a line). */
const remainingOf = (line: Row): Decimal =>
  Decimal.max(0, decimalOf(line.quantityInSalesUnitOrdered).minus(decimalOf(line.quantityInSalesUnitInvoiced)));

/** X3 has invoiced part of the order, not all of it. */
export function isPartlyInvoiced(order: Row): boolean {
  const lines = linesOf(order);
  return lines.some((l) => decimalOf(l.quantityInSalesUnitInvoiced).gt(0)) && lines.some((l) => remainingOf(l).gt(0));
}

/** Every line of the order invoiced in X3 (an order without lines is not). */
export function isWhollyInvoiced(order: Row): boolean {
  const lines = linesOf(order);
  return lines.length > 0 && lines.every((l) => remainingOf(l).isZero());
}

/** The currency's decimals as X3 wrote the order's amounts ('59.97' → 2, '6000' → 0). */
function decimalsOf(order: Row): number {
  const v = order.totalAmountExcludingTax;
  const amount = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  const dot = amount.indexOf('.');
  return dot < 0 ? (amount === '' ? 2 : 0) : amount.length - dot - 1;
}

/**
 * The order as its uninvoiced remainder: the lines with quantity left, each at that quantity and
 * priced as X3 prices a line (lineAmounts), the footer tax per code on the sum of those lines
 * (documentTotals), and the header totals of those. `rates`: each tax code's rate in percent.
 */
export function remainderAsOrder(order: Row, rates: Map<string, Decimal>): Row {
  const decimals = decimalsOf(order);
  const inclusive = order.priceBasis === 'includingTax';
  const round = (d: Decimal) => d.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const byCode = new Map<string, Decimal>();
  const lines = linesOf(order)
    .filter((l) => remainingOf(l).gt(0))
    .map((l) => {
      const quantity = remainingOf(l);
      const code = keyOf(l.taxCode) ?? '';
      const rate = rates.get(code) ?? new Decimal(0);
      const amount = round(decimalOf(l.netPrice).mul(quantity));
      const tax = inclusive
        ? amount.minus(round(amount.mul(100).div(rate.plus(100))))
        : round(amount.mul(rate).div(100));
      byCode.set(code, (byCode.get(code) ?? new Decimal(0)).plus(amount));
      const { lineAmountExcludingTax: _excl, lineAmountIncludingTax: _incl, ...line } = l;
      return {
        ...line,
        quantityInSalesUnitOrdered: quantity.toFixed(),
        lineAmountExcludingTax: (inclusive ? amount.minus(tax) : amount).toFixed(decimals),
        lineAmountIncludingTax: (inclusive ? amount : amount.plus(tax)).toFixed(decimals),
      };
    });
  const taxes = [...byCode].map(([code, sum]) => {
    const rate = rates.get(code) ?? new Decimal(0);
    const amount = round(inclusive ? sum.mul(rate).div(rate.plus(100)) : sum.mul(rate).div(100));
    const base = inclusive ? sum.minus(amount) : sum;
    return { taxCode: code, taxRate: rate.toFixed(), taxBase: base.toFixed(decimals), amount };
  });
  const excl = taxes.reduce((t, x) => t.plus(x.taxBase), new Decimal(0));
  const tax = taxes.reduce((t, x) => t.plus(x.amount), new Decimal(0));
  return {
    ...order,
    lines,
    taxes: taxes.map(({ amount, ...t }) => ({ ...t, taxAmount: amount.toFixed(decimals) })),
    totalAmountExcludingTax: excl.toFixed(decimals),
    totalTaxAmount: tax.toFixed(decimals),
    totalAmountIncludingTax: excl.plus(tax).toFixed(decimals),
  };
}

/**
 * What an orders flow drafting on entry maps for an order: the order itself until X3 invoices
 * part of it, then its remainder (the tax codes' rates read from X3, one call per code). Once it
 * is wholly invoiced nothing is written (`instead`), unless its cross-reference says more (merged).
 */
export async function orderSource(
  order: Row,
  readX3: (node: string, key: string) => Promise<X3Record>,
): Promise<{ source: Row; instead?: Done } | { settlement: Settlement }> {
  if (isWhollyInvoiced(order)) {
    const messages = ['wholly invoiced in X3: the invoice that completes it takes its Xero draft over'];
    return { source: order, instead: { kind: 'done', outcome: { action: 'skipped', messages } } };
  }
  if (!isPartlyInvoiced(order)) return { source: order };
  const rates = new Map<string, Decimal>();
  for (const code of new Set(linesOf(order).map((l) => keyOf(l.taxCode) ?? ''))) {
    if (!code) continue;
    try {
      rates.set(code, decimalOf((await readX3('taxCode', code)).rate));
    } catch (e) {
      if (!(e instanceof X3Error && e.kind === 'not-found')) throw e;
      return {
        settlement: { kind: 'dead', error: `tax code ${code} not in X3`, outcome: { messages: [`no tax ${code}`] } },
      };
    }
  }
  return { source: remainderAsOrder(order, rates) };
}
