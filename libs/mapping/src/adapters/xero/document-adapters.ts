import type { Bill, CreditNote, Invoice, SalesOrder } from '../../canonical';
import type { AdapterContext } from '../adapter-contract';
import { documentFromXero, planXeroDocument } from './documents';
import { defined } from './fields';
import type { TypedXeroAdapter, XeroCreditNote, XeroInvoice } from './xero-shapes';

// Sales invoices, bills, credit notes, and sales orders (as draft sales invoices). Each toXero
// builds a new plain object (planXeroDocument makes every line, contact and tracking afresh), so
// the adapters declare plainOutput and the engine skips its copy.

export const invoiceXeroAdapter: TypedXeroAdapter<'invoice', XeroInvoice> = {
  entity: 'invoice',
  xeroResource: 'Invoices',
  plainOutput: true,
  toXero: (inv: Invoice, ctx: AdapterContext): XeroInvoice =>
    defined({
      type: 'ACCREC' as const,
      invoiceNumber: inv.key,
      reference: inv.reference,
      ...planXeroDocument(inv, ctx, { allowDiscount: true }).model,
    }),
  fromXero: (model: object, ctx: AdapterContext): Invoice => {
    const x = model as XeroInvoice;
    return defined({
      entity: 'invoice' as const,
      key: x.invoiceNumber ?? x.invoiceID ?? '',
      reference: x.reference || undefined,
      ...documentFromXero(x, ctx, x.invoiceID),
    });
  },
};

// A bill's InvoiceNumber is the supplier's own number (what Xero shows as the bill's reference and
// checks for duplicates per supplier); our X3 key goes in Reference, so a bill is found again by
// type + contact + our key (InvoiceNumber alone is not unique across suppliers).
export const billXeroAdapter: TypedXeroAdapter<'bill', XeroInvoice> = {
  entity: 'bill',
  xeroResource: 'Invoices',
  plainOutput: true,
  toXero: (bill: Bill, ctx: AdapterContext): XeroInvoice =>
    defined({
      type: 'ACCPAY' as const,
      invoiceNumber: bill.supplierReference,
      reference: bill.key,
      // Xero takes discounts on sales invoices only
      ...planXeroDocument(bill, ctx, { allowDiscount: false }).model,
    }),
  fromXero: (model: object, ctx: AdapterContext): Bill => {
    const x = model as XeroInvoice;
    return defined({
      entity: 'bill' as const,
      key: x.reference || x.invoiceID || '',
      supplierReference: x.invoiceNumber || undefined,
      ...documentFromXero(x, ctx, x.invoiceID),
    });
  },
};

export const creditNoteXeroAdapter: TypedXeroAdapter<'creditNote', XeroCreditNote> = {
  entity: 'creditNote',
  xeroResource: 'CreditNotes',
  plainOutput: true,
  toXero: (cn: CreditNote, ctx: AdapterContext): XeroCreditNote =>
    defined({
      type: cn.side === 'sales' ? ('ACCRECCREDIT' as const) : ('ACCPAYCREDIT' as const),
      creditNoteNumber: cn.key,
      // the credited invoice travels in Reference; the allocation itself is the sync engine's
      reference: cn.reference ?? cn.originalInvoiceKey,
      ...planXeroDocument(cn, ctx, { allowDiscount: false }).model,
    }),
  fromXero: (model: object, ctx: AdapterContext): CreditNote => {
    const x = model as XeroCreditNote;
    const common = documentFromXero(x, ctx, x.creditNoteID);
    return defined({
      entity: 'creditNote' as const,
      key: x.creditNoteNumber ?? x.creditNoteID ?? '',
      side: x.type === 'ACCPAYCREDIT' ? ('purchase' as const) : ('sales' as const),
      reference: x.reference || undefined,
      ...common,
      amountDue: x.remainingCredit === undefined ? common.amountDue : undefined,
    });
  },
};

/**
 * Xero's accounting API has no sales order. A Quote was considered and not chosen: a quote
 * cannot be turned into an invoice through the API, books nothing and cannot be matched to the
 * invoice X3 posts later. An order is therefore a DRAFT sales invoice (issue 11: "a flow may raise
 * a draft from the order … and the posted X3 invoice is then matched to that draft"): no
 * InvoiceNumber (that is the X3 invoice number, set when the posted invoice is matched), our order
 * key in Reference; a deleted order deletes the draft.
 */
export const salesOrderXeroAdapter: TypedXeroAdapter<'salesOrder', XeroInvoice> = {
  entity: 'salesOrder',
  xeroResource: 'Invoices',
  plainOutput: true,
  toXero: (order: SalesOrder, ctx: AdapterContext): XeroInvoice =>
    defined({
      type: 'ACCREC' as const,
      reference: order.key,
      ...planXeroDocument(order, ctx, {
        allowDiscount: true,
        status: order.status === 'deleted' || order.status === 'voided' ? 'DELETED' : 'DRAFT',
      }).model,
    }),
  fromXero: (model: object, ctx: AdapterContext): SalesOrder => {
    const x = model as XeroInvoice;
    return defined({
      entity: 'salesOrder' as const,
      key: x.reference || x.invoiceID || '',
      ...documentFromXero(x, ctx, x.invoiceID),
    });
  },
};
