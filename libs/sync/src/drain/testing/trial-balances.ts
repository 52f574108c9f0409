// The two trial balances of the trial-balance proof: X3's, summed from the GL entries (GACCENTRY)
// of the proof's own documents, payments and journals (nothing derived) and mapped to Xero codes through the integration's account
// lookups, and Xero's own Trial Balance report (GET /Reports/TrialBalance), read by a second
// app the user consents with accounting.reports.read (the product's app does not ask for it).
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { sumGlEntries, X3Record } from '#lb/connectors/sage-x3';
import { IdentityClient } from '#lb/connectors/xero';
import { starterTemplate } from '#lb/mapping';
import { REDIRECT } from '../../../../connectors/xero/test/connector-harness';
import { consent, json, registerApp } from '../../../../connectors/xero/test/sandbox-process';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { DrainWorld, Pair, x3Records, xeroList } from './drain-world';

type Json = Record<string, unknown>;
/** Xero account Code → balance (debit − credit) to the cent; accounts at zero left out. */
export type Balances = Record<string, string>;

/**
 * The NZL chart's receivable, payable and purchase GL accounts, and its realised exchange gain and
 * loss accounts (a payment's entry books there what its rate moves against its document's).
 */
export const X3_RECEIVABLE_ACCOUNT = '610';
export const X3_PAYABLE_ACCOUNT = '800';
export const X3_PURCHASE_ACCOUNT = '310';
export const X3_EXCHANGE_ACCOUNTS = ['497', '498'];

/** Debit − credit per X3 account of the GL entries (documents, payments, journals) up to `asAt`. */
export function x3TrialBalance(entries: X3Record[], asAt: string): Map<string, Decimal> {
  return sumGlEntries(entries, asAt);
}

/**
 * X3's GL entries (GACCENTRY) of the given documents, payments and journals: the posting of each
 * invoice, credit memo and supplier invoice (VEN, ACH) and of each payment (REC, PAY: bank journal)
 * carries its key as reference; a manual journal is its own key. Exactly one entry per record.
 */
export async function x3Entries(w: DrainWorld, keys: string[]): Promise<X3Record[]> {
  const wanted = new Set(keys);
  const entries = (await x3Records(w, 'journalEntry')).filter(
    (e) => wanted.has(String(e.reference)) || wanted.has(e._id),
  );
  const per = entries.map((e) => (wanted.has(e._id) ? e._id : String(e.reference))).sort();
  if (JSON.stringify(per) !== JSON.stringify([...wanted].sort()))
    throw new Error(`GL entries ${JSON.stringify(per)}, not one for each of ${JSON.stringify([...wanted].sort())}`);
  return entries;
}

/**
 * X3 account → Xero Code: the journals mapping's journal-account table (sales, GST, bank, the
 * realised exchange gain and loss accounts to Xero's Realised Currency Gains); the control accounts to the organisation's DEBTORS and CREDITORS accounts, which that table leaves
 * out on purpose (manual journals may not touch them; documents and payments reach them in Xero);
 * and X3's purchase account, which the NZ table lacks, to the one account the bills mapping's
 * purchase-account table sends every product accounting code to (a second code would throw here).
 */
export async function accountMap(w: DrainWorld, pair: Pair): Promise<Record<string, string>> {
  const table = (entity: 'journal' | 'bill', name: string) =>
    starterTemplate('NZ', entity).lookups.find((t) => t.name === name)!;
  const map: Record<string, string> = {};
  for (const e of table('journal', 'journal-account').entries)
    map[String(e.key[0])] = String((e.value as Json).accountCode);
  const purchases = new Set(
    table('bill', 'purchase-account').entries.map((e) => String((e.value as Json).accountCode)),
  );
  if (purchases.size !== 1) throw new Error(`purchase accounts ${[...purchases].join(', ')}: X3 posts one`);
  map[X3_PURCHASE_ACCOUNT] ??= [...purchases][0];
  const accounts = await xeroList(w, pair, 'Accounts', 'Accounts');
  const system = (name: string) => String(accounts.find((a) => a.SystemAccount === name)!.Code);
  map[X3_RECEIVABLE_ACCOUNT] = system('DEBTORS');
  map[X3_PAYABLE_ACCOUNT] = system('CREDITORS');
  return map;
}

