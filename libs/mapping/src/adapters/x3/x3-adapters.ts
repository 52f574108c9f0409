// Every X3 adapter by canonical entity: what the sync engine and the mapping engine look up.
import type { CanonicalEntity } from '../../canonical';
import type { X3Adapter } from '../adapter-contract';
import { x3CreditNoteAdapter } from './x3-credit-note';
import { x3JournalAdapter } from './x3-journal';
import { x3AccountAdapter, x3TaxCodeAdapter } from './x3-ledger-setup';
import { x3CustomerAdapter, x3SupplierAdapter } from './x3-parties';
import { x3PaymentAdapter } from './x3-payment';
import { x3ProductAdapter, x3StockLevelAdapter } from './x3-product-stock';
import { x3BillAdapter } from './x3-purchase-invoice';
import { x3InvoiceAdapter } from './x3-sales-invoice';
import { x3SalesOrderAdapter } from './x3-sales-order';
import { x3ShipmentAdapter } from './x3-shipment';

export const X3_ADAPTERS: { readonly [E in CanonicalEntity]: X3Adapter<E> } = {
  customer: x3CustomerAdapter,
  supplier: x3SupplierAdapter,
  product: x3ProductAdapter,
  account: x3AccountAdapter,
  taxCode: x3TaxCodeAdapter,
  salesOrder: x3SalesOrderAdapter,
  shipment: x3ShipmentAdapter,
  invoice: x3InvoiceAdapter,
  bill: x3BillAdapter,
  payment: x3PaymentAdapter,
  creditNote: x3CreditNoteAdapter,
  journal: x3JournalAdapter,
  stockLevel: x3StockLevelAdapter,
};
