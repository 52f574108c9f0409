// X3 status codes → canonical statuses. The X3 code is always kept in sourceStatus, so a status map
// in a mapping can refine this default. 'paid' is never derived here: it comes from payments and
// allocations on the Xero side, and a document's paid amount travels in amountPaid / amountDue.
import type { DocumentStatus, Journal, Payment } from '../../canonical';

/** SINVOICE STA (menu 2261): 1 notPosted, 2 notUsed, 3 posted. */
const SALES_INVOICE: Record<string, DocumentStatus> = {
  notPosted: 'draft',
  notUsed: 'voided', // a number cancelled before posting
  posted: 'authorised',
};

/** PINVOICE STA (menu 509): 1 pending, 2 toValidate, 3 validated. */
const PURCHASE_INVOICE: Record<string, DocumentStatus> = {
  pending: 'draft',
  toValidate: 'submitted',
  validated: 'authorised',
};

/** PAYMENTH STA (menu 689): entered and accepted, in the bank, or returned unpaid (bounced). */
const PAYMENT: Record<string, Payment['status']> = {
  entered: 'draft',
  accepted: 'authorised',
  inTheBank: 'authorised',
  unpaid: 'deleted',
};

/** GACCENTRY STA (menu 617): temporary entries can still change; final ones cannot. */
const JOURNAL: Record<string, Journal['status']> = { temporary: 'draft', final: 'posted' };

export function salesInvoiceStatus(sta: string | undefined, invoiceType?: string): DocumentStatus {
  if (invoiceType === 'proforma') return 'draft'; // a proforma never posts
  return (sta && SALES_INVOICE[sta]) || 'draft';
}

export function purchaseInvoiceStatus(sta: string | undefined): DocumentStatus {
  return (sta && PURCHASE_INVOICE[sta]) || 'draft';
}

/** An order (ORDSTA) is a commitment once entered: open and closed alike are 'authorised'. */
export function salesOrderStatus(): DocumentStatus {
  return 'authorised';
}

export function paymentStatus(sta: string | undefined): Payment['status'] {
  return (sta && PAYMENT[sta]) || 'authorised';
}

export function journalStatus(sta: string | undefined): Journal['status'] {
  return (sta && JOURNAL[sta]) || 'draft';
}
