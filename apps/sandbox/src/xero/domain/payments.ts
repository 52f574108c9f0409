import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { recordOf, text } from '../core/json';
import { invalid, notFound } from '../core/xero-errors';
import { isoNoZone, msDate, parseDateInput } from '../core/ms-date';
import { assertUnlocked } from './lock-dates';
import { D, Dec, dec, round, wire } from './money';
import { DocumentRecord, PaymentRecord, SettlementRecord, settledDocumentId } from './records';
import { documentDate, resolveAccount } from './refs';

const PAYMENT_TYPES: Record<string, string> = {
  ACCREC: 'ACCRECPAYMENT',
  ACCPAY: 'ACCPAYPAYMENT',
  ACCRECCREDIT: 'ARCREDITPAYMENT',
  ACCPAYCREDIT: 'APCREDITPAYMENT',
};

async function paymentTarget(
  s: OrgSession,
  input: Doc,
): Promise<{ kind: 'Invoice' | 'CreditNote'; doc: DocumentRecord }> {
  const inv = recordOf(input.Invoice) ?? (input.InvoiceNumber ? { InvoiceNumber: input.InvoiceNumber } : undefined);
  const cn =
    recordOf(input.CreditNote) ?? (input.CreditNoteNumber ? { CreditNoteNumber: input.CreditNoteNumber } : undefined);
  if (inv) {
    const doc = inv.InvoiceID
      ? await s.get('Invoice', inv.InvoiceID)
      : (await s.all('Invoice')).find((d) => d.InvoiceNumber === text(inv.InvoiceNumber));
    if (!doc) throw invalid('Invoice could not be found');
    return { kind: 'Invoice', doc };
  }
  if (cn) {
    const doc = cn.CreditNoteID
      ? await s.get('CreditNote', cn.CreditNoteID)
      : (await s.all('CreditNote')).find((d) => d.CreditNoteNumber === text(cn.CreditNoteNumber));
    if (!doc) throw invalid('Credit note could not be found');
    return { kind: 'CreditNote', doc };
  }
  throw invalid('You must specify an Invoice or CreditNote for the payment.');
}

function outstanding(kind: 'Invoice' | 'CreditNote', doc: DocumentRecord): Dec {
  return dec(kind === 'Invoice' ? doc.AmountDue : doc.RemainingCredit, 'AmountDue');
}

/** Applies a payment: only to AUTHORISED documents, never more than is outstanding. */
export async function createPayment(s: OrgSession, input: Doc): Promise<PaymentRecord> {
  const { kind, doc } = await paymentTarget(s, input);
  if (doc.Status !== 'AUTHORISED') throw invalid('Payments can only be made against Authorised documents.');
  const accountRef = recordOf(input.Account);
  if (!accountRef) throw invalid('You must specify an Account for the payment.');
  const account = await resolveAccount(s, accountRef);
  if (account.Type !== 'BANK' && !account.EnablePaymentsToAccount)
    throw invalid(`Account '${account.Code}' does not accept payments.`);
  const amount = round(dec(input.Amount, 'Amount'));
  if (amount.lte(0)) throw invalid('Payment amount must be greater than zero.');
  if (amount.gt(outstanding(kind, doc)))
    throw invalid('The payment amount exceeds the amount outstanding on this document.');
  const dateMs = documentDate(s, input.Date);
  const id = randomUUID();
  const rate =
    doc.CurrencyCode === s.org.BaseCurrency
      ? new D(1)
      : input.CurrencyRate !== undefined
        ? dec(input.CurrencyRate, 'CurrencyRate')
        : dec(doc.CurrencyRate, 'CurrencyRate');
  const payment: PaymentRecord = {
    PaymentID: id,
    Date: msDate(dateMs),
    BankAmount: wire(amount),
    Amount: wire(amount),
    Reference: text(input.Reference) ?? '',
    CurrencyRate: Number(rate.toFixed(6)),
    PaymentType: PAYMENT_TYPES[doc.Type ?? ''],
    Status: 'AUTHORISED',
    UpdatedDateUTC: msDate(s.now),
    UpdatedDateUTCString: new Date(s.now).toISOString().replace(/\.\d+Z$/, 'Z'),
    HasAccount: true,
    IsReconciled: input.IsReconciled === true,
    HasValidationErrors: false,
    Account: { AccountID: account.AccountID, Code: account.Code },
  };
  if (kind === 'Invoice') {
    payment.Invoice = {
      InvoiceID: settledDocumentId(kind, doc),
      InvoiceNumber: doc.InvoiceNumber ?? '',
      Type: doc.Type,
      Contact: { ContactID: doc.Contact.ContactID, Name: doc.Contact.Name },
      CurrencyCode: doc.CurrencyCode,
    };
  } else {
    payment.CreditNote = {
      CreditNoteID: settledDocumentId(kind, doc),
      CreditNoteNumber: doc.CreditNoteNumber ?? '',
      Type: doc.Type,
      Contact: { ContactID: doc.Contact.ContactID, Name: doc.Contact.Name },
      CurrencyCode: doc.CurrencyCode,
    };
  }
  await s.put('Payment', id, payment);
  await settle(
    s,
    kind,
    doc,
    amount,
    {
      PaymentID: id,
      Date: payment.Date,
      Amount: payment.Amount,
      Reference: payment.Reference,
      CurrencyRate: payment.CurrencyRate,
      HasAccount: true,
      HasValidationErrors: false,
    },
    dateMs,
  );
  return payment;
}

