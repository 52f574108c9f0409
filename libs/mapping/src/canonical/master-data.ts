// Master data: business partners, products, the chart of accounts and tax codes.
import { CurrencyCode, DecimalString, PostalAddress, SourceOrigin } from './common';

interface Party {
  /** X3 business-partner code (BPCNUM / BPSNUM) = Xero ContactNumber. */
  key: string;
  name: string;
  isActive: boolean;
  currency?: CurrencyCode;
  /** VAT / GST / ABN number. */
  taxNumber?: string;
  email?: string;
  phone?: string;
  /** X3 payment term code (PTE); Xero PaymentTerms come from a mapping default or lookup. */
  paymentTerm?: string;
  /** X3 tax rule (VACBPR), e.g. FRA, EXP. */
  taxRule?: string;
  category?: string;
  addresses: PostalAddress[];
  origin?: SourceOrigin;
}

export interface Customer extends Party {
  entity: 'customer';
  creditLimit?: DecimalString;
}

export interface Supplier extends Party {
  entity: 'supplier';
  isPaymentBlocked?: boolean;
}

export interface Product {
  entity: 'product';
  /** ITMREF = Xero Item Code (≤ 30 characters in Xero). */
  key: string;
  name: string;
  description?: string;
  category?: string;
  isActive: boolean;
  isSold: boolean;
  isPurchased: boolean;
  /** Tracked in stock (Xero IsTrackedAsInventory). */
  isTracked?: boolean;
  salesUnit?: string;
  salesPrice?: DecimalString;
  purchasePrice?: DecimalString;
  /** X3 accounting code (ACCCOD): with the tax rule, gives a sales line's GL account by lookup. */
  accountingCode?: string;
  /** X3 tax level (VACITM): with the partner's tax rule, gives the line's tax code. */
  taxLevel?: string;
  origin?: SourceOrigin;
}

export type AccountClass = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export interface Account {
  entity: 'account';
  /** X3 ACC / Xero Account Code. */
  code: string;
  name: string;
  accountClass?: AccountClass;
  /** X3 account class code (CLSCOD) or Xero account Type as read. */
  sourceType?: string;
  /** A receivable/payable control account: journals may not post to it. */
  isControlAccount?: boolean;
  defaultTaxCode?: string;
  isActive: boolean;
  origin?: SourceOrigin;
}

export interface TaxCode {
  entity: 'taxCode';
  /** X3 tax code (VAT) / Xero TaxType. */
  code: string;
  name: string;
  /** Percent. */
  rate: DecimalString;
  kind?: string;
  isActive: boolean;
  origin?: SourceOrigin;
}

export interface StockLevel {
  entity: 'stockLevel';
  productKey: string;
  site: string;
  onHand: DecimalString;
  allocated: DecimalString;
  averageCost?: DecimalString;
  origin?: SourceOrigin;
}
