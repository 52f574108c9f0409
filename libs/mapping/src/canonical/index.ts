export * from './common';
export * from './master-data';
export * from './documents';
export * from './finance';
import type { Account, Customer, Product, StockLevel, Supplier, TaxCode } from './master-data';
import type { Bill, CreditNote, Invoice, SalesOrder, Shipment } from './documents';
import type { Journal, Payment } from './finance';

/** Every canonical record, told apart by `entity`. */
export type CanonicalRecord =
  | Customer
  | Supplier
  | Product
  | Account
  | TaxCode
  | SalesOrder
  | Shipment
  | Invoice
  | Bill
  | Payment
  | CreditNote
  | Journal
  | StockLevel;

export type CanonicalEntity = CanonicalRecord['entity'];

export const CANONICAL_ENTITIES = [
  'customer',
  'supplier',
  'product',
  'account',
  'taxCode',
  'salesOrder',
  'shipment',
  'invoice',
  'bill',
  'payment',
  'creditNote',
  'journal',
  'stockLevel',
] as const satisfies readonly CanonicalEntity[];

export type CanonicalOf<E extends CanonicalEntity> = Extract<CanonicalRecord, { entity: E }>;
