import { Doc, OrgSession } from '../db/entity-store';
import { text } from '../core/json';
import { badRequest } from '../core/xero-errors';
import { msDate, parseDateInput } from '../core/ms-date';
import { balancesAsAt } from '../domain/general-ledger';
import { D, Dec } from '../domain/money';
import { AccountRecord } from '../domain/records';

// GET /Reports/TrialBalance in xero_accounting.yaml's ReportWithRows shape: a Header row, one
// Section per account class in Xero's order, a Row per account with a balance, then the totals.
// Simplified: Debit/Credit and YTD Debit/YTD Credit both show the balance as at the date.

const SECTIONS: Array<[string, string]> = [
  ['REVENUE', 'Revenue'],
  ['EXPENSE', 'Expenses'],
  ['ASSET', 'Assets'],
  ['LIABILITY', 'Liabilities'],
  ['EQUITY', 'Equity'],
];

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const longDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** Debit and credit cells of a balance: one holds it to the cent, the other is empty. */
function sides(balance: Dec): [string, string] {
  return balance.gte(0) ? [balance.toFixed(2), ''] : ['', balance.abs().toFixed(2)];
}

function accountRow(account: AccountRecord, balance: Dec): Doc {
  const attributes = [{ Value: account.AccountID, Id: 'account' }];
  const [debit, credit] = sides(balance);
  return {
    RowType: 'Row',
    Cells: [`${account.Name} (${account.Code})`, debit, credit, debit, credit].map((Value) => ({
      Value,
      Attributes: attributes,
    })),
  };
}

/** The day the report is as at: `date` (YYYY-MM-DD), else the organisation's today. */
export function reportDay(date: string | undefined, now: number): number {
  if (date === undefined || date === '')
    return Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parseDateInput(date) : NaN;
  if (ms === undefined || Number.isNaN(ms)) throw badRequest(`'${date}' is not a valid date: use YYYY-MM-DD.`);
  return ms;
}

export async function trialBalanceReport(s: OrgSession, q: Record<string, string | undefined>): Promise<Doc> {
  // Cash basis would need each document's payments apportioned: not modelled, so said rather than faked.
  if (q.paymentsOnly === 'true') throw badRequest('paymentsOnly=true (cash basis) is not supported by the sandbox.');
  const day = reportDay(q.date, s.now);
  const balances = await balancesAsAt(s, day);
  const accounts = await s.all('Account');
  let debits = new D(0);
  let credits = new D(0);
  const sections: Doc[] = [];
  for (const [cls, title] of SECTIONS) {
    const rows: Doc[] = [];
    for (const account of accounts.filter((a) => a.Class === cls).sort((a, b) => a.Code.localeCompare(b.Code))) {
      const balance = balances.get(account.Code);
      if (!balance || balance.isZero()) continue;
      if (balance.gt(0)) debits = debits.plus(balance);
      else credits = credits.plus(balance.abs());
      rows.push(accountRow(account, balance));
    }
    if (rows.length) sections.push({ RowType: 'Section', Title: title, Rows: rows });
  }
  const total = ['Total', debits.toFixed(2), credits.toFixed(2), debits.toFixed(2), credits.toFixed(2)];
  sections.push({
    RowType: 'Section',
    Title: '',
    Rows: [{ RowType: 'SummaryRow', Cells: total.map((Value) => ({ Value })) }],
  });
  const header = ['Account', 'Debit', 'Credit', 'YTD Debit', 'YTD Credit'];
  return {
    ReportID: 'TrialBalance',
    ReportName: 'Trial Balance',
    ReportType: 'TrialBalance',
    ReportTitles: ['Trial Balance', text(s.org.Name) ?? '', `As at ${longDate(day)}`],
    ReportDate: longDate(day),
    UpdatedDateUTC: msDate(s.now),
    Fields: [],
    Rows: [{ RowType: 'Header', Cells: header.map((Value) => ({ Value })) }, ...sections],
  };
}
