// The shape of one X3 node's spec: the GraphQL location, the properties it
// selects (references as `{ _id }` only, so X3 does no joins for us) and the company scope.

export type X3EntityName =
  | 'company'
  | 'site'
  | 'customer'
  | 'supplier'
  | 'product'
  | 'stock'
  | 'salesOrder'
  | 'salesDelivery'
  | 'salesInvoice'
  | 'purchaseOrder'
  | 'purchaseReceipt'
  | 'purchaseInvoice'
  | 'payment'
  | 'account'
  | 'journalEntry'
  | 'taxCode'
  | 'taxRule'
  | 'currency'
  | 'exchangeRate'
  | 'dimensionType'
  | 'dimension';

/** Document actions X3 offers through its API: validate a delivery or supplier invoice, post a sales invoice, close a sales order. */
export type X3Action = 'validate' | 'post' | 'close';

export interface X3EntitySpec {
  group: string;
  node: string;
  /** The GraphQL object type name, checked by "test connection". */
  typeName: string;
  fields: string[];
  /** The document's lines: returned as `lines` whatever the GraphQL field is called. */
  lines?: { field: string; fields: string[] };
  /** Other collections (an invoice's tax footer), returned under their own field name. */
  collections?: Array<{ field: string; fields: string[] }>;
  /** Builds the filter restricting the node to the companies in scope. */
  companyFilter?: (companies: string) => string;
  actions?: X3Action[];
}

export const ref = (name: string) => `${name} { _id }`;
/**
 * A reference read with some of the referenced node's properties (X3 resolves it in the same
 * request). The record keeps the key under `name` and adds `<name><Property>` for each property.
 */
export const refWith = (name: string, properties: string[]) => `${name} { _id ${properties.join(' ')} }`;
/** The line's product with what the account and tax lookups key on. */
export const productWithAccounting = refWith('product', ['accountingCode', 'taxLevel']);
/** X3 lines keep a dimension type (DIE) and a dimension (CCE) per position; the sandbox and the specs read four. */
export const lineDimensions = [1, 2, 3, 4].flatMap((n) => [`dimensionType${n}`, `analyticalDimension${n}`]);
export const byCompany = (prop: string) => (list: string) => `{${prop}:{_in:${list}}}`;

/** Quotes a value for X3's filter literal (single-quoted, backslash escapes). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
