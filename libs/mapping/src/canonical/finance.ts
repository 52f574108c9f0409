// Money movements: payments with their allocations, and general-ledger journals.
import { CurrencyCode, DecimalString, Dimensions, ExchangeRate, IsoDate, SourceOrigin } from './common';

export interface PaymentAllocation {
  /** The invoice, bill or credit note settled (its X3 NUM / Xero InvoiceNumber). */
  documentKey: string;
  documentType: 'invoice' | 'bill' | 'creditNote';
  /** In the payment's currency. */
  amount: DecimalString;
  /**
   * The settled document's Xero id (InvoiceID / CreditNoteID), when known from the cross-reference
   * or read from Xero. Needed to pay a bill in Xero, whose InvoiceNumber is the supplier's number.
   */
  xeroDocumentId?: string;
}

export interface Payment {
  entity: 'payment';
  /** X3 payment NUM / Xero PaymentID. */
  key: string;
  /** Received from a customer, or paid to a supplier. */
  direction: 'received' | 'paid';
  partyKey: string;
  date: IsoDate;
  currency: CurrencyCode;
  amount: DecimalString;
  /** The rate at the payment date (X3 CHGRAT on the payment), base per document unit. */
  exchangeRate?: ExchangeRate;
  baseAmount?: DecimalString;
  /** X3 bank (BAN) / Xero bank Account Code. */
  bankAccount?: string;
  paymentMethod?: string;
  reference?: string;
  status: 'authorised' | 'deleted' | 'draft';
  allocations: PaymentAllocation[];
  origin?: SourceOrigin;
}

export interface JournalLine {
  lineNumber: number;
  accountCode: string;
  description?: string;
  /** Signed, in the journal currency: debit positive, credit negative (Xero's convention). */
  amount: DecimalString;
  /** Signed, in the base currency, when the source gives it (X3 AMTLED). */
  baseAmount?: DecimalString;
  taxCode?: string;
  partyKey?: string;
  dimensions?: Dimensions;
}

export interface Journal {
  entity: 'journal';
  /** X3 entry NUM; carried in the Xero manual journal's Narration (journals have no natural key). */
  key: string;
  date: IsoDate;
  description?: string;
  reference?: string;
  currency: CurrencyCode;
  exchangeRate?: ExchangeRate;
  /** X3 category (actual, simulation …) and status (temporary, final). */
  category?: string;
  status: 'draft' | 'posted' | 'voided';
  sourceStatus?: string;
  entryType?: string;
  lines: JournalLine[];
  origin?: SourceOrigin;
}
