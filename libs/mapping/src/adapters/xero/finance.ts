import type { Journal, JournalLine, Payment, PaymentAllocation, Shipment } from '../../canonical';
import { Dec, formatMoney, sumDec, toDec, x3RateFromXero, XERO_AMOUNT_DP, XERO_RATE_DP } from '../../money';
import { AdapterContext, AwaitingReference } from '../adapter-contract';
import { amountOf } from './document-lines';
import { defined, dimensionsOf, instant, ledgerDate, tracking, wire } from './fields';
import { splitCredits } from './payment-credits';
import { paymentPartRates } from './payment-rates';
import { XeroAdapterError } from './xero-adapter-error';
import type {
  TypedXeroAdapter,
  XeroCreditAllocation,
  XeroManualJournal,
  XeroPayment,
  XeroPaymentSet,
} from './xero-shapes';

// Payments, manual journals, and shipments (which Xero has no object for).

function allocationTarget(a: PaymentAllocation, i: number): Pick<XeroPayment, 'invoice' | 'creditNote'> {
  if (a.documentType === 'creditNote') {
    return { creditNote: a.xeroDocumentId ? { creditNoteID: a.xeroDocumentId } : { creditNoteNumber: a.documentKey } };
  }
  if (a.xeroDocumentId) return { invoice: { invoiceID: a.xeroDocumentId } };
  // a bill's InvoiceNumber is the supplier's number, not our key: only its Xero id finds it
  if (a.documentType === 'bill') {
    throw new XeroAdapterError(
      `allocations[${i}].xeroDocumentId`,
      'unresolved-reference',
      `bill ${a.documentKey} must be resolved to its Xero InvoiceID before a payment can settle it`,
    );
  }
  return { invoice: { invoiceNumber: a.documentKey } };
}

const DIRECTION_OF_TYPE: Record<string, Payment['direction']> = {
  ACCRECPAYMENT: 'received',
  APCREDITPAYMENT: 'received',
  ARCREDITPAYMENT: 'paid',
  ACCPAYPAYMENT: 'paid',
};

export const paymentXeroAdapter: TypedXeroAdapter<'payment', XeroPaymentSet> = {
  entity: 'payment',
  xeroResource: 'Payments',
  // One Xero Payment per allocation (Xero pays one document per Payment); the rate is the
  // payment date's, in Xero's direction. What is left unallocated is an overpayment or prepayment,
  // which Xero keeps as a BankTransaction and the sync engine raises and allocates.
  toXero: (p: Payment, ctx: AdapterContext): XeroPaymentSet => {
    const foreign = p.currency !== ctx.baseCurrency;
    if (foreign && !p.exchangeRate) {
      throw new XeroAdapterError('exchangeRate', 'required', `a ${p.currency} payment needs its rate`);
    }
    const status = p.status === 'deleted' ? ('DELETED' as const) : ('AUTHORISED' as const);
    const { cash, credits } = splitCredits(p, ctx);
    const rates = paymentPartRates(
      p,
      cash.map((c) => toDec(c.amount)),
      ctx,
    );
    const payments = cash.map(({ allocation, index, amount }, i) =>
      defined({
        ...allocationTarget(allocation, index),
        account: p.bankAccount ? { code: p.bankAccount } : undefined,
        date: p.date,
        amount: wire(amount, XERO_AMOUNT_DP),
        currencyRate: rates[i] === undefined ? undefined : wire(rates[i], XERO_RATE_DP),
        reference: p.reference ?? p.key,
        status,
      } satisfies XeroPayment),
    );
    const unallocated = toDec(p.amount).minus(sumDec(p.allocations.map((a) => toDec(a.amount))));
    const set: XeroPaymentSet = { payments };
    if (!unallocated.isZero()) set.unallocated = formatMoney(unallocated, p.currency, ctx.currencyDecimals);
    if (credits.length > 0) {
      set.creditAllocations = credits.map((c) => ({
        creditNote: allocationTarget(c.creditNote, -1).creditNote!,
        invoice: allocationTarget(c.document, c.documentIndex).invoice!,
        amount: wire(c.amount, XERO_AMOUNT_DP),
        date: p.date,
      }));
    }
    return set;
  },
  // A single Xero Payment, or a set written together, read back as one canonical payment.
  fromXero: (model: object, ctx: AdapterContext): Payment => {
    const set = 'payments' in model ? (model as XeroPaymentSet).payments : [model as XeroPayment];
    const first = set[0] ?? {};
    const doc = first.invoice ?? first.creditNote;
    const currency = doc?.currencyCode ?? ctx.baseCurrency;
    const allocations = set.map((x): PaymentAllocation => allocationFromXero(x, currency, ctx));
    const awaited = allocations.filter((a) => a.documentKey === '' && a.documentType === 'bill');
    if (awaited.length) {
      throw new AwaitingReference(
        awaited.map((a) => ({
          table: 'cross-reference',
          key: ['bill', a.xeroDocumentId ?? ''],
          field: `allocations[${allocations.indexOf(a)}].documentKey`,
        })),
      );
    }
    const foreign = currency !== ctx.baseCurrency && first.currencyRate !== undefined;
    const direction =
      DIRECTION_OF_TYPE[first.paymentType ?? ''] ?? (first.invoice?.type === 'ACCPAY' ? 'paid' : 'received');
    const credits = 'payments' in model ? (model as XeroPaymentSet).creditAllocations : undefined;
    if (credits?.length) withCredits(allocations, credits, direction, currency, ctx);
    return defined({
      entity: 'payment' as const,
      key: first.paymentID ?? first.reference ?? '',
      direction,
      partyKey: partyKeyOf(doc?.contact, direction === 'paid' ? 'supplier' : 'customer', ctx),
      date: ledgerDate(first.date) ?? '',
      currency,
      amount: formatMoney(sumDec(allocations.map((a) => toDec(a.amount))), currency, ctx.currencyDecimals),
      exchangeRate: foreign
        ? { baseCurrency: ctx.baseCurrency, rate: x3RateFromXero(first.currencyRate!).toFixed() }
        : undefined,
      bankAccount: first.account?.code,
      reference: first.reference || undefined,
      status: first.status === 'DELETED' ? ('deleted' as const) : ('authorised' as const),
      allocations,
      origin: first.paymentID
        ? defined({ system: 'xero' as const, key: first.paymentID, updatedAt: instant(first.updatedDateUTC) })
        : undefined,
    });
  },
};

