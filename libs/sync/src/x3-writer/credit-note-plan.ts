// What becomes of one Xero supplier credit note (ACCPAYCREDIT) read for the xero-to-x3 supplier
// credit notes flow, decided from what our tables hold before anything is written to X3 — with
// the steps bills share (supplier-document-plan.ts): one already linked to an X3 credit memo (ours from X3, or
// carried before) is checked against X3, never written again; one not yet approved, voided before
// it reached X3, or dated before the cut-over stays out; one whose contact is not an X3 supplier
// yet waits for it; the rest is carried, naming the X3 invoice of the bill it is allocated to.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { billsOnTheirWay, billWaitKeyOf } from './credit-note-bill-waits';
import {
  contactOf,
  KnownSupplierDocuments,
  lower,
  PlannedSettlement,
  planSupplierDocument,
  SupplierDocumentPlanKind,
  text,
} from './supplier-document-plan';

type Row = Record<string, unknown>;

export interface KnownCreditNotes extends KnownSupplierDocuments {
  /** Xero CreditNoteID → the X3 credit memo linked to it (cross-reference, entity 'creditNote'). */
  linked: Map<string, string>;
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

/** A supplier credit note, as its plan and its write name it. */
export const CREDIT_NOTE: SupplierDocumentPlanKind = {
  type: 'ACCPAYCREDIT',
  notOfType: 'Not a supplier credit note (ACCPAYCREDIT) in Xero',
  x3Noun: 'supplier credit memo',
  xeroNoun: 'credit note',
  reversal: 'a supplier invoice of the same amount',
  numberField: 'creditNoteNumber',
  numberNoun: 'credit note number',
  noNumberProposal: "Enter the supplier's credit note number in Xero; it is then carried to X3",
  describe: describeCreditNote,
};

/** One Xero credit note's verdict (`row` undefined: Xero did not return it). */
export function planCreditNote(
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownCreditNotes,
  options: { cutOverDate?: string } = {},
): CreditNoteVerdict {
  const verdict = planSupplierDocument(CREDIT_NOTE, change, row, known, options);
  if (verdict.kind !== 'carry') return verdict;
  const bills = allocatedInvoiceIds(row!);
  // the one bill it credits is being carried to X3 now: the memo waits to name its invoice
  if (bills.length === 1 && known.billsOnTheirWay.has(bills[0])) {
    return { kind: 'settle', settlement: { kind: 'waiting', waitingOn: billWaitKeyOf(bills[0]) } };
  }
  return { ...verdict, ...creditedInvoice(bills, known) };
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
