// How one match key's copies on the two sides differ: at most one difference per key, the most
// telling first (a duplicate, a missing side, another currency, another status, then the amount).
import { Dec, toDec } from '#lb/mapping';
import { ROUNDING_TOLERANCE } from '../ledger/compare-ledgers';
import { classifyPayment } from './classify-payment';

export const DIFFERENCE_CLASSES = [
  'missingInXero',
  'missingInX3',
  'amount',
  'rounding',
  'status',
  'duplicate',
  'currency',
  'unmapped',
] as const;
export type DifferenceClass = (typeof DIFFERENCE_CLASSES)[number];

/** One side's copy of a record, as the run compared it (amounts are decimal text). */
export interface SideValues {
  recordKey: string;
  counterparty: string | null;
  documentDate: string | null;
  currency: string | null;
  total: string | null;
  amountDue: string | null;
  status: string | null;
}

/**
 * The sync action that would make the sides agree. Applied only after an admin approves it;
 * a Xero document that is paid or voided is never edited: an adjustment (credit note) instead.
 */
export interface SuggestedFix {
  action: 'resend-x3' | 'create-in-x3' | 'carry-payment' | 'void-duplicate' | 'credit-note' | 'add-mapping' | 'none';
  description: string;
  /** The X3 key to re-send, or the Xero id to void, adjust or carry the payments of. */
  target?: string;
  /** The adjustment's amount (decimal text) for a credit note. */
  amount?: string;
  /** add-mapping: the lookup entry to add (its value is given with the approval). */
  entry?: MissingLookupEntry;
}

/** A lookup entry a mapping lacks: where it goes, its key, and the value fields the approval gives. */
export interface MissingLookupEntry {
  /** The mapping it goes in (the waiting change's flow entity and direction). */
  entity: string;
  direction: 'x3-to-xero' | 'xero-to-x3';
  /** The lookup table; absent for a GL account (the journals mapping's account lookup, found on approval). */
  table?: string;
  key: string[];
  /** The Xero values the entry needs, e.g. ['taxType'] or ['accountCode']. */
  valueFields: string[];
}

export interface Classified {
  differenceClass: DifferenceClass;
  likelyCause: string;
  fix: SuggestedFix;
}

const isDocument = (entity: string) => entity === 'invoice' || entity === 'bill' || entity === 'creditNote';
const isVoid = (s: string | null) => s === 'voided' || s === 'deleted';
/**
 * Paid: said so, or an approved document that owes nothing of a non-zero total (X3 keeps a settled
 * invoice's status; Xero's aged report gives what it owed as of the date, not its status).
 */
function isSettled(x: SideValues): boolean {
  if (x.status === 'paid') return true;
  if (x.status !== 'authorised') return false;
  const due = dec(x.amountDue);
  const total = dec(x.total);
  return !!due && !!total && due.isZero() && !total.isZero();
}
/** An invoice or bill of one total on both sides: a payment on one side can be carried to the other. */
function carriesPayments(entity: string, a: SideValues, b: SideValues): boolean {
  if (entity !== 'invoice' && entity !== 'bill') return false;
  const [x, y] = [dec(a.total), dec(b.total)];
  return !!x && !!y && x.eq(y);
}

/** Dated on or before Xero's lock date: Xero refuses to create, edit or void it. */
const lockedBy = (lockDate: string | undefined, v: SideValues) =>
  !!lockDate && !!v.documentDate && v.documentDate <= lockDate;

/** Xero refuses edits to a paid or voided document: such a fix is an adjustment. */
const xeroRefusesEdit = (x: SideValues) => isSettled(x) || isVoid(x.status);

function dec(v: string | null): Dec | null {
  if (v === null) return null;
  try {
    return toDec(v);
  } catch {
    return null;
  }
}

function amountDifference(entity: string, x3: SideValues, xero: SideValues): { field: string; by: Dec } | null {
  const fields = isDocument(entity) ? (['total', 'amountDue'] as const) : ([] as const);
  for (const field of fields) {
    const a = dec(x3[field]);
    const b = dec(xero[field]);
    if (a && b && !a.eq(b)) return { field, by: a.minus(b) };
  }
  return null;
}

/** A voided (or deleted) extra copy is no duplicate: the live one stands for the key. */
function liveCopies<T extends SideValues>(copies: T[]): T[] {
  if (copies.length < 2) return copies;
  const live = copies.filter((c) => !isVoid(c.status));
  return live.length ? live : copies;
}

export interface ClassifyOptions {
  /** Xero's lock date (YYYY-MM-DD): a document dated on or before it is never edited, created or voided. */
  lockDate?: string;
}

