// Sales invoices (SINVOICE). INVTYP (menu 645) tells them apart: 1 invoice, 3 debit note and
// 5 proforma are invoices; 2 credit memo and 4 credit note are credit notes (Xero ACCRECCREDIT),
// read with the invoice they credit (SIHORINUM).
import type { CreditNote, Invoice } from '../../canonical';
import type { AdapterContext, X3Adapter, X3Shape } from '../adapter-contract';
import { CommercialHeader, commercialHeaderOf, distinct, documentOf, x3CurrencyTerms } from './x3-commercial-header';
import { x3LineInput } from './x3-document-parts';
import { salesInvoiceStatus } from './x3-status';
import { compact, refKey, text } from './x3-values';

const QUANTITY = 'quantityInSalesUnitInvoiced';
const CREDIT_TYPES = new Set(['creditMemo', 'creditNote']);

export function isX3CreditType(invoiceType: unknown): boolean {
  return typeof invoiceType === 'string' && CREDIT_TYPES.has(invoiceType);
}

/** Which canonical entity an X3 sales invoice record is: 'invoice' or 'creditNote'. */
export function salesInvoiceEntityOf(record: X3Shape): 'invoice' | 'creditNote' {
  return isX3CreditType(record.invoiceType) ? 'creditNote' : 'invoice';
}

export function salesDocumentOf(record: X3Shape, ctx: AdapterContext): CommercialHeader {
  return commercialHeaderOf(record, ctx, {
    party: 'billToCustomer',
    date: 'accountingDate',
    site: 'salesSite',
    status: salesInvoiceStatus(text(record.status), text(record.invoiceType)),
    lines: {
      quantity: QUANTITY,
      orderKey: 'salesOrder',
      orderLineNumber: 'salesOrderLine',
      shipmentKey: 'salesDelivery',
    },
  });
}

/** The writable SINVOICE fields (free lines: X3 prices them as given). */
export function x3SalesDocument(
  doc: CommercialHeader,
  invoiceType: string,
  ctx: AdapterContext,
): Record<string, unknown> {
  return compact({
    invoiceType,
    salesSite: doc.site ?? ctx.x3Site,
    billToCustomer: doc.partyKey,
    accountingDate: doc.date,
    ...x3CurrencyTerms(doc),
    paymentTerm: doc.paymentTerm,
    lines: doc.lines.map((l) =>
      x3LineInput(l, QUANTITY, ctx, 'gross', {
        salesOrder: l.orderKey,
        salesOrderLine: l.orderLineNumber,
        salesDelivery: l.shipmentKey,
      }),
    ),
  });
}

export const x3InvoiceAdapter: X3Adapter<'invoice'> = {
  entity: 'invoice',
  x3Entity: 'salesInvoice',
  fromX3(record, ctx) {
    if (isX3CreditType(record.invoiceType))
      throw new Error(
        `X3 sales invoice ${text(record.id) ?? text(record._id)} is a credit memo: use the creditNote adapter`,
      );
    const doc = salesDocumentOf(record, ctx);
    return documentOf(doc, 'invoice', {
      orderKeys: distinct([text(record.salesOrder), ...doc.lines.map((l) => l.orderKey)]),
      shipmentKeys: distinct([text(record.salesDelivery), ...doc.lines.map((l) => l.shipmentKey)]),
    }) satisfies Invoice;
  },
  toX3(invoice, ctx) {
    const input = x3SalesDocument(invoice, 'invoice', ctx);
    const [order] = invoice.orderKeys ?? [];
    return compact({ ...input, salesOrder: invoice.orderKeys?.length === 1 ? order : undefined });
  },
};

export function salesCreditNoteOf(record: X3Shape, ctx: AdapterContext): CreditNote {
  return documentOf(salesDocumentOf(record, ctx), 'creditNote', {
    side: 'sales' as const,
    originalInvoiceKey: refKey(record.originalInvoice),
  }) satisfies CreditNote;
}

export function x3SalesCreditNote(note: CreditNote, ctx: AdapterContext): Record<string, unknown> {
  return compact({ ...x3SalesDocument(note, 'creditMemo', ctx), originalInvoice: note.originalInvoiceKey });
}
