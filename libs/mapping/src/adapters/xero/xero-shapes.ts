import type { CanonicalEntity, CanonicalOf } from '../../canonical';
import type { AdapterContext, XeroAdapter } from '../adapter-contract';

// The Xero records the adapters produce and read: plain objects in xero-node's model shape
// (camelCase, as node_modules/xero-node/dist/gen/model/accounting/*.d.ts names the fields), which
// is what our Xero connector batches and xero-node serialises to Xero's PascalCase. Enumerations
// are their wire strings. Money is a JS number only here, and only from an already-rounded decimal.
// Reads come back through xero-node too, so dates may be Date objects (it parses /Date(…)/).

export type XeroDate = string | Date;
export type XeroDocumentStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type XeroLineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface XeroAddress {
  addressType?: 'POBOX' | 'STREET' | 'DELIVERY';
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface XeroPhone {
  phoneType?: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX' | 'OFFICE';
  phoneNumber?: string;
}

export interface XeroContactRef {
  contactID?: string;
  contactNumber?: string;
  name?: string;
}

export interface XeroContact extends XeroContactRef {
  contactStatus?: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  emailAddress?: string;
  taxNumber?: string;
  defaultCurrency?: string;
  addresses?: XeroAddress[];
  phones?: XeroPhone[];
  /** Read-only: Xero sets them once the contact has sales or purchase documents. */
  isCustomer?: boolean;
  isSupplier?: boolean;
  updatedDateUTC?: XeroDate;
}

export interface XeroTracking {
  name?: string;
  option?: string;
}

export interface XeroLineItem {
  lineItemID?: string;
  description?: string;
  quantity?: number;
  unitAmount?: number;
  itemCode?: string;
  accountCode?: string;
  taxType?: string;
  taxAmount?: number;
  lineAmount?: number;
  discountRate?: number;
  tracking?: XeroTracking[];
}

/** Invoice (ACCREC, ACCPAY) and CreditNote (ACCRECCREDIT, ACCPAYCREDIT) share these fields. */
export interface XeroDocument {
  contact?: XeroContactRef;
  date?: XeroDate;
  dueDate?: XeroDate;
  lineAmountTypes?: XeroLineAmountTypes;
  reference?: string;
  currencyCode?: string;
  currencyRate?: number;
  status?: XeroDocumentStatus;
  lineItems?: XeroLineItem[];
  subTotal?: number;
  totalTax?: number;
  total?: number;
  amountDue?: number;
  amountPaid?: number;
  updatedDateUTC?: XeroDate;
}

export interface XeroInvoice extends XeroDocument {
  type?: 'ACCREC' | 'ACCPAY';
  invoiceID?: string;
  invoiceNumber?: string;
}

export interface XeroCreditNote extends XeroDocument {
  type?: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  creditNoteID?: string;
  creditNoteNumber?: string;
  remainingCredit?: number;
}

export interface XeroItemDetails {
  unitPrice?: number;
  accountCode?: string;
  taxType?: string;
}

export interface XeroItem {
  itemID?: string;
  code: string;
  name?: string;
  description?: string;
  purchaseDescription?: string;
  isSold?: boolean;
  isPurchased?: boolean;
  salesDetails?: XeroItemDetails;
  purchaseDetails?: XeroItemDetails;
  /** Read-only: true when the item has an inventory asset account and a COGS account. */
  isTrackedAsInventory?: boolean;
  /** Read-only: moved only by tracked-item invoices, bills and credit notes. */
  quantityOnHand?: number;
  totalCostPool?: number;
  updatedDateUTC?: XeroDate;
}

export interface XeroAccount {
  accountID?: string;
  code?: string;
  name?: string;
  type?: string;
  status?: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  taxType?: string;
  /** Read-only. */
  _class?: 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
  systemAccount?: string;
  updatedDateUTC?: XeroDate;
}

export interface XeroTaxComponent {
  name?: string;
  rate?: number;
  isCompound?: boolean;
}

export interface XeroTaxRate {
  name?: string;
  taxType?: string;
  status?: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  taxComponents?: XeroTaxComponent[];
  effectiveRate?: number;
}

export interface XeroPayment {
  paymentID?: string;
  invoice?: {
    invoiceID?: string;
    invoiceNumber?: string;
    type?: string;
    contact?: XeroContactRef;
    currencyCode?: string;
  };
  creditNote?: {
    creditNoteID?: string;
    creditNoteNumber?: string;
    type?: string;
    contact?: XeroContactRef;
    currencyCode?: string;
  };
  account?: { accountID?: string; code?: string };
  date?: XeroDate;
  amount?: number;
  currencyRate?: number;
  reference?: string;
  status?: 'AUTHORISED' | 'DELETED';
  paymentType?: string;
  updatedDateUTC?: XeroDate;
}

/** A canonical payment in Xero: one Payment per allocation (Xero's Payments wrapper shape). */
export interface XeroPaymentSet {
  payments: XeroPayment[];
  /**
   * Received or paid beyond the allocations: Xero holds it as an overpayment (a BankTransaction
   * RECEIVE-OVERPAYMENT / SPEND-OVERPAYMENT, then allocated), which the sync engine raises.
   */
  unallocated?: string;
  /**
   * Credit notes the source payment used up against its invoices or bills (an X3 payment line
   * of negative amount on a credit memo): in Xero a credit note is applied to an invoice by an
   * Allocation (PUT CreditNotes/{CreditNoteID}/Allocations), not a Payment. The sync engine writes them.
   */
  creditAllocations?: XeroCreditAllocation[];
}

/** One credit note applied to one invoice or bill: Allocation { Invoice, Amount, Date }. */
export interface XeroCreditAllocation {
  creditNote: { creditNoteID?: string; creditNoteNumber?: string };
  invoice: { invoiceID?: string; invoiceNumber?: string };
  amount: number;
  date?: XeroDate;
}

export interface XeroManualJournalLine {
  lineAmount?: number;
  accountCode?: string;
  description?: string;
  taxType?: string;
  tracking?: XeroTracking[];
}

export interface XeroManualJournal {
  manualJournalID?: string;
  narration: string;
  date?: XeroDate;
  status?: 'DRAFT' | 'POSTED' | 'DELETED' | 'VOIDED' | 'ARCHIVED';
  lineAmountTypes?: XeroLineAmountTypes;
  journalLines?: XeroManualJournalLine[];
  updatedDateUTC?: XeroDate;
}

/** A Xero adapter whose toXero result keeps its Xero shape (callers and tests read its fields). */
export type TypedXeroAdapter<E extends CanonicalEntity, X extends object> = Omit<XeroAdapter<E>, 'toXero'> & {
  toXero(record: CanonicalOf<E>, ctx: AdapterContext): X;
};