export function classify(
  entity: string,
  x3All: SideValues[],
  xeroAll: SideValues[],
  options: ClassifyOptions = {},
): Classified | null {
  const x3 = liveCopies(x3All);
  const xero = liveCopies(xeroAll);
  const locked = (v: SideValues) => lockedBy(options.lockDate, v);
  const refusesEdit = (v: SideValues) => xeroRefusesEdit(v) || locked(v);
  // a fix Xero would refuse is an adjustment: say why (paid or voided, or in the locked period)
  const adjust = (v: SideValues, why: string) =>
    adjustment(
      v,
      locked(v)
        ? `the Xero document is dated in the locked period (on or before ${options.lockDate}): adjust it with a credit note dated after it, never an edit`
        : why,
    );
  if (x3.length > 1 || xero.length > 1) {
    const [side, copies] = xero.length > 1 ? (['Xero', xero] as const) : (['X3', x3] as const);
    const extra = copies[copies.length - 1];
    return {
      differenceClass: 'duplicate',
      likelyCause: `${copies.length} records in ${side} share this number (a resend after a lost answer, or keyed twice)`,
      fix:
        entity === 'payment'
          ? {
              action: 'none',
              description: `delete the extra payment in ${side}: one payment settles the document once`,
            }
          : side === 'Xero'
            ? refusesEdit(extra)
              ? adjust(extra, 'the duplicate is paid or voided in Xero: credit it with a credit note')
              : { action: 'void-duplicate', target: extra.recordKey, description: 'void the newer duplicate in Xero' }
            : { action: 'none', description: 'keep one of the X3 documents: X3 is the source of record' },
    };
  }
  const [a] = x3;
  const [b] = xero;
  if (entity === 'payment') return classifyPayment(a, b);
  if (!b) {
    return {
      differenceClass: 'missingInXero',
      likelyCause: 'the document was never written to Xero (filtered, held, or still waiting)',
      fix: locked(a)
        ? {
            action: 'none',
            description: `dated on or before Xero's lock date (${options.lockDate}): Xero refuses it there; post it in an open period, or have the adviser move the lock`,
          }
        : { action: 'resend-x3', target: a.recordKey, description: 'send the X3 record to Xero through the sync' },
    };
  }
  if (!a) {
    return {
      differenceClass: 'missingInX3',
      likelyCause: 'the record was keyed in Xero directly, or deleted in X3',
      fix: { action: 'create-in-x3', target: b.recordKey, description: 'carry the Xero record to X3 through the sync' },
    };
  }
  const resend: SuggestedFix = {
    action: 'resend-x3',
    target: a.recordKey,
    description: 'send the X3 record to Xero again',
  };
  if (a.currency && b.currency && a.currency !== b.currency) {
    return {
      differenceClass: 'currency',
      likelyCause: `X3 says ${a.currency}, Xero ${b.currency}: the currency was changed on one side after the write`,
      fix: refusesEdit(b) ? adjust(b, 'the Xero document is paid or voided: reverse it and send it again') : resend,
    };
  }
  if (isDocument(entity) && (isSettled(a) !== isSettled(b) || isVoid(a.status) !== isVoid(b.status))) {
    // paid in Xero, open in X3, same total (neither voided): the payment was keyed in Xero only; it
    // goes to X3. Another total on a paid Xero document is an adjustment (a credit note) instead.
    if (isSettled(b) && !isSettled(a) && !isVoid(a.status) && !isVoid(b.status) && carriesPayments(entity, a, b))
      return {
        differenceClass: 'status',
        likelyCause: `X3 says ${a.status} with ${a.amountDue ?? a.total} due, Xero paid: a payment keyed in Xero only`,
        fix: {
          action: 'carry-payment',
          target: b.recordKey,
          amount: cents(a.amountDue ?? a.total),
          description: 'record the Xero payment in X3 through the flow carrying payments from Xero',
        },
      };
    // paid in X3, open in Xero: X3's payment did not reach Xero. Re-sending the document carries no
    // payment; the payments flow carries it (a held or dead change there is replayed from its list)
    if (isSettled(a) && !isSettled(b) && !isVoid(a.status) && !isVoid(b.status))
      return {
        differenceClass: 'status',
        likelyCause: `X3 says paid, Xero ${b.status} with ${b.amountDue ?? b.total} due: X3's payment did not reach Xero`,
        fix: {
          action: 'none',
          description:
            "check the payments flow: switch it on, or replay the X3 payment's held or dead change; a payment deleted in Xero is keyed again there",
        },
      };
    return {
      differenceClass: 'status',
      likelyCause: `X3 says ${a.status}, Xero ${b.status}: a payment or a void reached one side only`,
      fix: refusesEdit(b)
        ? adjust(b, 'the Xero document is paid or voided: adjust with a credit note, never an edit')
        : { action: 'resend-x3', target: a.recordKey, description: 'carry the X3 void to Xero' },
    };
  }
  const amount = amountDifference(entity, a, b);
  if (amount) {
    const rounding = amount.by.abs().lte(ROUNDING_TOLERANCE);
    return {
      differenceClass: rounding ? 'rounding' : 'amount',
      likelyCause: rounding
        ? `${amount.field} differs by ${amount.by.toFixed()}: tax or lines rounded differently on the two sides`
        : `${amount.field} differs by ${amount.by.toFixed()}: an edit reached one side only`,
      fix: refusesEdit(b)
        ? { ...adjust(b, 'the Xero document is paid: adjust it'), amount: amount.by.toFixed() }
        : resend,
    };
  }
  return null;
}

/** Money as fixes carry it: decimal text to the cent (Xero's copies hold its numbers as given, "74.7"). */
const cents = (v: string | null) => dec(v)?.toFixed(2);

function adjustment(b: SideValues, description: string): SuggestedFix {
  return { action: 'credit-note', target: b.recordKey, amount: cents(b.total), description };
}
