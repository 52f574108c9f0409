import type { ReconDifferenceGroup, ReconRunView, ReconSideValues } from '../../api/types';

export type DifferenceClass = ReconDifferenceGroup['differenceClass'];
export type FixAction = ReconDifferenceGroup['differences'][number]['fix']['action'];

/** Each class in a finance lead's words, in the order the api groups them. */
export const CLASS_LABEL: Record<DifferenceClass, string> = {
  missingInXero: 'Missing in Xero',
  missingInX3: 'Missing in Sage X3',
  amount: 'Amount differs',
  rounding: 'Rounding (up to 0.01)',
  status: 'Status differs',
  duplicate: 'Duplicate',
  currency: 'Currency differs',
  unmapped: 'Unmapped',
};

export const CLASS_DESCRIPTION: Record<DifferenceClass, string> = {
  missingInXero: 'Sage X3 has the record; Xero has nothing under its number.',
  missingInX3: 'Xero has the record; Sage X3 has nothing under its number.',
  amount: 'Both sides have it, with totals or amounts due more than 0.01 apart.',
  rounding: 'Totals or amounts due differ by at most 0.01: a tax or currency conversion rounded the other way.',
  status: 'One side has it paid or voided, the other not.',
  duplicate: 'Two or more records share the number on one side.',
  currency: 'The two sides hold it in different currencies.',
  unmapped: 'It waits for a mapping entry (an account, a tax code or a party) before it can reach Xero.',
};

export const FIX_LABEL: Record<FixAction, string> = {
  'resend-x3': 'Send the Sage X3 record to Xero again',
  'create-in-x3': 'Create it in Sage X3',
  'carry-payment': 'Record the Xero payment in Sage X3',
  'void-duplicate': 'Void the duplicate',
  'credit-note': 'Raise a credit note',
  'add-mapping': 'Add the mapping entry',
  none: 'For an accountant',
};

/**
 * A re-send, a duplicate's void, a record or a payment carried to X3 (through the flow reading it
 * from Xero) and a mapping entry added (with the value the admin gives) are carried out by the
 * sync; the api refuses the rest with a reason (an accountant makes them).
 */
const BY_SYNC: ReadonlySet<FixAction> = new Set([
  'resend-x3',
  'void-duplicate',
  'create-in-x3',
  'carry-payment',
  'add-mapping',
]);
export const appliedBySync = (action: FixAction) => BY_SYNC.has(action);

/** A lookup value field as a finance lead reads it. */
export const VALUE_FIELD_LABEL: Record<string, string> = {
  accountCode: 'Xero account code',
  taxType: 'Xero tax rate (TaxType)',
  name: 'Xero tracking category',
  option: 'Xero tracking option',
  value: 'Xero value',
};

export const RUN_STATE_LABEL: Record<ReconRunView['state'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'failed',
};

/** A difference's kind of record in a finance lead's words ("GL account"), else the entity as named. */
export const entityLabel = (entity: string) => (entity === 'glAccount' ? 'GL account' : entity);

/** A GL line's agreement in words, by the comparison's class. */
export const LEDGER_CLASS_LABEL: Record<string, string> = {
  equal: 'agrees',
  rounding: 'rounding (up to 0.01)',
  'amount-differs': 'amount differs',
  'missing-in-x3': 'only Xero moved',
  'missing-in-xero': 'only Sage X3 moved',
  unmapped: 'unmapped in Sage X3',
};

/** The badge tone StatusBadge picks from the status word. */
export const runStateTone = (state: ReconRunView['state']) =>
  state === 'done' ? 'ok' : state === 'failed' ? 'failed' : 'pending';

const CLASSES = Object.keys(CLASS_LABEL) as DifferenceClass[];

/** How many differences a run found, all classes together. */
export function differenceTotal(counts: Record<string, number>): number {
  return CLASSES.reduce((n, c) => n + (counts[c] ?? 0), 0);
}

/** The label mid-sentence: its first letter lower-cased, the system names kept. */
const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** "2 missing in Xero · 1 amount differs", or "none" for a clean pair. */
export function countsLine(counts: Record<string, number>): string {
  const parts = CLASSES.filter((c) => counts[c]).map((c) => `${counts[c]} ${inSentence(CLASS_LABEL[c])}`);
  return parts.length ? parts.join(' · ') : 'none';
}

/** One side's copy in a line: "INV-1 · 100.00 NZD · due 40.00 · authorised" (amounts as the api wrote them). */
export function sideLine(v: ReconSideValues): string {
  return [
    v.recordKey,
    v.total !== null ? `${v.total}${v.currency ? ` ${v.currency}` : ''}` : null,
    v.amountDue !== null && v.amountDue !== v.total ? `due ${v.amountDue}` : null,
    v.status,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Today, UTC, as the api's date (YYYY-MM-DD). */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** The month before `now`'s, UTC (YYYY-MM): the month end a pack is usually wanted for. */
export function lastMonthUtc(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
