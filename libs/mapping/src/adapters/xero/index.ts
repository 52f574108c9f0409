// The Xero side of the mapping: one adapter per canonical entity (XeroAdapter, see
// ../adapter-contract.ts), producing and reading xero-node-shaped plain objects.
import type { CanonicalEntity } from '../../canonical';
import type { XeroAdapter } from '../adapter-contract';
import { accountXeroAdapter, productXeroAdapter, stockLevelXeroAdapter, taxCodeXeroAdapter } from './catalogue';
import { billXeroAdapter, creditNoteXeroAdapter, invoiceXeroAdapter, salesOrderXeroAdapter } from './document-adapters';
import { journalXeroAdapter, paymentXeroAdapter, shipmentXeroAdapter } from './finance';
import { customerXeroAdapter, supplierXeroAdapter } from './parties';

export * from './xero-shapes';
export * from './xero-adapter-error';
export { planXeroDocument } from './documents';
export type { MappedDocument, XeroDocumentPlan } from './documents';
export { CONTACT_NUMBER_MAX } from './parties';
export { ITEM_CODE_MAX, XERO_STOCK_SITE } from './catalogue';
export {
  accountXeroAdapter,
  billXeroAdapter,
  creditNoteXeroAdapter,
  customerXeroAdapter,
  invoiceXeroAdapter,
  journalXeroAdapter,
  paymentXeroAdapter,
  productXeroAdapter,
  salesOrderXeroAdapter,
  shipmentXeroAdapter,
  stockLevelXeroAdapter,
  supplierXeroAdapter,
  taxCodeXeroAdapter,
};

/** Every canonical entity's Xero adapter (shipments and stock levels are read-only or not in Xero). */
export const XERO_ADAPTERS: { [E in CanonicalEntity]: XeroAdapter<E> } = {
  customer: customerXeroAdapter,
  supplier: supplierXeroAdapter,
  product: productXeroAdapter,
  account: accountXeroAdapter,
  taxCode: taxCodeXeroAdapter,
  salesOrder: salesOrderXeroAdapter,
  shipment: shipmentXeroAdapter,
  invoice: invoiceXeroAdapter,
  bill: billXeroAdapter,
  payment: paymentXeroAdapter,
  creditNote: creditNoteXeroAdapter,
  journal: journalXeroAdapter,
  stockLevel: stockLevelXeroAdapter,
};
