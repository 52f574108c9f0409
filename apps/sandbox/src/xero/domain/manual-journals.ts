import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { records, shown, text } from '../core/json';
import { ManualJournalRecord } from './records';
import { invalid } from '../core/xero-errors';
import { isoNoZone, msDate } from '../core/ms-date';
import { lineAmountTypes } from './line-items';
import { D, dec, round, wire } from './money';
import { documentDate, resolveAccount, resolveTaxRate, resolveTracking } from './refs';

const LEDGER_CONTROL_ACCOUNTS = ['DEBTORS', 'CREDITORS'];

/** A manual journal needs a narration and lines (debits positive, credits negative) summing to zero. */
export async function createManualJournal(s: OrgSession, input: Doc): Promise<ManualJournalRecord> {
  const errors: string[] = [];
  const narration = text(input.Narration) ?? '';
  if (!narration.trim()) errors.push('Narration must be specified.');
  const lines = records(input.JournalLines);
  if (lines.length < 2) errors.push('A manual journal must have at least two lines.');
  const status = input.Status ?? 'DRAFT';
  if (status !== 'DRAFT' && status !== 'POSTED')
    errors.push(`Manual journal Status '${shown(status)}' cannot be set on create.`);
  const posted = status === 'POSTED' ? 'POSTED' : 'DRAFT';
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
    if (LEDGER_CONTROL_ACCOUNTS.includes(account.SystemAccount ?? ''))
      throw invalid(`Account code '${account.Code}' is not a valid code for this document.`);
    const lineTaxType = text(line.TaxType);
    const taxType = lineTaxType ? (await resolveTaxRate(s, lineTaxType)).TaxType : (account.TaxType ?? 'NONE');
    out.push({
      LineAmount: wire(amount),
      AccountCode: account.Code,
      AccountID: account.AccountID,
      Description: text(line.Description) ?? '',
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
  const doc: ManualJournalRecord = {
    ManualJournalID: id,
    Date: msDate(dateMs),
    DateString: isoNoZone(dateMs),
    Status: posted,
    LineAmountTypes: input.LineAmountTypes ? lineAmountTypes(input.LineAmountTypes) : 'NoTax',
    Narration: narration,
    JournalLines: out,
    ShowOnCashBasisReports: input.ShowOnCashBasisReports !== false,
    HasAttachments: false,
    UpdatedDateUTC: msDate(s.now),
  };
  if (input.Url) doc.Url = input.Url;
  await s.put('ManualJournal', id, doc);
  return doc;
}