/** Deleting a payment (Status DELETED) restores the document's amount due and status. */
export async function deletePayment(s: OrgSession, paymentId: string, input: Doc): Promise<PaymentRecord> {
  const payment = await s.get('Payment', paymentId);
  if (!payment) throw notFound(`Payment ${paymentId} was not found`);
  if (input.Status !== 'DELETED') throw invalid('Only Status DELETED can be set on a payment.');
  if (payment.Status === 'DELETED') throw invalid('This payment has already been deleted.');
  const paidOn = parseDateInput(payment.Date);
  if (paidOn !== undefined && !Number.isNaN(paidOn)) assertUnlocked(s.org, paidOn);
  const kind = payment.Invoice ? 'Invoice' : 'CreditNote';
  const doc = await s.get(kind, payment.Invoice?.InvoiceID ?? payment.CreditNote?.CreditNoteID);
  if (!doc) throw invalid('The paid document no longer exists.');
  const updated: PaymentRecord = {
    ...payment,
    Status: 'DELETED',
    UpdatedDateUTC: msDate(s.now),
    UpdatedDateUTCString: new Date(s.now).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  await s.put('Payment', paymentId, updated);
  const amount = dec(payment.Amount, 'Amount').negated();
  const next: DocumentRecord = { ...doc, Payments: (doc.Payments ?? []).filter((p) => p.PaymentID !== paymentId) };
  await settle(s, kind, next, amount, undefined, undefined);
  return updated;
}

/** Moves a document's balance by `amount` (negative to reverse) and keeps PAID in step. */
export async function settle(
  s: OrgSession,
  kind: 'Invoice' | 'CreditNote',
  doc: DocumentRecord,
  amount: Dec,
  entry: SettlementRecord | undefined,
  onDate: number | undefined,
  field: 'Payments' | 'CreditNotes' | 'Allocations' | 'Overpayments' | 'Prepayments' = 'Payments',
): Promise<DocumentRecord> {
  const next: DocumentRecord = { ...doc, UpdatedDateUTC: msDate(s.now) };
  if (entry) next[field] = [...(doc[field] ?? []), entry];
  let left: Dec;
  if (kind === 'Invoice') {
    // Xero's AmountCredited: credit notes, overpayments and prepayments applied to the invoice
    const key = field === 'Payments' ? 'AmountPaid' : 'AmountCredited';
    next[key] = wire(dec(doc[key], key).plus(amount));
    left = dec(doc.AmountDue, 'AmountDue').minus(amount);
    next.AmountDue = wire(left);
  } else {
    left = dec(doc.RemainingCredit, 'RemainingCredit').minus(amount);
    next.RemainingCredit = wire(left);
  }
  if (left.isZero() && amount.gt(0)) {
    next.Status = 'PAID';
    const paidOn = onDate ?? s.now;
    Object.assign(next, { FullyPaidOnDate: msDate(paidOn) });
    if (kind === 'Invoice') next.FullyPaidOnDateString = isoNoZone(paidOn);
  } else if (doc.Status === 'PAID' && left.gt(0)) {
    next.Status = 'AUTHORISED';
    delete next.FullyPaidOnDate;
    delete next.FullyPaidOnDateString;
  }
  const id = settledDocumentId(kind, next);
  await s.put(kind, id, next);
  s.emit(
    kind === 'Invoice'
      ? { category: 'INVOICE', type: 'UPDATE', resourceId: id }
      : {
          category: 'CREDITNOTE',
          type: 'UPDATE',
          resourceId: id,
          data: { Type: next.Type, Status: next.Status },
        },
  );
  return next;
}
