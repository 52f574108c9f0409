// Supplier invoices (PINVOICE) → Xero bills; those of INVTYP credit memo / credit note are
// purchase credit notes (Xero ACCPAYCREDIT).
import type { Bill, CreditNote } from '../../canonical';
import type { AdapterContext, X3Adapter, X3Shape } from '../adapter-contract';
import { CommercialHeader, commercialHeaderOf, documentOf, x3CurrencyTerms } from './x3-commercial-header';
import { x3LineInput } from './x3-document-parts';
import { isX3CreditType } from './x3-sales-invoice';
import { purchaseInvoiceStatus } from './x3-status';
import { compact, dateOf, refKey, text } from './x3-values';

const QUANTITY = 'quantityInPurchaseUnitInvoiced';

/** Which canonical entity an X3 purchase invoice record is: 'bill' or 'creditNote'. */
export function purchaseInvoiceEntityOf(record: X3Shape): 'bill' | 'creditNote' {
  return isX3CreditType(record.invoiceType) ? 'creditNote' : 'bill';
}

function purchaseDocumentOf(record: X3Shape, ctx: AdapterContext): CommercialHeader {
  return commercialHeaderOf(record, ctx, {
    party: 'billBySupplier',
    date: 'accountingDate',
    site: 'site',
    status: purchaseInvoiceStatus(text(record.status)),
    lines: { quantity: QUANTITY, orderKey: 'purchaseOrder' },
  });
}

function x3PurchaseDocument(doc: CommercialHeader, invoiceType: string, ctx: AdapterContext): Record<string, unknown> {
  return compact({
    invoiceType,
    site: doc.site ?? ctx.x3Site,
    billBySupplier: doc.partyKey,
    accountingDate: doc.date,
    ...x3CurrencyTerms(doc),
    lines: doc.lines.map((l) => x3LineInput(l, QUANTITY, ctx, 'net', { purchaseOrder: l.orderKey })),
  });
}

export const x3BillAdapter: X3Adapter<'bill'> = {
  entity: 'bill',
  x3Entity: 'purchaseInvoice',
  fromX3(record, ctx) {
    if (isX3CreditType(record.invoiceType))
      throw new Error(
        `X3 purchase invoice ${text(record.id) ?? text(record._id)} is a credit note: use the creditNote adapter`,
      );
    return documentOf(purchaseDocumentOf(record, ctx), 'bill', {
      supplierReference: text(record.supplierDocumentNumber),
    }) satisfies Bill;
  },
  toX3(bill, ctx) {
    return compact({
      ...x3PurchaseDocument(bill, 'invoice', ctx),
      supplierDocumentNumber: bill.supplierReference,
      supplierDocumentDate: bill.date,
    });
  },
};

export function purchaseCreditNoteOf(record: X3Shape, ctx: AdapterContext): CreditNote {
  return documentOf(purchaseDocumentOf(record, ctx), 'creditNote', {
    side: 'purchase' as const,
    reference: text(record.supplierDocumentNumber),
    originalInvoiceKey: refKey(record.originalInvoice),
  }) satisfies CreditNote;
}

export function x3PurchaseCreditNote(note: CreditNote, ctx: AdapterContext): Record<string, unknown> {
  return compact({
    ...x3PurchaseDocument(note, 'creditMemo', ctx),
    supplierDocumentNumber: note.reference,
    supplierDocumentDate: dateOf(note.date),
  });
}
