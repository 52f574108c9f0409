import type { Bill, CreditNote, DocumentStatus, DocumentTotals, Invoice, SalesOrder } from '../../canonical';
import {
  chooseXeroCurrencyRate,
  x3RateFromXero,
  XERO_RATE_DP,
  xeroBaseAmount,
  XeroRateChoice,
} from '../../money/exchange';
import { compareTotals, xeroDocumentTotals } from '../../money/tax';
import type { AdapterContext } from '../adapter-contract';
import { CONTACT_NUMBER_MAX } from './parties';
import { defined, instant, keyWithin, ledgerDate, wire } from './fields';
import { amountOf, linesFromXero, linesToXero, LinesOut } from './document-lines';
import { XeroAdapterError } from './xero-adapter-error';
import type { XeroDocument, XeroDocumentStatus } from './xero-shapes';

// What invoices, bills, credit notes and order drafts share: contact, dates, currency and rate,
// LineAmountTypes from the price basis, lines, status, and the check that Xero's own totals will
// equal the source's to the cent.

export type MappedDocument = Invoice | Bill | CreditNote | SalesOrder;

/** A document as it will go to Xero, with what it took to get there. */
export interface XeroDocumentPlan {
  model: XeroDocument;
  /** The totals Xero will compute from model's lines. */
  xeroTotals: DocumentTotals;
  /** Foreign currency only: the 6-place rate sent and the base amount left over. */
  rate?: XeroRateChoice;
  taxAdjustments: LinesOut['taxAdjustments'];
  foldedLines: number[];
}

// PAID is reached in Xero only by payments and allocations; a paid source document goes out
// AUTHORISED and its payments follow.
const STATUS_TO_XERO: Record<DocumentStatus, XeroDocumentStatus> = {
  draft: 'DRAFT',
  submitted: 'SUBMITTED',
  authorised: 'AUTHORISED',
  paid: 'AUTHORISED',
  voided: 'VOIDED',
  deleted: 'DELETED',
};

export function planXeroDocument(
  doc: MappedDocument,
  ctx: AdapterContext,
  options: { allowDiscount: boolean; status?: XeroDocumentStatus },
): XeroDocumentPlan {
  const lines = linesToXero(doc.lines, {
    currency: doc.currency,
    basis: doc.priceBasis,
    taxes: doc.taxes,
    allowDiscount: options.allowDiscount,
    currencyDecimals: ctx.currencyDecimals,
  });
  const untaxed = doc.lines.length > 0 && doc.lines.every((l) => !l.taxCode);
  const xeroTotals = xeroDocumentTotals(lines.amounts, doc.priceBasis);
  const differences = compareTotals(doc.totals, xeroTotals);
  if (differences.length) {
    const d = differences[0];
    throw new XeroAdapterError(
      `totals.${d.field}`,
      'totals-differ',
      `Xero would compute ${d.field} ${d.actual} from the lines, the source says ${d.expected}`,
    );
  }
  const rate = chooseXeroCurrencyRate({
    currency: doc.currency,
    baseCurrency: ctx.baseCurrency,
    total: doc.totals.total,
    exchangeRate: doc.exchangeRate,
    baseTotal: doc.baseTotal,
    currencyDecimals: ctx.currencyDecimals,
  });
  const model: XeroDocument = defined({
    contact: { contactNumber: keyWithin(doc.partyKey, CONTACT_NUMBER_MAX, 'partyKey') },
    date: doc.date,
    dueDate: doc.dueDate,
    // lines without any tax code go as NoTax, so Xero does not apply the accounts' default tax
    lineAmountTypes: untaxed ? 'NoTax' : doc.priceBasis === 'inclusive' ? 'Inclusive' : 'Exclusive',
    currencyCode: doc.currency,
    currencyRate: rate ? wire(rate.currencyRate, XERO_RATE_DP) : undefined,
    status: options.status ?? STATUS_TO_XERO[doc.status],
    lineItems: lines.lineItems,
  } satisfies XeroDocument);
  return { model, xeroTotals, rate, taxAdjustments: lines.taxAdjustments, foldedLines: lines.foldedLines };
}

/** The fields every document read from Xero has, in canonical form. */
export function documentFromXero(x: XeroDocument, ctx: AdapterContext, id: string | undefined) {
  const currency = x.currencyCode ?? ctx.baseCurrency;
  const decimals = ctx.currencyDecimals;
  const foreign = currency !== ctx.baseCurrency && x.currencyRate !== undefined;
  const total = amountOf(x.total, currency, decimals);
  const status = (x.status ?? 'DRAFT').toLowerCase() as DocumentStatus;
  return defined({
    partyKey: x.contact?.contactNumber ?? x.contact?.contactID ?? '',
    date: ledgerDate(x.date) ?? '',
    dueDate: ledgerDate(x.dueDate),
    currency,
    exchangeRate: foreign
      ? { baseCurrency: ctx.baseCurrency, rate: x3RateFromXero(x.currencyRate!).toFixed() }
      : undefined,
    priceBasis: x.lineAmountTypes === 'Inclusive' ? ('inclusive' as const) : ('exclusive' as const),
    status,
    sourceStatus: x.status,
    lines: linesFromXero(x.lineItems, currency, decimals, x.lineAmountTypes === 'NoTax'),
    totals: {
      subTotal: amountOf(x.subTotal, currency, decimals),
      totalTax: amountOf(x.totalTax, currency, decimals),
      total,
    },
    baseTotal: foreign
      ? amountOf(xeroBaseAmount(total, x.currencyRate!, ctx.baseCurrency, decimals), ctx.baseCurrency, decimals)
      : undefined,
    amountPaid: x.amountPaid === undefined ? undefined : amountOf(x.amountPaid, currency, decimals),
    amountDue: x.amountDue === undefined ? undefined : amountOf(x.amountDue, currency, decimals),
    origin: id ? defined({ system: 'xero' as const, key: id, updatedAt: instant(x.updatedDateUTC) }) : undefined,
  });
}