/** The contact's X3 code: its ContactNumber, else what our cross-reference holds for its ContactID. */
function partyKeyOf(
  contact: { contactID?: string; contactNumber?: string } | undefined,
  as: 'customer' | 'supplier',
  ctx: AdapterContext,
): string {
  if (contact?.contactNumber) return contact.contactNumber;
  const id = contact?.contactID;
  return (id === undefined ? undefined : ctx.x3KeyOfXeroContact?.(id, as)) ?? id ?? '';
}

/**
 * One Xero Payment's document as an allocation, keyed by the X3 key the cross-references hold for
 * its Xero id. An invoice or credit note they do not know falls back to its number (the forward
 * flow writes X3's number there); a bill's InvoiceNumber is the supplier's, not unique and not our
 * key, so an unknown bill keeps an empty key and the payment waits on it.
 */
function allocationFromXero(x: XeroPayment, currency: string, ctx: AdapterContext): PaymentAllocation {
  const id = x.invoice?.invoiceID ?? x.creditNote?.creditNoteID;
  const known = id === undefined ? undefined : ctx.x3KeyOfXeroDocument?.(id);
  const documentType = x.creditNote ? 'creditNote' : x.invoice?.type === 'ACCPAY' ? 'bill' : 'invoice';
  const byNumber = x.invoice
    ? (x.invoice.invoiceNumber ?? x.invoice.invoiceID ?? '')
    : (x.creditNote?.creditNoteNumber ?? x.creditNote?.creditNoteID ?? '');
  return defined({
    documentKey: known ?? (documentType === 'bill' ? '' : byNumber),
    documentType,
    amount: amountOf(x.amount, currency, ctx.currencyDecimals),
    xeroDocumentId: id,
  });
}

/** Credit notes applied within the payment back as X3 sees them: the document's line grows, the credit is negative. */
function withCredits(
  allocations: PaymentAllocation[],
  credits: XeroCreditAllocation[],
  direction: Payment['direction'],
  currency: string,
  ctx: AdapterContext,
): void {
  const money = (v: Dec) => formatMoney(v, currency, ctx.currencyDecimals);
  for (const credit of credits) {
    const id = credit.invoice.invoiceID;
    const key =
      (id === undefined ? undefined : ctx.x3KeyOfXeroDocument?.(id)) ??
      credit.invoice.invoiceNumber ??
      credit.invoice.invoiceID ??
      '';
    const amount = toDec(credit.amount);
    const document = allocations.find(
      (a) =>
        a.documentType !== 'creditNote' && (a.documentKey === key || (id !== undefined && a.xeroDocumentId === id)),
    );
    if (document) document.amount = money(toDec(document.amount).plus(amount));
    else {
      allocations.push(
        defined({
          documentKey: key,
          documentType: direction === 'paid' ? ('bill' as const) : ('invoice' as const),
          amount: money(amount),
          xeroDocumentId: id,
        }),
      );
    }
    allocations.push(
      defined({
        documentKey: credit.creditNote.creditNoteNumber ?? credit.creditNote.creditNoteID ?? '',
        documentType: 'creditNote' as const,
        amount: money(amount.negated()),
        xeroDocumentId: credit.creditNote.creditNoteID,
      }),
    );
  }
}

