// A run's differences as CSV for the accountant's spreadsheet. Text that a spreadsheet would run
// as a formula (= + - @, tab, carriage return first) is neutralised with a leading apostrophe;
// decimal amounts stay numbers (a negative difference is not a formula).
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { TenantTransactions } from '#lb/database';
import type { SideValues } from '../runs/classify';
import type { ReconDifference } from '../runs/recon-difference.entity';
import { RunRef, runDifferences } from './run-rows';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text, never evaluates. */
export function safeCell(value: string): string {
  return DECIMAL.test(value) ? value : FORMULA_START.test(value) ? `'${value}` : value;
}

export const DIFFERENCE_COLUMNS = [
  'class',
  'entity',
  'match_key',
  'x3_record',
  'x3_total',
  'x3_amount_due',
  'x3_status',
  'xero_record',
  'xero_total',
  'xero_amount_due',
  'xero_status',
  'likely_cause',
  'suggested_fix',
  'fix_amount',
  'state',
  'decided_at',
] as const;

const first = (side: SideValues[]) => side[0];
const joined = (side: SideValues[], pick: (v: SideValues) => string | null) =>
  side.map((v) => pick(v) ?? '').join(' | ');

function row(d: ReconDifference): string[] {
  const x3 = first(d.x3);
  const xero = first(d.xero);
  return [
    d.differenceClass,
    d.entity,
    d.matchKey,
    joined(d.x3, (v) => v.recordKey),
    x3?.total ?? '',
    x3?.amountDue ?? '',
    x3?.status ?? '',
    joined(d.xero, (v) => v.recordKey),
    xero?.total ?? '',
    xero?.amountDue ?? '',
    xero?.status ?? '',
    d.likelyCause,
    `${d.fix.action}: ${d.fix.description}`,
    d.fix.amount ?? '',
    d.state,
    d.decidedAt ? d.decidedAt.toISOString() : '',
  ];
}

/** The CSV as a stream: a header, then one line per difference, read page by page. */
export function differencesCsv(tx: TenantTransactions, ref: RunRef): Readable {
  async function* rows() {
    for await (const d of runDifferences(tx, ref)) yield row(d);
  }
  return Readable.from(rows()).pipe(
    stringify({ header: true, columns: [...DIFFERENCE_COLUMNS], cast: { string: safeCell } }),
  );
}
