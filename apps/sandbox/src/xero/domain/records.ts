import { WireRecord } from '../core/json';

// Stored entities in Xero's wire shape (PascalCase JSON). The fields the sandbox's rules read are
// typed; whatever else a client sent is kept as unknown.

export interface AccountRecord extends WireRecord {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Status: string;
  TaxType?: string;
  SystemAccount?: string;
  EnablePaymentsToAccount?: boolean;
}

export interface TaxComponentRecord extends WireRecord {
  Name: string;
  Rate: number;
}

export interface TaxRateRecord extends WireRecord {
  TaxType: string;
  Name: string;
  Status: string;
  TaxComponents: TaxComponentRecord[];
}

export interface CurrencyRecord extends WireRecord {
  Code: string;
}

export interface TrackingOptionRecord extends WireRecord {
  TrackingOptionID: string;
  Name: string;
  Status: string;
}

export interface TrackingCategoryRecord extends WireRecord {
  TrackingCategoryID: string;
  Name: string;
  Status: string;
  Options: TrackingOptionRecord[];
}

export interface ContactRecord extends WireRecord {
  ContactID: string;
  Name: string;
  ContactStatus: string;
  ContactNumber?: string;
  EmailAddress?: string;
  IsCustomer?: boolean;
  IsSupplier?: boolean;
}

export interface ItemDetailsRecord extends WireRecord {
  UnitPrice?: number;
  AccountCode?: string;
  COGSAccountCode?: string;
  TaxType?: string;
}

export interface ItemRecord extends WireRecord {
  ItemID: string;
  Code: string;
  Name: string;
  Description: string;
  PurchaseDescription?: string;
  SalesDetails: ItemDetailsRecord;
  PurchaseDetails: ItemDetailsRecord;
}

export interface ContactSummaryRecord extends WireRecord {
  ContactID: string;
  Name: string;
}

export interface LineItemRecord extends WireRecord {
  LineItemID: string;
  UnitAmount: number;
}

/** A payment, allocation or credit applied to a document, as listed on it. */
export interface SettlementRecord extends WireRecord {
  Amount?: number;
  PaymentID?: string;
}

/** Invoices, bills, credit notes and purchase orders (DocumentKind says which fields apply). */
export interface DocumentRecord extends WireRecord {
  Type?: string;
  Status: string;
  Date: string;
  Contact: ContactSummaryRecord;
  CurrencyCode: string;
  CurrencyRate: number;
  Total: number;
  TotalDiscount: number;
  LineItems: LineItemRecord[];
  InvoiceID?: string;
  InvoiceNumber?: string;
  CreditNoteID?: string;
  CreditNoteNumber?: string;
  AmountDue?: number;
  AmountPaid?: number;
  AmountCredited?: number;
  RemainingCredit?: number;
  Payments?: SettlementRecord[];
  CreditNotes?: SettlementRecord[];
  Allocations?: SettlementRecord[];
  Overpayments?: SettlementRecord[];
  Prepayments?: SettlementRecord[];
}

export interface PaymentRecord extends WireRecord {
  PaymentID: string;
  Date: string;
  Amount: number;
  Status: string;
  Invoice?: WireRecord & { InvoiceID: string };
  CreditNote?: WireRecord & { CreditNoteID: string };
}

/** An overpayment or prepayment (domain/prepayments.ts): credit left to allocate to invoices. */
export interface CreditRecord extends WireRecord {
  Type: string;
  Status: string;
  Contact: ContactSummaryRecord;
  CurrencyCode: string;
  RemainingCredit: number;
  Allocations: WireRecord[];
}

export interface ManualJournalRecord extends WireRecord {
  ManualJournalID: string;
  Status: string;
}

export interface OrganisationRecord extends WireRecord {
  BaseCurrency: string;
  PeriodLockDate?: string;
  EndOfYearLockDate?: string;
}

export interface EntityRecords {
  Account: AccountRecord;
  TaxRate: TaxRateRecord;
  Currency: CurrencyRecord;
  TrackingCategory: TrackingCategoryRecord;
  Contact: ContactRecord;
  Item: ItemRecord;
  Invoice: DocumentRecord;
  CreditNote: DocumentRecord;
  Payment: PaymentRecord;
  ManualJournal: ManualJournalRecord;
  PurchaseOrder: DocumentRecord;
  BankTransaction: WireRecord;
  Overpayment: CreditRecord;
  Prepayment: CreditRecord;
}

export type EntityKind = keyof EntityRecords;

/** The id of a stored invoice or credit note (always set once saved). */
export function settledDocumentId(kind: 'Invoice' | 'CreditNote', doc: DocumentRecord): string {
  const id = kind === 'Invoice' ? doc.InvoiceID : doc.CreditNoteID;
  if (!id) throw new Error(`${kind} without an id`);
  return id;
}