const NARRATION_KEY = /^X3 (\S+)(?:: (.*))?$/s;

/** Manual journals are in the base currency only: a foreign journal goes at its base amounts. */
function journalLineAmount(line: JournalLine, journal: Journal, ctx: AdapterContext, i: number): string {
  if (journal.currency === ctx.baseCurrency) return line.amount;
  if (line.baseAmount === undefined) {
    throw new XeroAdapterError(
      `lines[${i}].baseAmount`,
      'required',
      `Xero manual journals are in ${ctx.baseCurrency} only: a ${journal.currency} line needs its base amount`,
    );
  }
  return line.baseAmount;
}

const JOURNAL_STATUS = { draft: 'DRAFT', posted: 'POSTED', voided: 'VOIDED' } as const;

export const journalXeroAdapter: TypedXeroAdapter<'journal', XeroManualJournal> = {
  entity: 'journal',
  xeroResource: 'ManualJournals',
  // Journals have no natural key in Xero: the Narration starts with "X3 <key>", which is how an
  // unclear write is checked and a journal is found again. Debit positive, credit negative.
  toXero: (j: Journal, ctx: AdapterContext): XeroManualJournal => {
    const amounts = j.lines.map((l, i) =>
      formatMoney(journalLineAmount(l, j, ctx, i), ctx.baseCurrency, ctx.currencyDecimals),
    );
    const balance = sumDec(amounts.map((a) => toDec(a)));
    if (!balance.isZero()) {
      throw new XeroAdapterError(
        'lines',
        'unbalanced-journal',
        `journal ${j.key} is off balance by ${balance.toFixed()}`,
      );
    }
    return defined({
      narration: j.description ? `X3 ${j.key}: ${j.description}` : `X3 ${j.key}`,
      date: j.date,
      status: JOURNAL_STATUS[j.status],
      lineAmountTypes: 'NoTax' as const,
      journalLines: j.lines.map((l, i) =>
        defined({
          lineAmount: wire(amounts[i], XERO_AMOUNT_DP),
          accountCode: l.accountCode,
          description: l.description,
          taxType: l.taxCode,
          tracking: tracking(l.dimensions),
        }),
      ),
    });
  },
  fromXero: (model: object, ctx: AdapterContext): Journal => {
    const m = model as XeroManualJournal;
    const parsed = NARRATION_KEY.exec(m.narration ?? '');
    const status =
      m.status === 'POSTED' ? 'posted' : m.status === 'VOIDED' || m.status === 'DELETED' ? 'voided' : 'draft';
    return defined({
      entity: 'journal' as const,
      key: parsed?.[1] ?? m.manualJournalID ?? '',
      date: ledgerDate(m.date) ?? '',
      description: parsed ? parsed[2] || undefined : m.narration,
      currency: ctx.baseCurrency,
      status: status,
      sourceStatus: m.status,
      lines: (m.journalLines ?? []).map((l, i): JournalLine =>
        defined({
          lineNumber: i + 1,
          accountCode: l.accountCode ?? '',
          description: l.description || undefined,
          amount: amountOf(l.lineAmount, ctx.baseCurrency, ctx.currencyDecimals),
          taxCode: l.taxType || undefined,
          dimensions: dimensionsOf(l.tracking),
        }),
      ),
      origin: m.manualJournalID
        ? defined({ system: 'xero' as const, key: m.manualJournalID, updatedAt: instant(m.updatedDateUTC) })
        : undefined,
    });
  },
};

/**
 * Xero's accounting API has no delivery or shipment object, and a shipment books nothing in the
 * ledger: what Xero sees of a shipment is the invoice that bills it (its lines carry shipmentKey,
 * and a tracked item's quantity moves with that invoice). So shipments are neither written to
 * nor read from Xero.
 */
export const shipmentXeroAdapter: TypedXeroAdapter<'shipment', never> = {
  entity: 'shipment',
  xeroResource: 'none',
  toXero: (s: Shipment) => {
    throw new XeroAdapterError('shipment', 'not-writable', `shipment ${s.key}: Xero has no shipment object`);
  },
  fromXero: () => {
    throw new XeroAdapterError('shipment', 'not-writable', 'Xero has no shipment object to read');
  },
};
