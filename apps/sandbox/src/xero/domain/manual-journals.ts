import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { invalid } from '../core/xero-errors';
import { isoNoZone, msDate } from '../core/ms-date';
import { lineAmountTypes } from './line-items';
import { D, dec, round, wire } from './money';
import { documentDate, resolveAccount, resolveTaxRate, resolveTracking } from './refs';

const LEDGER_CONTROL_ACCOUNTS = ['DEBTORS', 'CREDITORS'];

/** A manual journal needs a narration and lines (debits positive, credits negative) summing to zero. */
export async function createManualJournal(s: OrgSession, input: Doc): Promise<Doc> {
  const errors: string[] = [];
  if (!input.Narration || !String(input.Narration).trim()) errors.push('Narration must be specified.');
  const lines = Array.isArray(input.JournalLines) ? (input.JournalLines as Doc[]) : [];
  if (lines.length < 2) errors.push('A manual journal must have at least two lines.');
  const status = input.Status ?? 'DRAFT';
  if (!['DRAFT', 'POSTED'].includes(status)) errors.push(`Manual journal Status '${status}' cannot be set on create.`);
  if (errors.length) throw invalid(...errors);
  const dateMs = documentDate(s, input.Date);
  let debits = new D(0);
  let credits = new D(0);
  const out: Doc[] = [];
  for (const line of lines) {
    const amount = round(dec(line.LineAmount, 'LineAmount'));
    if (amount.gt(0)) debits = debits.plus(amount);
    else credits = credits.plus(amount.abs());
    const account = await resolveAccount(s, line);
    // Receivables and payables move only through invoices, bills and payments in Xero.
    if (LEDGER_CONTROL_ACCOUNTS.includes(account.SystemAccount))
      throw invalid(`Account code '${account.Code}' is not a valid code for this document.`);
    const taxType = line.TaxType ? (await resolveTaxRate(s, line.TaxType)).TaxType : (account.TaxType ?? 'NONE');
    out.push({
      LineAmount: wire(amount),
      AccountCode: account.Code,
      AccountID: account.AccountID,
      Description: line.Description ?? '',
      TaxType: taxType,
      TaxAmount: 0,
      Tracking: await resolveTracking(s, line.Tracking),
      IsBlank: false,
    });
  }
  if (!debits.eq(credits)) {
    throw invalid(`The total debits (${debits.toFixed(2)}) must equal total credits (${credits.toFixed(2)})`);
  }
  const id = randomUUID();
  const doc: Doc = {
    ManualJournalID: id,
    Date: msDate(dateMs),
    DateString: isoNoZone(dateMs),
    Status: status,
    LineAmountTypes: input.LineAmountTypes ? lineAmountTypes(input.LineAmountTypes) : 'NoTax',
    Narration: String(input.Narration),
    JournalLines: out,
    ShowOnCashBasisReports: input.ShowOnCashBasisReports !== false,
    HasAttachments: false,
    UpdatedDateUTC: msDate(s.now),
  };
  if (input.Url) doc.Url = input.Url;
  await s.put('ManualJournal', id, doc);
  return doc;
}
