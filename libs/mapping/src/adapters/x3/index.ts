export * from './x3-adapters';
export { allocateX3LineTaxes } from './x3-tax-allocation';
export type { FooterTax, TaxableLine } from './x3-tax-allocation';
export { salesInvoiceEntityOf } from './x3-sales-invoice';
export { purchaseInvoiceEntityOf } from './x3-purchase-invoice';
export { x3EntityOfCreditNote } from './x3-credit-note';
export { x3CurrencyDecimals } from './x3-currency';
