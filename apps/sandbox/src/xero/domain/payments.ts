import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { invalid, notFound } from '../core/xero-errors';
import { isoNoZone, msDate, parseDateInput } from '../core/ms-date';
import { assertUnlocked } from './lock-dates';
import { D, Dec, dec, round, wire } from './money';
import { documentDate, resolveAccount } from './refs';

const PAYMENT_TYPES: Record<string, string> = {
  ACCREC: 'ACCRECPAYMENT',
  ACCPAY: 'ACCPAYPAYMENT',
  ACCRECCREDIT: 'ARCREDITPAYMENT',
  ACCPAYCREDIT: 'APCREDITPAYMENT',
};

async function paymentTarget(s: OrgSession, input: Doc): Promise<{ kind: 'Invoice' | 'CreditNote'; doc: Doc }> {
  const inv = input.Invoice ?? (input.InvoiceNumber ? { InvoiceNumber: input.InvoiceNumber } : undefined);
  const cn = input.CreditNote ?? (input.CreditNoteNumber ? { CreditNoteNumber: input.CreditNoteNumber } : undefined);
  if (inv) {
    const doc = inv.InvoiceID
      ? await s.get('Invoice', inv.InvoiceID)
      : (await s.all('Invoice')).find((d) => d.InvoiceNumber === inv.InvoiceNumber);
    if (!doc) throw invalid('Invoice could not be found');
    return { kind: 'Invoice', doc };
  }
  if (cn) {
    const doc = cn.CreditNoteID
      ? await s.get('CreditNote', cn.CreditNoteID)
      : (await s.all('CreditNote')).find((d) => d.CreditNoteNumber === cn.CreditNoteNumber);
    if (!doc) throw invalid('Credit note could not be found');
    return { kind: 'CreditNote', doc };
  }
  throw invalid('You must specify an Invoice or CreditNote for the payment.');
}

function outstanding(kind: 'Invoice' | 'CreditNote', doc: Doc): Dec {
  return dec(kind === 'Invoice' ? doc.AmountDue : doc.RemainingCredit, 'AmountDue');
}

/** Applies a payment: only to AUTHORISED documents, never more than is outstanding. */
export async function createPayment(s: OrgSession, input: Doc): Promise<Doc> {
  const { kind, doc } = await paymentTarget(s, input);
  if (doc.Status !== 'AUTHORISED') throw invalid('Payments can only be made against Authorised documents.');
  if (!input.Account) throw invalid('You must specify an Account for the payment.');
  const account = await resolveAccount(s, input.Account);
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
  const payment: Doc = {
    PaymentID: id,
    Date: msDate(dateMs),
    BankAmount: wire(amount),
    Amount: wire(amount),
    Reference: input.Reference ?? '',
    CurrencyRate: Number(rate.toFixed(6)),
    PaymentType: PAYMENT_TYPES[doc.Type],
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
      InvoiceID: doc.InvoiceID,
      InvoiceNumber: doc.InvoiceNumber ?? '',
      Type: doc.Type,
      Contact: { ContactID: doc.Contact.ContactID, Name: doc.Contact.Name },
      CurrencyCode: doc.CurrencyCode,
    };
  } else {
    payment.CreditNote = {
      CreditNoteID: doc.CreditNoteID,
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
export async function deletePayment(s: OrgSession, paymentId: string, input: Doc): Promise<Doc> {
  const payment = await s.get('Payment', paymentId);
  if (!payment) throw notFound(`Payment ${paymentId} was not found`);
  if (input.Status !== 'DELETED') throw invalid('Only Status DELETED can be set on a payment.');
  if (payment.Status === 'DELETED') throw invalid('This payment has already been deleted.');
  const paidOn = parseDateInput(payment.Date);
  if (paidOn !== undefined && !Number.isNaN(paidOn)) assertUnlocked(s.org, paidOn);
  const kind = payment.Invoice ? 'Invoice' : 'CreditNote';
  const doc = await s.get(kind, kind === 'Invoice' ? payment.Invoice.InvoiceID : payment.CreditNote.CreditNoteID);
  if (!doc) throw invalid('The paid document no longer exists.');
  const updated = {
    ...payment,
    Status: 'DELETED',
    UpdatedDateUTC: msDate(s.now),
    UpdatedDateUTCString: new Date(s.now).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  await s.put('Payment', paymentId, updated);
  const amount = dec(payment.Amount, 'Amount').negated();
  const next: Doc = { ...doc, Payments: (doc.Payments as Doc[]).filter((p) => p.PaymentID !== paymentId) };
  await settle(s, kind, next, amount, undefined, undefined);
  return updated;
}

/** Moves a document's balance by `amount` (negative to reverse) and keeps PAID in step. */
export async function settle(
  s: OrgSession,
  kind: 'Invoice' | 'CreditNote',
  doc: Doc,
  amount: Dec,
  entry: Doc | undefined,
  onDate: number | undefined,
  field: 'Payments' | 'CreditNotes' | 'Allocations' = 'Payments',
): Promise<Doc> {
  const next: Doc = { ...doc, UpdatedDateUTC: msDate(s.now) };
  if (entry) next[field] = [...(doc[field] ?? []), entry];
  let left: Dec;
  if (kind === 'Invoice') {
    const key = field === 'CreditNotes' ? 'AmountCredited' : 'AmountPaid';
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
  await s.put(kind, kind === 'Invoice' ? next.InvoiceID : next.CreditNoteID, next);
  s.emit(
    kind === 'Invoice'
      ? { category: 'INVOICE', type: 'UPDATE', resourceId: next.InvoiceID }
      : {
          category: 'CREDITNOTE',
          type: 'UPDATE',
          resourceId: next.CreditNoteID,
          data: { Type: next.Type, Status: next.Status },
        },
  );
  return next;
}