/** X3 balances in Xero codes (an account the map lacks shows as `unmapped:<X3 account>`). */
export function inXeroCodes(x3: Map<string, Decimal>, map: Record<string, string>): Balances {
  const out = new Map<string, Decimal>();
  for (const [account, balance] of x3) {
    const code = map[account] ?? `unmapped:${account}`;
    out.set(code, (out.get(code) ?? new Decimal(0)).plus(balance));
  }
  return cents(out);
}

function cents(balances: Map<string, Decimal>): Balances {
  const out: Balances = {};
  for (const [code, b] of [...balances].sort(([a], [z]) => a.localeCompare(z)))
    if (!b.isZero()) out[code] = b.toFixed(2);
  return out;
}

/** Per code, left − right where they differ (the check's failure message). */
export function difference(left: Balances, right: Balances): Balances {
  const codes = new Set([...Object.keys(left), ...Object.keys(right)]);
  const out = new Map<string, Decimal>();
  for (const code of codes) out.set(code, new Decimal(left[code] ?? 0).minus(right[code] ?? 0));
  return cents(out);
}

/** An access token for the pair's organisation with accounting.reports.read, from a second app. */
async function reportsToken(w: DrainWorld, pair: Pair): Promise<string> {
  const app = await registerApp(w.sb.url, REDIRECT);
  const identity = new IdentityClient({
    identityUrl: `${w.sb.url}/identity`,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    timeoutMs: 10_000,
    allowHttp: true,
  });
  const state = randomUUID();
  const url = await identity.consentUrl({
    redirectUri: REDIRECT,
    scopes: ['openid', 'profile', 'email', 'accounting.reports.read'],
    state,
  });
  const back = await consent(url, w.sb.url, pair.org, [pair.org.tenantId]);
  const { tokens } = await identity.exchangeCode(REDIRECT, { params: back.searchParams, expectedState: state });
  return tokens.access_token;
}

/** Xero's Trial Balance as at `date`: each account's balance, and the report's total debits and credits. */
export async function xeroTrialBalance(w: DrainWorld, pair: Pair, date: string) {
  const token = await reportsToken(w, pair);
  const r = await json(`${w.sb.url}/api.xro/2.0/Reports/TrialBalance?date=${date}`, {
    headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': pair.org.tenantId, accept: 'application/json' },
  });
  if (r.status !== 200) throw new Error(`GET Reports/TrialBalance: ${r.status} ${JSON.stringify(r.body)}`);
  const [report] = (r.body as { Reports: Json[] }).Reports;
  const rows = (report.Rows as Json[]).flatMap((s) => (s.Rows as Json[] | undefined) ?? []);
  const values = (row: Json) => (row.Cells as Json[]).map((c) => String(c.Value));
  const balances = new Map<string, Decimal>();
  for (const row of rows.filter((x) => x.RowType === 'Row')) {
    const [account, debit, credit] = values(row);
    const code = /\(([^)]+)\)$/.exec(account)![1];
    balances.set(code, new Decimal(debit || 0).minus(credit || 0));
  }
  const [, debits, credits] = values(rows.find((x) => x.RowType === 'SummaryRow')!);
  return { balances: cents(balances), debits, credits };
}

/** A validated X3 manual journal moving 12.34 from 090 to 200 on `accountingDate`; its key. */
export async function postAdjustmentJournal(w: DrainWorld, accountingDate: string): Promise<string> {
  const journal = await x3Control(w.sb.url, w.folder, 'POST', '/journal-entries', {
    entryType: 'ODG',
    company: 'NZ10',
    site: 'NZ011',
    journal: 'OD',
    accountingDate,
    currency: 'NZD',
    description: 'Sales adjustment refunded',
    lines: [
      { account: '200', sense: 'debit', amountInCurrency: '12.34' },
      { account: '090', sense: 'credit', amountInCurrency: '12.34' },
    ],
    validate: true,
  });
  if (journal.status !== 201)
    throw new Error(`journal entry refused: ${journal.status} ${JSON.stringify(journal.body)}`);
  return journal.body.journalEntry as string;
}
