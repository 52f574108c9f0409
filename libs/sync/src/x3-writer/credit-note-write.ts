// One Xero supplier credit note written to X3 as a supplier credit memo (PINVOICE of INVTYP credit
// memo) through X3's API, then validated, with the write bills share (supplier-document-write.ts):
// BPR = the linked supplier's X3 code, BPRVCR = the CreditNoteNumber, lines and tax codes from the
// mapping, Xero's rate for a foreign one, and PIHINVNUM = the X3 invoice of the linked bill it is
// allocated to. PINVOICE has no free reference field, so the supplier and its document number are
// the key: before creating, X3 is searched for a credit memo of them, and a resend after a crash or
// an unknown outcome links what the first attempt made instead of a second.
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { CarryResult } from './claim-carry';
import { CREDIT_NOTE } from './credit-note-plan';
import {
  carrySupplierDocumentToX3,
  checkLinkedSupplierDocument,
  LinkedSupplierDocument,
  quoted,
  SupplierDocumentKind,
  supplierDocumentDifferences,
  SupplierDocumentWriteContext,
} from './supplier-document-write';

type Row = Record<string, unknown>;

/** A Xero supplier credit note (as JSON) to carry: its linked X3 supplier, its number, the invoice it credits. */
export interface CreditNoteToCarry {
  change: SyncPendingChange;
  row: Row;
  supplier: string;
  number: string;
  originalInvoice?: string;
  /** What the plan noted (an allocation that names no X3 invoice), added to the outcome. */
  notes: string[];
}

/**
 * The X3 supplier credit memo of this supplier that is this credit note, if X3 holds one: its
 * document number (BPRVCR) is the note's number, or the note is one our x3→xero flow wrote (its
 * number is then the memo's own NUM) whose link was lost, e.g. by re-pairing. Invoices of the
 * same number are not it.
 */
export async function creditMemoBySupplierDocument(
  x3: X3Transport,
  supplier: string,
  number: string,
): Promise<X3Record | undefined> {
  const bySupplier = `billBySupplier:{_id:${quoted(supplier)}}`;
  for (const filter of [
    `{${bySupplier},supplierDocumentNumber:${quoted(number)}}`,
    `{${bySupplier},_id:${quoted(number)}}`,
  ]) {
    for await (const found of x3.list('purchaseInvoice', { filter, pageSize: 20 })) {
      if (purchaseInvoiceEntityOf(found) === 'creditNote') return found;
    }
  }
  return undefined;
}

const CREDIT_NOTE_WRITE: SupplierDocumentKind<CreditNoteToCarry> = {
  ...CREDIT_NOTE,
  adapter: 'creditNote',
  mappingNoun: 'supplier credit note',
  ownNumberMatches: true,
  bySupplierDocument: creditMemoBySupplierDocument,
  createHead: { invoiceType: 'creditMemo' },
  createTail: (item) => (item.originalInvoice ? { originalInvoice: item.originalInvoice } : {}),
  createdNotes: (item) => (item.originalInvoice ? [`crediting X3 supplier invoice ${item.originalInvoice}`] : []),
  notes: (item) => item.notes,
};

export function carryCreditNoteToX3(ctx: SupplierDocumentWriteContext, item: CreditNoteToCarry): Promise<CarryResult> {
  return carrySupplierDocumentToX3(CREDIT_NOTE_WRITE, ctx, item);
}

/**
 * A credit note already linked (our own from X3, or carried before): X3 keeps a validated credit
 * memo as it is, so a Xero edit that changed what X3 holds goes to an accountant.
 */
export function checkLinkedCreditNote(
  ctx: SupplierDocumentWriteContext,
  item: LinkedSupplierDocument,
): Promise<CarryResult> {
  return checkLinkedSupplierDocument(CREDIT_NOTE_WRITE, ctx, item);
}

/**
 * What the X3 credit memo and the Xero credit note disagree on (number, currency, totals). A note
 * our x3→xero flow wrote carries X3's NUM as its number and the supplier's in Reference: either matches.
 */
export function creditNoteDifferences(memo: X3Record, row: Row): string[] {
  return supplierDocumentDifferences(CREDIT_NOTE_WRITE, memo, row);
}
