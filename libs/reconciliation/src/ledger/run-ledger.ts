// The GL part of a reconciliation run: what each ledger moved from the day both are in step from
// (the integration's ledger settings: go-live, or the day opening balances were entered in both)
// up to the run's date, account by account through the account lookups and the control accounts;
// and what moved in the run's month, to tell when a difference arose. X3 is read once (its entries
// up to the date, summed at each end); Xero costs at most FOUR calls: the Trial Balance at the
// date, the day before the in-step day and the day before the month, and its chart of accounts
// (which codes are Accounts Receivable and Payable). X3's history before the in-step day is not read.
import Decimal from 'decimal.js';
import { readGlBalancesAt } from '#lb/connectors/sage-x3';
import { XeroOrg } from '#lb/connectors/xero';
import { compareTrialBalances, LedgerLine, movement, xeroBalances } from './compare-ledgers';
import {
  accountLookups,
  activeLookups,
  dayBefore,
  integrationOf,
  LedgerDeps,
  LedgerReconciliationError,
} from './ledger-reconciliation';
import { ledgerSettingsIn, LedgerSettingsInput } from './ledger-settings.service';

/** What a run keeps of its GL comparison (recon_runs.ledger). */
export interface RunLedger {
  asOf: string;
  /** The day both ledgers hold the same postings from (the settings'). */
  inStepFrom: string;
  /** What moved from `inStepFrom` to `asOf` on each side: the lines the run's GL differences come from. */
  lines: LedgerLine[];
  /** The first day of the run's month (not before `inStepFrom`). */
  monthFrom: string;
  /** What moved from `monthFrom` to `asOf`: whether a difference arose this month or before. */
  monthLines: LedgerLine[];
  /** The X3 account → Xero code map used (lookups, then control accounts). */
  accountMap: Record<string, string>;
}

/** Instead of the comparison: why there was none (no settings, or a date before the in-step day). */
export interface RunLedgerSkipped {
  asOf: string;
  skipped: string;
}

export type RunLedgerResult = RunLedger | RunLedgerSkipped;

export const NO_LEDGER_SETTINGS =
  'the GL is not compared: set the day both ledgers are in step from, and the control accounts (reconciliation, ledger settings)';

/** Xero's codes of its receivable and payable control accounts (SystemAccount DEBTORS / CREDITORS). */
async function xeroControlCodes(d: LedgerDeps, org: XeroOrg): Promise<{ receivable?: string; payable?: string }> {
  if (!d.xero.reads) throw new Error('the run needs Xero reads to find its control accounts');
  const { records } = await d.xero.reads.listPage(org, 'accounts', {});
  const code = (system: string) => {
    const found = records.find((a) => String(a.systemAccount ?? a.SystemAccount) === system);
    const value = found?.code ?? found?.Code;
    return typeof value === 'string' && value ? value : undefined;
  };
  return { receivable: code('DEBTORS'), payable: code('CREDITORS') };
}

function controlMap(settings: LedgerSettingsInput, codes: { receivable?: string; payable?: string }) {
  const map: Record<string, string> = {};
  if (codes.receivable) for (const a of settings.receivableAccounts) map[a] = codes.receivable;
  if (codes.payable) for (const a of settings.payableAccounts) map[a] = codes.payable;
  return map;
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
const later = (a: string, b: string) => (a > b ? a : b);

/** The run's GL comparison as of `asOf` (YYYY-MM-DD); a skip without settings or before the in-step day. */
export async function runLedger(
  d: LedgerDeps,
  tenantId: string,
  integrationId: string,
  asOf: string,
): Promise<RunLedgerResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new LedgerReconciliationError('bad-request', 'asOf must be a date');
  const read = await d.tx.run(tenantId, async (m) => {
    const integration = await integrationOf(m, integrationId);
    const settings = await ledgerSettingsIn(m, integrationId);
    if (!settings || settings.inStepFrom > asOf) return settings;
    const lookups = accountLookups(await activeLookups(m, integrationId));
    return { integration, lookups, settings, x3: await d.openX3(m, integration) };
  });
  if (!read) return { asOf, skipped: NO_LEDGER_SETTINGS };
  if (!('x3' in read))
    return { asOf, skipped: `the GL is compared from ${read.inStepFrom}, the day both ledgers are in step from` };
  const { inStepFrom } = read.settings;
  const monthFrom = later(firstOfMonth(asOf), inStepFrom);
  const [start, month] = [dayBefore(inStepFrom), dayBefore(monthFrom)];
  let x3: Map<string, Map<string, Decimal>>;
  try {
    // entries from the in-step day on only: what moved since (the day before holds nothing then)
    x3 = await readGlBalancesAt(read.x3, [...new Set([start, month, asOf])], { since: inStepFrom });
  } finally {
    read.x3.close();
  }
  const org = await d.xero.orgs.forConnection(tenantId, read.integration.xeroConnectionId);
  const xero = new Map<string, Map<string, Decimal>>();
  for (const day of new Set([asOf, start, month]))
    xero.set(day, xeroBalances(await d.xero.reports.trialBalance(org, day)));
  const { receivableAccounts, payableAccounts } = read.settings;
  const controls =
    receivableAccounts.length + payableAccounts.length ? controlMap(read.settings, await xeroControlCodes(d, org)) : {};
  // a lookup names an account on purpose: it wins over a control setting for the same account
  const accountMap = { ...controls, ...read.lookups };
  const moved = (side: Map<string, Map<string, Decimal>>, from: string) => movement(side.get(asOf)!, side.get(from)!);
  return {
    asOf,
    inStepFrom,
    lines: compareTrialBalances(moved(x3, start), moved(xero, start), accountMap),
    monthFrom,
    monthLines: compareTrialBalances(moved(x3, month), moved(xero, month), accountMap),
    accountMap,
  };
}
