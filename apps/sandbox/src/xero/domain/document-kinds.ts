// What differs between invoices, credit notes and purchase orders; the rest is shared.
export interface DocumentKind {
  entity: 'Invoice' | 'CreditNote' | 'PurchaseOrder';
  idField: string;
  numberField: string;
  prefix: string;
  types: string[];
  /** Types whose numbers Xero keeps unique (sales documents). */
  uniqueNumberTypes: string[];
  settable: string[];
  transitions: Record<string, string[]>;
  webhook?: 'INVOICE' | 'CREDITNOTE';
  label: string;
}

const DOC_TRANSITIONS = {
  DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  AUTHORISED: ['AUTHORISED', 'VOIDED'],
  PAID: [],
  VOIDED: [],
  DELETED: [],
};

export const INVOICE_KIND: DocumentKind = {
  entity: 'Invoice',
  idField: 'InvoiceID',
  numberField: 'InvoiceNumber',
  prefix: 'INV-',
  types: ['ACCREC', 'ACCPAY'],
  uniqueNumberTypes: ['ACCREC'],
  settable: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED', 'VOIDED'],
  transitions: DOC_TRANSITIONS,
  webhook: 'INVOICE',
  label: 'Invoice',
};

export const CREDIT_NOTE_KIND: DocumentKind = {
  entity: 'CreditNote',
  idField: 'CreditNoteID',
  numberField: 'CreditNoteNumber',
  prefix: 'CN-',
  types: ['ACCRECCREDIT', 'ACCPAYCREDIT'],
  uniqueNumberTypes: ['ACCRECCREDIT'],
  settable: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED', 'VOIDED'],
  transitions: DOC_TRANSITIONS,
  webhook: 'CREDITNOTE',
  label: 'Credit Note',
};

export const PURCHASE_ORDER_KIND: DocumentKind = {
  entity: 'PurchaseOrder',
  idField: 'PurchaseOrderID',
  numberField: 'PurchaseOrderNumber',
  prefix: 'PO-',
  types: [],
  uniqueNumberTypes: [''],
  settable: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'DELETED'],
  transitions: {
    DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
    SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
    AUTHORISED: ['AUTHORISED', 'BILLED', 'DELETED'],
    BILLED: ['BILLED', 'AUTHORISED'],
    DELETED: [],
  },
  label: 'Purchase Order',
};

export function isSalesType(type: string | undefined): boolean {
  return type === 'ACCREC' || type === 'ACCRECCREDIT';
}
