// What becomes of one Xero supplier credit note (ACCPAYCREDIT) read for the xero-to-x3 supplier
// credit notes flow, decided from what our tables hold before anything is written to X3 — as
// bill-plan.ts decides for bills: one already linked to an X3 credit memo (ours from X3, or
// carried before) is checked against X3, never written again; one not yet approved, voided before
// it reached X3, or dated before the cut-over stays out; one whose contact is not an X3 supplier
// yet waits for it; the rest is carried, naming the X3 invoice of the bill it is allocated to.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { contactOf, expectedSupplierCode, PlannedSettlement } from './bill-plan';
import { billsOnTheirWay, billWaitKeyOf } from './credit-note-bill-waits';

type Row = Record<string, unknown>;

export interface KnownCreditNotes {
  /** Xero CreditNoteID → the X3 credit memo linked to it (cross-reference, entity 'creditNote'). */
  linked: Map<string, string>;
  /** Xero ContactID → the X3 supplier code linked to it (cross-reference, entity 'supplier'). */
  suppliers: Map<string, string>;
  /** Xero InvoiceID of a bill → the X3 supplier invoice linked to it (cross-reference, entity 'bill'). */
  bills: Map<string, string>;
  /** Xero InvoiceIDs of bills not linked yet whose change is open in an enabled xero-to-x3 bills flow. */
  billsOnTheirWay: Set<string>;
}

export type CreditNoteVerdict =
  | { kind: 'settle'; settlement: PlannedSettlement; pullContact?: string }
  /** Linked already: compared with the X3 credit memo, never written again. */
  | { kind: 'check'; x3Key: string }
  /** `originalInvoice`: the X3 invoice of the one linked bill the note is allocated to (PIHINVNUM). */
  | { kind: 'carry'; supplier: string; number: string; originalInvoice?: string; notes: string[] };

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const GONE = ['VOIDED', 'DELETED'];
const UNAPPROVED = ['DRAFT', 'SUBMITTED'];

/** The Xero InvoiceIDs (lower-cased) the credit note's live allocations name. */
export function allocatedInvoiceIds(row: Row): string[] {
  const allocations = Array.isArray(row.allocations) ? (row.allocations as Row[]) : [];
  const ids = allocations
    .filter((a) => a.isDeleted !== true)
    .map((a) => lower(((a.invoice ?? {}) as Row).invoiceID))
    .filter(Boolean);
  return [...new Set(ids)];
}

/** What our tables hold about these credit notes, their contacts and the bills they are allocated to. */
export async function knownCreditNotes(
  m: EntityManager,
  integrationId: string,
  noteIds: string[],
  contactIds: string[],
  billIds: string[],
): Promise<KnownCreditNotes> {
  const refs: Array<{ entity: string; x3_key: string; xero_id: string }> = await m.query(
    `SELECT entity, x3_key, xero_id FROM sync_cross_references
      WHERE integration_id = $1 AND state <> 'archived' AND xero_id IS NOT NULL
        AND ((entity = 'creditNote' AND lower(xero_id) = ANY($2::text[]))
          OR (entity = 'supplier' AND lower(xero_id) = ANY($3::text[]))
          OR (entity = 'bill' AND lower(xero_id) = ANY($4::text[])))`,
    [integrationId, noteIds, contactIds, billIds],
  );
  const known: KnownCreditNotes = {
    linked: new Map(),
    suppliers: new Map(),
    bills: new Map(),
    billsOnTheirWay: new Set(),
  };
  const of = { creditNote: known.linked, supplier: known.suppliers, bill: known.bills } as Record<
    string,
    Map<string, string>
  >;
  for (const r of refs) of[r.entity]?.set(r.xero_id.toLowerCase(), r.x3_key);
  const unlinked = billIds.filter((id) => !known.bills.has(id));
  known.billsOnTheirWay = await billsOnTheirWay(m, integrationId, unlinked);
  return known;
}

const done = (action: 'unchanged' | 'skipped', message: string, targetId?: string): CreditNoteVerdict => ({
  kind: 'settle',
  settlement: { kind: 'done', outcome: { action, targetId, messages: [message] } },
});

const held = (message: string, proposal: string, targetId?: string): CreditNoteVerdict => ({
  kind: 'settle',
  settlement: { kind: 'held', outcome: { targetId, messages: [message], proposal } },
});

/** One Xero credit note's verdict (`row` undefined: Xero did not return it). */
export function planCreditNote(
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownCreditNotes,
  options: { cutOverDate?: string } = {},
): CreditNoteVerdict {
  if (!row) return done('skipped', 'Not found in Xero (deleted?)');
  if (row.type !== 'ACCPAYCREDIT') return done('skipped', 'Not a supplier credit note (ACCPAYCREDIT) in Xero');
  const status = text(row.status) || 'DRAFT';
  const summary = describeCreditNote(row);
  const x3Key = known.linked.get(change.sourceKey.toLowerCase());
  if (x3Key) {
    if (!GONE.includes(status)) return { kind: 'check', x3Key };
    // X3 keeps a validated credit memo: it is undone by an invoice of the same amount, by an accountant
    return held(
      `${summary} was ${status.toLowerCase()} in Xero; X3 supplier credit memo ${x3Key} still stands`,
      `Reverse X3 supplier credit memo ${x3Key} with a supplier invoice of the same amount (or enter the credit note in Xero again)`,
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
  const number = text(row.creditNoteNumber);
  if (!number) {
    return held(
      `${summary} has no credit note number: X3 enters a supplier credit memo with the supplier's document number (BPRVCR)`,
      "Enter the supplier's credit note number in Xero; it is then carried to X3",
    );
  }
  const bills = allocatedInvoiceIds(row);
  // the one bill it credits is being carried to X3 now: the memo waits to name its invoice
  if (bills.length === 1 && known.billsOnTheirWay.has(bills[0])) {
    return { kind: 'settle', settlement: { kind: 'waiting', waitingOn: billWaitKeyOf(bills[0]) } };
  }
  return { kind: 'carry', supplier, number, ...creditedInvoice(bills, known) };
}

/** The X3 invoice the memo names (PIHINVNUM): that of the one linked bill the note is allocated to. */
function creditedInvoice(bills: string[], known: KnownCreditNotes): { originalInvoice?: string; notes: string[] } {
  if (!bills.length) return { notes: [] };
  if (bills.length > 1) {
    return { notes: [`allocated to ${bills.length} bills: X3 names one source invoice, so none is named`] };
  }
  const invoice = known.bills.get(bills[0]);
  if (invoice) return { originalInvoice: invoice, notes: [] };
  return { notes: [`allocated to a bill not linked to an X3 supplier invoice (${bills[0]}): no source invoice named`] };
}

export function describeCreditNote(row: Row): string {
  const number = text(row.creditNoteNumber);
  const name = text(contactOf(row).name);
  const amount = `(${String(row.total)} ${text(row.currencyCode)})`.replace(' )', ')');
  return `Xero supplier credit note${number ? ` ${number}` : ''}${name ? ` from ${name}` : ''} ${amount}`;
}
