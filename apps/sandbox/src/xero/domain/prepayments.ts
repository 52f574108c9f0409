import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { recordOf, records, text } from '../core/json';
import { invalid, notFound } from '../core/xero-errors';
import { msDate } from '../core/ms-date';
import { contactForDocument, contactSummary } from './contacts';
import { D, Dec, dec, round, sum, wire } from './money';
import { CreditRecord, DocumentRecord } from './records';
import { documentDate, resolveAccount, resolveCurrency } from './refs';
import { settle } from './payments';

// Bank transactions of the overpayment and prepayment types (xero_accounting.yaml BankTransaction:
// Type RECEIVE-/SPEND-OVERPAYMENT|PREPAYMENT; "OverpaymentID … returned on BankTransactions with a
// Type of SPEND-OVERPAYMENT or RECEIVE-OVERPAYMENT", likewise PrepaymentID). Each creates the
// Overpayment or Prepayment whose RemainingCredit is then allocated to invoices
// (PUT /Overpayments/{id}/Allocations, /Prepayments/{id}/Allocations: Invoice, Amount, Date).
// Plain RECEIVE/SPEND are stored as given (no credit). Lines carry no tax here (NoTax).

export type CreditKind = 'Overpayment' | 'Prepayment';

const TYPES = [
  'RECEIVE',
  'SPEND',
  'RECEIVE-OVERPAYMENT',
  'SPEND-OVERPAYMENT',
  'RECEIVE-PREPAYMENT',
  'SPEND-PREPAYMENT',
] as const;

const creditKindOf = (type: string): CreditKind | undefined =>
  type.endsWith('-OVERPAYMENT') ? 'Overpayment' : type.endsWith('-PREPAYMENT') ? 'Prepayment' : undefined;

const stamp = (s: OrgSession) => ({
  UpdatedDateUTC: msDate(s.now),
  UpdatedDateUTCString: new Date(s.now).toISOString().replace(/\.\d+Z$/, 'Z'),
});

function lineAmount(line: Doc, i: number): Dec {
  if (line.LineAmount !== undefined && line.LineAmount !== null) return round(dec(line.LineAmount, 'LineAmount'));
  if (line.UnitAmount === undefined) throw invalid(`Line ${i + 1}: a LineAmount or UnitAmount is required.`);
  const qty = line.Quantity === undefined ? new D(1) : dec(line.Quantity, 'Quantity');
  return round(qty.times(dec(line.UnitAmount, 'UnitAmount')));
}

/** Creates a bank transaction; an overpayment or prepayment type also creates its credit. */
export async function createBankTransaction(s: OrgSession, input: Doc): Promise<Doc> {
  const type = text(input.Type) ?? '';
  if (!(TYPES as readonly string[]).includes(type)) throw invalid(`'${type}' is not a valid bank transaction Type.`);
  if (input.BankTransactionID) throw invalid('BankTransactionID cannot be set when creating a bank transaction');
  const bankRef = recordOf(input.BankAccount);
  if (!bankRef) throw invalid('A BankAccount must be specified.');
  const bank = await resolveAccount(s, bankRef);
  if (bank.Type !== 'BANK') throw invalid(`Account '${bank.Code}' is not a bank account.`);
  const lines = records(input.LineItems);
  if (!lines.length) throw invalid('At least one line item is required.');
  const receive = type.startsWith('RECEIVE');
  const contact = await contactForDocument(s, recordOf(input.Contact), receive ? 'customer' : 'supplier');
  const dateMs = documentDate(s, input.Date);
  const currency = await resolveCurrency(s, text(input.CurrencyCode), input.CurrencyRate);
  const amounts = lines.map(lineAmount);
  const total = sum(amounts);
  const credit = creditKindOf(type);
  if (credit && total.lte(0)) throw invalid(`The ${credit.toLowerCase()} total must be greater than zero.`);
  const id = randomUUID();
  const lineItems = lines.map((l, i) => ({
    LineItemID: randomUUID(),
    Description: text(l.Description) ?? '',
    Quantity: 1,
    UnitAmount: wire(amounts[i]),
    LineAmount: wire(amounts[i]),
    TaxAmount: 0,
    ...(text(l.AccountCode) ? { AccountCode: text(l.AccountCode) } : {}),
  }));
  const common = {
    Type: type,
    Contact: contactSummary(contact),
    Date: msDate(dateMs),
    Status: 'AUTHORISED',
    LineAmountTypes: 'NoTax',
    LineItems: lineItems,
    SubTotal: wire(total),
    TotalTax: 0,
    Total: wire(total),
    CurrencyCode: currency.code,
    CurrencyRate: Number(currency.rate.toFixed(6)),
    // The spec supports Reference on SPEND/RECEIVE only; its Overpayments example carries one, so it is kept.
    Reference: text(input.Reference) ?? '',
    ...stamp(s),
  };
  const bankTransaction: Doc = {
    BankTransactionID: id,
    BankAccount: { AccountID: bank.AccountID, Code: bank.Code, Name: bank.Name },
    IsReconciled: input.IsReconciled === true,
    HasAttachments: false,
    ...common,
  };
  if (credit) {
    const creditId = randomUUID();
    bankTransaction[`${credit}ID`] = creditId;
    const record: CreditRecord = {
      ...common,
      [`${credit}ID`]: creditId,
      ID: creditId,
      RemainingCredit: wire(total),
      Allocations: [],
      Payments: [],
      HasAttachments: false,
    };
    await s.put(credit, creditId, record);
  }
  await s.put('BankTransaction', id, bankTransaction);
  return bankTransaction;
}

