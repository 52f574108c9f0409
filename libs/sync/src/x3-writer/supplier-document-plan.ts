// What the xero-to-x3 supplier document flows (bills, supplier credit notes) decide alike for one
// Xero document, from what our tables hold before anything is written to X3: one already linked to
// an X3 PINVOICE (ours from X3, or carried before) is checked against X3, never written again; one
// not yet approved, voided before it reached X3, or dated before the cut-over stays out; one whose
// contact is not an X3 supplier yet waits for it; one without the supplier's number is held; the
// rest is carried. Each flow names its kind (SupplierDocumentPlanKind): its Xero type and wording.
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

/** How messages name one flow's documents, in X3 and in Xero. */
export interface SupplierDocumentWording {
  /** The X3 record: 'supplier invoice', 'supplier credit memo'. */
  x3Noun: string;
  /** The Xero document: 'bill', 'credit note'. */
  xeroNoun: string;
  /** What reverses a validated X3 record: 'a supplier credit note'. */
  reversal: string;
  /** The Xero field of the supplier's number, and what it is called: 'invoiceNumber', 'invoice number'. */
  numberField: string;
  numberNoun: string;
  /** The Xero document in a message ('Xero bill … from …'). */
  describe: (row: Row) => string;
}

export interface SupplierDocumentPlanKind extends SupplierDocumentWording {
  /** The Xero type of the flow's documents ('ACCPAY'), and the skip of one of another type. */
  type: string;
  notOfType: string;
  /** The proposal when the document has no supplier's number. */
  noNumberProposal: string;
}

/** What our tables hold about the documents and their contacts. */
export interface KnownSupplierDocuments {
  /** Xero id → the X3 record linked to it. */
  linked: Map<string, string>;
  /** Xero ContactID → the X3 supplier code linked to it (cross-reference, entity 'supplier'). */
  suppliers: Map<string, string>;
}

export type PlannedSettlement = Extract<Settlement, { kind: 'done' | 'waiting' | 'held' }>;

export type SupplierDocumentVerdict =
  | { kind: 'settle'; settlement: PlannedSettlement; pullContact?: string }
  /** Linked already: compared with the X3 record, never written again. */
  | { kind: 'check'; x3Key: string }
  | { kind: 'carry'; supplier: string; number: string };

export const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
export const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
export const contactOf = (row: Row) => (row.contact ?? {}) as Row;

/** Xero statuses of a document that is not (or no longer) one. */
const GONE = ['VOIDED', 'DELETED'];
/** Xero statuses of a document not approved yet: it is carried when it is (a new change then). */
const UNAPPROVED = ['DRAFT', 'SUBMITTED'];

/** The contacts the records name, lower-cased, for what our tables know of them. */
export function contactIdsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => lower(contactOf(r).contactID)).filter(Boolean))];
}

/**
 * The X3 code the starter supplier mapping gives a contact (PARTNER_CODE_EXPRESSION in
 * libs/mapping's reverse templates): its ContactNumber upper-cased with '_' for what X3 refuses,
 * or 'X' + the first 14 hex digits of its ContactID. The key the suppliers flow releases.
 */
export function expectedSupplierCode(contact: Row): string {
  const number = text(contact.contactNumber);
  if (number) return number.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return `X${lower(contact.contactID).replace(/-/g, '').toUpperCase().slice(0, 14)}`;
}

const done = (action: 'unchanged' | 'skipped', message: string, targetId?: string): SupplierDocumentVerdict => ({
  kind: 'settle',
  settlement: { kind: 'done', outcome: { action, targetId, messages: [message] } },
});

const held = (message: string, proposal: string, targetId?: string): SupplierDocumentVerdict => ({
  kind: 'settle',
  settlement: { kind: 'held', outcome: { targetId, messages: [message], proposal } },
});

/** One Xero supplier document's verdict (`row` undefined: Xero did not return it). */
export function planSupplierDocument(
  kind: SupplierDocumentPlanKind,
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownSupplierDocuments,
  options: { cutOverDate?: string } = {},
): SupplierDocumentVerdict {
  if (!row) return done('skipped', 'Not found in Xero (deleted?)');
  if (row.type !== kind.type) return done('skipped', kind.notOfType);
  const status = text(row.status) || 'DRAFT';
  const summary = kind.describe(row);
  const x3Key = known.linked.get(change.sourceKey.toLowerCase());
  if (x3Key) {
    if (!GONE.includes(status)) return { kind: 'check', x3Key };
    // X3 keeps a validated PINVOICE: it is reversed by one of the other sense, by an accountant
    return held(
      `${summary} was ${status.toLowerCase()} in Xero; X3 ${kind.x3Noun} ${x3Key} still stands`,
      `Reverse X3 ${kind.x3Noun} ${x3Key} with ${kind.reversal} (or enter the ${kind.xeroNoun} in Xero again)`,
      x3Key,
    );
  }
  if (GONE.includes(status)) return done('skipped', `${summary} was ${status.toLowerCase()} before it reached X3`);
  if (UNAPPROVED.includes(status)) {
    return done('skipped', `${summary} is ${status.toLowerCase()}: it is carried to X3 once approved`);
  }
  const date = typeof row.date === 'string' ? row.date.slice(0, 10) : undefined;
  if (options.cutOverDate && date && date < options.cutOverDate) {
    return done('skipped', `${summary} is dated ${date}, before the cut-over date ${options.cutOverDate}`);
  }
  const contact = contactOf(row);
  const supplier = known.suppliers.get(lower(contact.contactID));
  if (!supplier) {
    return {
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: `supplier:${expectedSupplierCode(contact)}` },
      pullContact: lower(contact.contactID) || undefined,
    };
  }
  const number = text(row[kind.numberField]);
  if (!number) {
    return held(
      `${summary} has no ${kind.numberNoun}: X3 enters a ${kind.x3Noun} with the supplier's document number (BPRVCR)`,
      kind.noNumberProposal,
    );
  }
  return { kind: 'carry', supplier, number };
}
