import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { recordOf, text } from '../core/json';
import { invalid, notFound } from '../core/xero-errors';
import { msDate } from '../core/ms-date';
import { dec, round, wire } from './money';
import { documentDate } from './refs';
import { settle } from './payments';

/** Allocates credit to an invoice: at most the remaining credit and the invoice's amount due. */
export async function allocateCreditNote(s: OrgSession, creditNoteId: string, input: Doc): Promise<Doc> {
  const credit = await s.get('CreditNote', creditNoteId);
  if (!credit) throw notFound(`Credit note ${creditNoteId} was not found`);
  if (credit.Status !== 'AUTHORISED') throw invalid('Only Authorised credit notes can be allocated.');
  const ref = recordOf(input.Invoice) ?? {};
  const invoice = ref.InvoiceID
    ? await s.get('Invoice', ref.InvoiceID)
    : (await s.all('Invoice')).find((i) => i.InvoiceNumber === text(ref.InvoiceNumber));
  if (!invoice) throw invalid('Invoice could not be found');
  if (invoice.Status !== 'AUTHORISED') throw invalid('Credit can only be allocated to Authorised invoices.');
  const expectedType = credit.Type === 'ACCRECCREDIT' ? 'ACCREC' : 'ACCPAY';
  if (invoice.Type !== expectedType)
    throw invalid(`A ${credit.Type} credit note can only be allocated to ${expectedType} invoices.`);
  if (invoice.Contact.ContactID !== credit.Contact.ContactID)
    throw invalid('The credit note and the invoice must belong to the same contact.');
  if (invoice.CurrencyCode !== credit.CurrencyCode)
    throw invalid('The credit note and the invoice must be in the same currency.');
  const amount = round(dec(input.Amount, 'Amount'));
  if (amount.lte(0)) throw invalid('Allocation amount must be greater than zero.');
  if (amount.gt(dec(credit.RemainingCredit, 'RemainingCredit')))
    throw invalid('The amount allocated exceeds the remaining credit on the credit note.');
  if (amount.gt(dec(invoice.AmountDue, 'AmountDue')))
    throw invalid('The amount allocated exceeds the amount due on the invoice.');
  const dateMs = documentDate(s, input.Date);
  const allocationId = randomUUID();
  await settle(
    s,
    'CreditNote',
    credit,
    amount,
    {
      AllocationID: allocationId,
      Amount: wire(amount),
      Date: msDate(dateMs),
      IsDeleted: false,
      Invoice: { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber ?? '' },
    },
    dateMs,
    'Allocations',
  );
  await settle(
    s,
    'Invoice',
    invoice,
    amount,
    {
      CreditNoteID: credit.CreditNoteID,
      CreditNoteNumber: credit.CreditNoteNumber,
      AppliedAmount: wire(amount),
      Total: credit.Total,
      Date: msDate(dateMs),
    },
    dateMs,
    'CreditNotes',
  );
  return {
    AllocationID: allocationId,
    Amount: wire(amount),
    Date: msDate(dateMs),
    IsDeleted: false,
    Invoice: { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber ?? '' },
    CreditNote: { CreditNoteID: credit.CreditNoteID, CreditNoteNumber: credit.CreditNoteNumber },
  };
}
