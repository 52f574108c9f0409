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
  | 'currency'
  | 'exchangeRate';

export interface X3EntitySpec {
  group: string;
  node: string;
  /** The GraphQL object type name, checked by "test connection". */
  typeName: string;
  fields: string[];
  lines?: { field: string; fields: string[] };
  /** Builds the filter restricting the node to the companies in scope. */
  companyFilter?: (companies: string) => string;
  actions?: Array<'validate' | 'post'>;
}

export const ref = (name: string) => `${name} { _id }`;
export const byCompany = (prop: string) => (list: string) => `{${prop}:{_in:${list}}}`;

/** Quotes a value for X3's filter literal (single-quoted, backslash escapes). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
