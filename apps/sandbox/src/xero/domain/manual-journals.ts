import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { records, shown, text } from '../core/json';
import { ManualJournalRecord } from './records';
import { invalid } from '../core/xero-errors';
import { isoNoZone, msDate, parseDateInput } from '../core/ms-date';
import { assertUnlocked } from './lock-dates';
import { lineAmountTypes } from './line-items';
import { D, dec, round, wire } from './money';
import { documentDate, resolveAccount, resolveTaxRate, resolveTracking } from './refs';

const LEDGER_CONTROL_ACCOUNTS = ['DEBTORS', 'CREDITORS'];

/** PUT: a new journal only (an id is refused, as for PUT Invoices). */
export function createManualJournal(s: OrgSession, input: Doc): Promise<ManualJournalRecord> {
  if (input.ManualJournalID) throw invalid('ManualJournalID cannot be set when creating a manual journal');
  return saveManualJournal(s, input, undefined);
}

/**
 * POST: updates the journal its ManualJournalID names (lines replaced), or creates one without an
 * id. A voided or deleted journal is not changed, nor one whose current date is in a locked period.
 */
export async function upsertManualJournal(s: OrgSession, input: Doc): Promise<ManualJournalRecord> {
  const id = text(input.ManualJournalID);
  if (!id) return saveManualJournal(s, input, undefined);
  const existing = await s.get('ManualJournal', id);
  if (!existing) throw invalid(`Manual journal ${id} could not be found`);
  if (existing.Status === 'VOIDED' || existing.Status === 'DELETED')
    throw invalid('Manual journal not of valid status for modification');
  assertUnlocked(s.org, parseDateInput(existing.Date) ?? s.now);
  return saveManualJournal(s, input, existing);
}

/** A manual journal needs a narration and lines (debits positive, credits negative) summing to zero. */
async function saveManualJournal(
  s: OrgSession,
  input: Doc,
  existing: ManualJournalRecord | undefined,
): Promise<ManualJournalRecord> {
  const errors: string[] = [];
  const narration = text(input.Narration) ?? '';
  if (!narration.trim()) errors.push('Narration must be specified.');
  const lines = records(input.JournalLines);
  if (lines.length < 2) errors.push('A manual journal must have at least two lines.');
  const status = input.Status ?? existing?.Status ?? 'DRAFT';
  if (status !== 'DRAFT' && status !== 'POSTED')
    errors.push(`Manual journal Status '${shown(status)}' cannot be set on ${existing ? 'update' : 'create'}.`);
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
  const id = existing?.ManualJournalID ?? randomUUID();
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
