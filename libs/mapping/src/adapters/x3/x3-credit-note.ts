// Credit notes come from two X3 nodes: sales credit memos (SINVOICE) and supplier credit notes
// (PINVOICE), both of INVTYP credit memo / credit note. One adapter reads either (a purchase
// record names its supplier, billBySupplier) and writes each back to its own node.
import type { CreditNote } from '../../canonical';
import type { AdapterContext, X3Adapter, X3Shape } from '../adapter-contract';
import { purchaseCreditNoteOf, x3PurchaseCreditNote } from './x3-purchase-invoice';
import { salesCreditNoteOf, x3SalesCreditNote } from './x3-sales-invoice';

/** The X3 node a credit note of this side is written to. */
export function x3EntityOfCreditNote(side: CreditNote['side']): 'salesInvoice' | 'purchaseInvoice' {
  return side === 'sales' ? 'salesInvoice' : 'purchaseInvoice';
}

export const x3CreditNoteAdapter: X3Adapter<'creditNote'> = {
  entity: 'creditNote',
  /** Sales credit memos; purchase ones are read from purchaseInvoice (x3EntityOfCreditNote). */
  x3Entity: 'salesInvoice',
  fromX3(record: X3Shape, ctx: AdapterContext) {
    return record.billBySupplier !== undefined ? purchaseCreditNoteOf(record, ctx) : salesCreditNoteOf(record, ctx);
  },
  toX3(note, ctx) {
    return note.side === 'sales' ? x3SalesCreditNote(note, ctx) : x3PurchaseCreditNote(note, ctx);
  },
};