/** Allocates an overpayment's or prepayment's credit to an invoice of the same contact and currency. */
export async function allocateCredit(s: OrgSession, kind: CreditKind, creditId: string, input: Doc): Promise<Doc> {
  const credit = await s.get(kind, creditId);
  if (!credit) throw notFound(`${kind} ${creditId} was not found`);
  if (credit.Status !== 'AUTHORISED') throw invalid(`Only Authorised ${kind.toLowerCase()}s can be allocated.`);
  const ref = recordOf(input.Invoice) ?? {};
  const invoice: DocumentRecord | undefined = ref.InvoiceID
    ? await s.get('Invoice', ref.InvoiceID)
    : (await s.all('Invoice')).find((i) => i.InvoiceNumber === text(ref.InvoiceNumber));
  if (!invoice) throw invalid('Invoice could not be found');
  if (invoice.Status !== 'AUTHORISED') throw invalid(`${kind}s can only be allocated to Authorised invoices.`);
  const expected = credit.Type.startsWith('RECEIVE') ? 'ACCREC' : 'ACCPAY';
  if (invoice.Type !== expected) throw invalid(`A ${credit.Type} can only be allocated to ${expected} invoices.`);
  if (invoice.Contact.ContactID !== credit.Contact.ContactID)
    throw invalid(`The ${kind.toLowerCase()} and the invoice must belong to the same contact.`);
  if (invoice.CurrencyCode !== credit.CurrencyCode)
    throw invalid(`The ${kind.toLowerCase()} and the invoice must be in the same currency.`);
  const amount = round(dec(input.Amount, 'Amount'));
  if (amount.lte(0)) throw invalid('Allocation amount must be greater than zero.');
  if (amount.gt(dec(credit.RemainingCredit, 'RemainingCredit')))
    throw invalid(`The amount allocated exceeds the remaining credit on the ${kind.toLowerCase()}.`);
  if (amount.gt(dec(invoice.AmountDue, 'AmountDue')))
    throw invalid('The amount allocated exceeds the amount due on the invoice.');
  const dateMs = documentDate(s, input.Date);
  const allocationId = randomUUID();
  const invoiceRef = { InvoiceID: invoice.InvoiceID ?? '', InvoiceNumber: invoice.InvoiceNumber ?? '' };
  const allocation = {
    AllocationID: allocationId,
    Amount: wire(amount),
    Date: msDate(dateMs),
    IsDeleted: false,
    Invoice: invoiceRef,
  };
  const left = dec(credit.RemainingCredit, 'RemainingCredit').minus(amount);
  await s.put(kind, creditId, {
    ...credit,
    RemainingCredit: wire(left),
    Status: left.isZero() ? 'PAID' : credit.Status,
    Allocations: [...credit.Allocations, allocation],
    ...stamp(s),
  });
  await settle(
    s,
    'Invoice',
    invoice,
    amount,
    { [`${kind}ID`]: creditId, ID: creditId, Amount: wire(amount), Date: msDate(dateMs) },
    dateMs,
    `${kind}s`,
  );
  return { ...allocation, [kind]: { [`${kind}ID`]: creditId, ID: creditId } };
}
