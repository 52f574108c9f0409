// A run's GL comparison as CSV: every line of both trial balances (what each ledger moved since
// the in-step day, per Xero code, then the X3 accounts nothing maps) with the month's movements
// beside it. Equal lines included: the file proves agreement, not only the differences.
import { stringify } from 'csv-stringify/sync';
import type { LedgerLine } from '../ledger/compare-ledgers';
import type { RunLedger } from '../ledger/run-ledger';
import { safeCell } from './differences-csv';

export const TRIAL_BALANCE_COLUMNS = [
  'xero_code',
  'x3_accounts',
  'x3_moved',
  'xero_moved',
  'difference',
  'class',
  'x3_moved_in_month',
  'xero_moved_in_month',
  'month_difference',
] as const;

const keyOf = (l: LedgerLine) => l.xeroCode ?? `X3 ${l.x3Accounts.join('+')}`;

export function trialBalanceCsv(ledger: RunLedger): string {
  const month = new Map(ledger.monthLines.map((l) => [keyOf(l), l]));
  const rows = ledger.lines.map((l) => {
    const m = month.get(keyOf(l));
    return [
      l.xeroCode ?? '',
      l.x3Accounts.join(' '),
      l.x3Balance,
      l.xeroBalance,
      l.difference,
      l.class,
      m?.x3Balance ?? '0.00',
      m?.xeroBalance ?? '0.00',
      m?.difference ?? '0.00',
    ];
  });
  return stringify(rows, { header: true, columns: [...TRIAL_BALANCE_COLUMNS], cast: { string: safeCell } });
}
