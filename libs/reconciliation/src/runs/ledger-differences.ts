// A run's GL lines that do not agree (what each ledger moved since the day both are in step from),
// as differences like the documents' (entity glAccount, keyed
// by the Xero code, or by the X3 account no lookup maps), each with its likely cause and fix. A GL
// fix is an accountant's journal, never a sync action (approving one answers that it is manual),
// except an unmapped account's: approved with its Xero code, the journals mapping learns it.
import { Dec, toDec } from '#lb/mapping';
import type { LedgerClass, LedgerLine } from '../ledger/compare-ledgers';
import type { RunLedger } from '../ledger/run-ledger';
import type { Classified, DifferenceClass, SideValues } from './classify';

export const GL_ENTITY = 'glAccount';

export interface LedgerDifference extends Classified {
  entity: typeof GL_ENTITY;
  matchKey: string;
  x3: SideValues[];
  xero: SideValues[];
}

const CLASS_OF: Record<Exclude<LedgerClass, 'equal'>, DifferenceClass> = {
  'amount-differs': 'amount',
  rounding: 'rounding',
  'missing-in-x3': 'missingInX3',
  'missing-in-xero': 'missingInXero',
  unmapped: 'unmapped',
};

const side = (recordKey: string, balance: string): SideValues => ({
  recordKey,
  counterparty: null,
  documentDate: null,
  currency: null,
  total: balance,
  amountDue: null,
  status: null,
});

const keyOf = (line: LedgerLine) => line.xeroCode ?? `X3 ${line.x3Accounts.join('+')}`;

/** When a difference arose: in the run's month, or before it. */
function when(ledger: RunLedger, line: LedgerLine): string {
  const moved = ledger.monthLines.find((m) => keyOf(m) === keyOf(line));
  const monthDifference: Dec = moved ? toDec(moved.difference) : toDec('0');
  if (monthDifference.isZero()) return `it arose before ${ledger.monthFrom} (what moved since agrees)`;
  const part = monthDifference.eq(toDec(line.difference)) ? 'all of it' : `${monthDifference.toFixed(2)} of it`;
  return `${part} arose from ${ledger.monthFrom} on (X3 moved ${moved!.x3Balance}, Xero ${moved!.xeroBalance})`;
}

function explain(ledger: RunLedger, line: LedgerLine): Pick<Classified, 'likelyCause' | 'fix'> {
  const accounts = line.x3Accounts.join(', ');
  if (line.class === 'unmapped')
    return {
      likelyCause: `X3 account ${accounts} moved ${line.x3Balance} since ${ledger.inStepFrom} and no account lookup maps it to a Xero code`,
      fix: {
        action: 'add-mapping',
        target: line.x3Accounts[0],
        description: `map X3 account ${accounts} to its Xero account (the journals mapping's account lookup), or set it as a receivable or payable control account`,
        // the journals mapping's account lookup (found on approval): X3 journals waiting for it go on
        entry: { entity: 'journal', direction: 'x3-to-xero', key: [line.x3Accounts[0]], valueFields: ['accountCode'] },
      },
    };
  const at = `from ${ledger.inStepFrom} to ${ledger.asOf} X3 moved ${line.x3Balance}, Xero ${line.xeroBalance} on ${line.xeroCode}`;
  if (line.class === 'rounding')
    return {
      likelyCause: `${at}: a tax or currency conversion rounded the other way`,
      fix: { action: 'none', description: 'post a rounding adjustment in the ledger of record, if wanted' },
    };
  return {
    likelyCause: `${at} (${line.difference} apart); ${when(ledger, line)}: a posting reached one ledger only`,
    fix: {
      action: 'none',
      amount: line.difference,
      description:
        'find the posting one ledger lacks (the document differences of this run first, then manual journals) and post it there',
    },
  };
}

/** The GL lines that differ, in the order of the comparison (codes, then unmapped accounts). */
export function ledgerDifferences(ledger: RunLedger): LedgerDifference[] {
  return ledger.lines
    .filter((l): l is LedgerLine & { class: Exclude<LedgerClass, 'equal'> } => l.class !== 'equal')
    .map((line) => ({
      entity: GL_ENTITY,
      matchKey: keyOf(line),
      x3: line.x3Accounts.length ? [side(line.x3Accounts.join('+'), line.x3Balance)] : [],
      xero: line.xeroCode ? [side(line.xeroCode, line.xeroBalance)] : [],
      differenceClass: CLASS_OF[line.class],
      ...explain(ledger, line),
    }));
}
