// The header every X3 commercial document maps the same way: currency and rate, price basis,
// footer taxes, totals, lines, paid and due amounts.
import Decimal from 'decimal.js';
import type { DecimalString, DocumentStatus, DocumentTotals, ExchangeRate, SalesOrder } from '../../canonical';
import type { AdapterContext, X3Shape } from '../adapter-contract';
import { x3CurrencyDecimals } from './x3-currency';
import {
  LineFields,
  documentLinesOf,
  exchangeRateOf,
  footerTaxesOf,
  priceBasisOf,
  totalsOf,
  x3PriceBasis,
} from './x3-document-parts';
import { originOf } from './x3-origin';
import { compact, dateOf, decimalOf, money, moneyOf, refKey, requiredText, text } from './x3-values';

/** The fields SalesOrder, Invoice, Bill and CreditNote share (CommercialDocument). */
export type CommercialHeader = Omit<SalesOrder, 'entity' | 'customerOrderReference'>;

export interface HeaderFields {
  party: string;
  date: string;
  site: string;
  status: DocumentStatus;
  lines: LineFields;
}

export function commercialHeaderOf(record: X3Shape, ctx: AdapterContext, f: HeaderFields): CommercialHeader {
  const key = requiredText(record.id ?? record._id, 'document number');
  const currency = refKey(record.currency) ?? ctx.baseCurrency;
  const decimals = x3CurrencyDecimals(currency, ctx);
  const priceBasis = priceBasisOf(record);
  const taxes = footerTaxesOf(record, decimals);
  const totals = totalsOf(record, decimals);
  const paid = decimalOf(record.paidAmount);
  const exchangeRate = exchangeRateOf(record, currency, ctx);
  return compact({
    key,
    partyKey: requiredText(record[f.party], `${f.party} of ${key}`),
    date: dateOf(record[f.date]) ?? requiredText(undefined, `${f.date} of ${key}`),
    dueDate: dateOf(record.dueDate),
    currency,
    exchangeRate,
    priceBasis,
    status: f.status,
    sourceStatus: text(record.status) ?? text(record.orderStatus),
    paymentTerm: text(record.paymentTerm),
    taxRule: text(record.taxRule),
    site: refKey(record[f.site]),
    lines: documentLinesOf(record, priceBasis, decimals, f.lines, taxes),
    taxes,
    totals,
    baseTotal: ledgerTotalOf(totals, exchangeRate, ctx),
    amountPaid: paid === undefined ? undefined : money(paid, decimals),
    amountDue: paid === undefined ? undefined : money(new Decimal(totals.total).minus(paid), decimals),
    origin: originOf(record, key),
  });
}

/**
 * The header made into one entity's record: the entity tag and its own fields set on the header
 * object itself (freshly built above, so nothing shared is changed; no copy of ~20 fields).
 */
export function documentOf<E extends string, X extends object>(
  header: CommercialHeader,
  entity: E,
  extra: X,
): CommercialHeader & { entity: E } & X {
  const doc = header as CommercialHeader & { entity: E } & X;
  doc.entity = entity;
  for (const key in extra) if (extra[key] !== undefined) doc[key] = extra[key] as (typeof doc)[typeof key];
  return doc;
}

/**
 * The document's total in the ledger currency as X3 posts it (the API gives no AMTLED on invoices):
 * the untaxed total and the tax each converted at CHGRAT and rounded to the ledger currency, then
 * added. Absent when the document has no rate.
 */
export function ledgerTotalOf(
  totals: DocumentTotals,
  rate: ExchangeRate | undefined,
  ctx: AdapterContext,
): DecimalString | undefined {
  if (!rate) return undefined;
  const decimals = x3CurrencyDecimals(ctx.baseCurrency, ctx);
  if (rate.rate === '1') return moneyOf(totals.total, decimals);
  const convert = (amount: DecimalString) =>
    new Decimal(amount).mul(rate.rate).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return money(convert(totals.subTotal).plus(convert(totals.totalTax)), decimals);
}

/** Currency, price basis and rate type, as every X3 document input takes them (CUR, PRITYP, CHGTYP). */
export function x3CurrencyTerms(doc: CommercialHeader): Record<string, unknown> {
  return {
    currency: doc.currency,
    priceBasis: x3PriceBasis(doc.priceBasis),
    rateType: doc.exchangeRate?.rateType,
  };
}

/** Distinct non-empty values, in order of appearance. */
export function distinct(values: Array<string | undefined>): string[] | undefined {
  const out = [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
  return out.length > 0 ? out : undefined;
}
