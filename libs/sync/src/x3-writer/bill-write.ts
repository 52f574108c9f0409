// One Xero bill written to X3 as a supplier invoice (PINVOICE) through X3's API, then validated
// (supplier-document-write.ts, the write it shares with supplier credit notes): BPR = the linked
// supplier's X3 code, BPRVCR = the bill's InvoiceNumber, lines and tax codes from the mapping,
// Xero's rate for a foreign bill. X3's PINVOICE has no free reference field, so the supplier and
// its document number are the key: before creating, X3 is searched for them, and a resend after a
// crash or an unknown outcome links what the first attempt made instead of a second.
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import type { CarryResult } from './claim-carry';
import { BILL } from './bill-plan';
import {
  carrySupplierDocumentToX3,
  checkLinkedSupplierDocument,
  LinkedSupplierDocument,
  quoted,
  SupplierDocumentKind,
  SupplierDocumentToCarry,
  supplierDocumentDifferences,
  SupplierDocumentWriteContext,
} from './supplier-document-write';

type Row = Record<string, unknown>;

/** The X3 supplier invoice of this supplier with this document number, if X3 holds one. */
export async function billBySupplierDocument(
  x3: X3Transport,
  supplier: string,
  number: string,
): Promise<X3Record | undefined> {
  const filter = `{billBySupplier:{_id:${quoted(supplier)}},supplierDocumentNumber:${quoted(number)}}`;
  for await (const found of x3.list('purchaseInvoice', { filter, pageSize: 2 })) return found;
  return undefined;
}

const BILL_WRITE: SupplierDocumentKind<SupplierDocumentToCarry> = {
  ...BILL,
  adapter: 'bill',
  mappingNoun: 'bill',
  ownNumberMatches: false,
  bySupplierDocument: billBySupplierDocument,
  createHead: {},
  createTail: () => ({}),
  createdNotes: () => [],
  notes: () => [],
};

/** A Xero bill (as JSON) to carry, with its linked X3 supplier and the supplier's invoice number. */
export function carryBillToX3(ctx: SupplierDocumentWriteContext, item: SupplierDocumentToCarry): Promise<CarryResult> {
  return carrySupplierDocumentToX3(BILL_WRITE, ctx, item);
}

/**
 * A bill already linked (our own from X3, or carried before): X3 keeps a validated supplier
 * invoice as it is, so a Xero edit that changed what X3 holds goes to an accountant.
 */
export function checkLinkedBill(ctx: SupplierDocumentWriteContext, item: LinkedSupplierDocument): Promise<CarryResult> {
  return checkLinkedSupplierDocument(BILL_WRITE, ctx, item);
}

/** What the X3 supplier invoice and the Xero bill disagree on (supplier's number, currency, totals). */
export function differencesOf(invoice: X3Record, row: Row): string[] {
  return supplierDocumentDifferences(BILL_WRITE, invoice, row);
}
