// Commercial documents: orders, shipments, invoices, bills, credit notes.
import {
  CurrencyCode,
  DecimalString,
  Dimensions,
  DocumentTotals,
  ExchangeRate,
  IsoDate,
  PriceBasis,
  SourceOrigin,
  TaxSummary,
} from './common';

export interface DocumentLine {
  lineNumber: number;
  productKey?: string;
  description?: string;
  /** Up to 3 decimals in X3 (QTY). */
  quantity: DecimalString;
  /** Price before line discount (X3 GROPRI), on the document's price basis. */
  grossPrice?: DecimalString;
  /** Line discount in percent (X3 DISCRGVAL1). */
  discountPercent?: DecimalString;
  /** Price after discount (X3 NETPRI), on the document's price basis. */
  unitPrice: DecimalString;
  taxCode?: string;
  /** The line amount on the document's price basis, as the source rounded it. */
  lineAmount: DecimalString;
  /** The line's tax; for X3 documents derived so that per tax code it adds up to the footer. */
  taxAmount?: DecimalString;
  /** GL account code; absent on X3 sales lines (derived by lookups). */
  accountCode?: string;
  /** The product's accounting code (X3 ACCCOD), read with the line: the key of the account lookup. */
  productAccountingCode?: string;
  dimensions?: Dimensions;
  /** Links back to the order and delivery a line came from. */
  orderKey?: string;
  orderLineNumber?: number;
  shipmentKey?: string;
}

/** Lifecycle common to every document, in Xero's vocabulary; the source status is kept aside. */
export type DocumentStatus = 'draft' | 'submitted' | 'authorised' | 'paid' | 'voided' | 'deleted';

interface CommercialDocument {
  /** X3 document number (SOHNUM, NUM …) = Xero InvoiceNumber / Reference. */
  key: string;
  partyKey: string;
  date: IsoDate;
  dueDate?: IsoDate;
  currency: CurrencyCode;
  /** Absent only when the document is in the base currency and the source gives no rate. */
  exchangeRate?: ExchangeRate;
  priceBasis: PriceBasis;
  status: DocumentStatus;
  /** The source's own status code (X3 STA / INVSTA, Xero Status), for status maps. */
  sourceStatus?: string;
  reference?: string;
  paymentTerm?: string;
  taxRule?: string;
  site?: string;
  lines: DocumentLine[];
  /** Footer tax per tax code, when the source gives it (X3 SVCRVAT). */
  taxes?: TaxSummary[];
  totals: DocumentTotals;
  /** Total in the base (ledger) currency, when the source gives it. */
  baseTotal?: DecimalString;
  amountPaid?: DecimalString;
  amountDue?: DecimalString;
  origin?: SourceOrigin;
}

export interface SalesOrder extends CommercialDocument {
  entity: 'salesOrder';
  customerOrderReference?: string;
}

export interface ShipmentLine {
  lineNumber: number;
  orderLineNumber: number;
  productKey?: string;
  quantity: DecimalString;
  unitPrice?: DecimalString;
  taxCode?: string;
  lineAmount?: DecimalString;
}

export interface Shipment {
  entity: 'shipment';
  /** X3 SDHNUM. */
  key: string;
  orderKey: string;
  partyKey: string;
  date: IsoDate;
  shippedOn?: IsoDate;
  currency: CurrencyCode;
  isValidated: boolean;
  isInvoiced: boolean;
  invoiceKey?: string;
  lines: ShipmentLine[];
  origin?: SourceOrigin;
}

export interface Invoice extends CommercialDocument {
  entity: 'invoice';
  /** Orders and deliveries the invoice bills (an invoice may group several). */
  orderKeys?: string[];
  shipmentKeys?: string[];
}

export interface Bill extends CommercialDocument {
  entity: 'bill';
  /** The supplier's own invoice number (X3 BPRVCR). */
  supplierReference?: string;
}

export interface CreditNote extends CommercialDocument {
  entity: 'creditNote';
  /** 'sales' (X3 credit memo → Xero ACCRECCREDIT) or 'purchase' (→ ACCPAYCREDIT). */
  side: 'sales' | 'purchase';
  originalInvoiceKey?: string;
}
