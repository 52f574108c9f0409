// What the connector reads and writes per X3 node: the GraphQL location, the properties it
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

const ref = (name: string) => `${name} { _id }`;
const byCompany = (prop: string) => (list: string) => `{${prop}:{_in:${list}}}`;

export const X3_ENTITIES: Record<X3EntityName, X3EntitySpec> = {
  company: {
    group: 'x3MasterData',
    node: 'company',
    typeName: 'Company',
    fields: ['code', 'name', 'country', 'legislation', ref('accountingCurrency')],
  },
  site: {
    group: 'x3MasterData',
    node: 'site',
    typeName: 'Site',
    fields: ['code', 'name', ref('legalCompany'), 'country'],
    companyFilter: byCompany('legalCompany'),
  },
  customer: {
    group: 'x3MasterData',
    node: 'customer',
    typeName: 'Customer',
    fields: [
      ref('code'),
      'companyName',
      'isActive',
      'category',
      ref('currency'),
      'taxRule',
      'paymentTerm',
      'creditLimit',
      ref('billToCustomer'),
      ref('payByCustomer'),
      'defaultAddress',
      'email',
    ],
    lines: {
      field: 'addresses',
      fields: [
        'code',
        'description',
        'addressLine1',
        'addressLine2',
        'zipCode',
        'city',
        'state',
        'country',
        'isDefault',
        'phone',
      ],
    },
  },
  supplier: {
    group: 'x3MasterData',
    node: 'supplier',
    typeName: 'Supplier',
    fields: [
      ref('code'),
      'companyName',
      'isActive',
      'category',
      ref('currency'),
      'taxRule',
      'paymentTerm',
      'isPaymentBlocked',
    ],
  },
  product: {
    group: 'x3MasterData',
    node: 'product',
    typeName: 'Product',
    fields: [
      'code',
      'description1',
      'description2',
      'productCategory',
      'productStatus',
      ref('stockUnit'),
      ref('salesUnit'),
      ref('purchaseUnit'),
      'basePrice',
      'accountingCode',
      'taxLevel',
      'isSold',
      'isPurchased',
    ],
  },
  stock: {
    group: 'x3Stock',
    node: 'stock',
    typeName: 'Stock',
    fields: [ref('product'), ref('site'), 'physicalStock', 'allocatedStock', 'qualityControlStock', 'averageCost'],
  },
  salesOrder: {
    group: 'x3Sales',
    node: 'salesOrder',
    typeName: 'SalesOrder',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      'orderType',
      'category',
      ref('company'),
      ref('salesSite'),
      ref('shippingSite'),
      ref('soldToCustomer'),
      ref('billToCustomer'),
      'orderDate',
      'customerOrderReference',
      ref('currency'),
      'taxRule',
      'paymentTerm',
      'orderStatus',
      'allocationStatus',
      'deliveryStatus',
      'invoicingStatus',
      'totalAmountExcludingTax',
      'totalAmountIncludingTax',
    ],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        ref('product'),
        'productDescription',
        ref('salesUnit'),
        'quantityInSalesUnitOrdered',
        'grossPrice',
        'discount',
        'netPrice',
        ref('taxCode'),
        'lineAmountExcludingTax',
        'lineAmountIncludingTax',
        'quantityInSalesUnitDelivered',
        'quantityInSalesUnitInvoiced',
        'lineStatus',
      ],
    },
  },
  salesDelivery: {
    group: 'x3Sales',
    node: 'salesDelivery',
    typeName: 'SalesDelivery',
    companyFilter: (list) => `{salesSite:{legalCompany:{_in:${list}}}}`,
    fields: [
      'id',
      ref('salesOrder'),
      ref('salesSite'),
      ref('shippingSite'),
      ref('soldToCustomer'),
      'deliveryDate',
      'shipmentDate',
      ref('currency'),
      'isValidated',
      'isInvoiced',
      'salesInvoice',
      'totalAmountExcludingTax',
      'totalAmountIncludingTax',
    ],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        'salesOrderLine',
        ref('product'),
        'quantityInSalesUnitDelivered',
        'netPrice',
        ref('taxCode'),
        'lineAmountExcludingTax',
      ],
    },
    actions: ['validate'],
  },
  salesInvoice: {
    group: 'x3Sales',
    node: 'salesInvoice',
    typeName: 'SalesInvoice',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      'invoiceType',
      ref('company'),
      ref('salesSite'),
      ref('billToCustomer'),
      ref('payByCustomer'),
      'accountingDate',
      ref('currency'),
      'paymentTerm',
      'dueDate',
      'status',
      'totalAmountExcludingTax',
      'totalTaxAmount',
      'totalAmountIncludingTax',
      'paidAmount',
      'salesOrder',
      'salesDelivery',
      ref('originalInvoice'),
    ],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        ref('product'),
        'productDescription',
        'quantityInSalesUnitInvoiced',
        'netPrice',
        ref('taxCode'),
        'lineAmountExcludingTax',
        'lineAmountIncludingTax',
        'salesOrder',
        'salesOrderLine',
        'salesDelivery',
      ],
    },
    actions: ['post'],
  },
  purchaseOrder: {
    group: 'x3Purchasing',
    node: 'purchaseOrder',
    typeName: 'PurchaseOrder',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      ref('company'),
      ref('purchaseSite'),
      ref('receiptSite'),
      ref('orderFromSupplier'),
      'orderDate',
      ref('currency'),
      'internalOrderReference',
      'receiptStatus',
      'signatureStatus',
      'isClosed',
      'totalAmountExcludingTax',
    ],
    lines: {
      field: 'purchaseOrderLines',
      fields: [
        'lineNumber',
        'sequenceNumber',
        ref('product'),
        ref('orderUnit'),
        'quantityInOrderUnitOrdered',
        'quantityInStockUnitReceived',
        'grossPrice',
        'lineAmountExcludingTax',
        'isClosed',
      ],
    },
  },
  purchaseReceipt: {
    group: 'x3Purchasing',
    node: 'purchaseReceipt',
    typeName: 'PurchaseReceipt',
    companyFilter: (list) => `{receiptSite:{legalCompany:{_in:${list}}}}`,
    fields: ['id', ref('receiptSite'), 'receiptDate', ref('supplier'), ref('currency')],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        'purchaseOrder',
        'purchaseOrderLineNumber',
        ref('product'),
        ref('receiptUnit'),
        'quantityInReceiptUnitReceived',
        'stockStatus',
      ],
    },
  },
  purchaseInvoice: {
    group: 'x3Purchasing',
    node: 'purchaseInvoice',
    typeName: 'PurchaseInvoice',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      'invoiceType',
      ref('company'),
      ref('site'),
      ref('billBySupplier'),
      'supplierDocumentNumber',
      'supplierDocumentDate',
      'accountingDate',
      ref('currency'),
      'status',
      'totalAmountExcludingTax',
      'totalAmountIncludingTax',
      'paidAmount',
    ],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        ref('product'),
        'quantityInPurchaseUnitInvoiced',
        'netPrice',
        ref('taxCode'),
        'lineAmountExcludingTax',
        'purchaseOrder',
      ],
    },
    actions: ['validate'],
  },
  payment: {
    group: 'x3FinanceData',
    node: 'payment',
    typeName: 'Payment',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      'entryType',
      'businessPartnerType',
      'businessPartner',
      ref('company'),
      ref('site'),
      'accountingDate',
      ref('currency'),
      'amount',
      'bankAccount',
      'paymentMethod',
      'sense',
      'status',
      'reference',
    ],
    lines: { field: 'lines', fields: ['lineNumber', 'documentType', 'document', 'amount'] },
  },
  account: {
    group: 'x3FinanceData',
    node: 'account',
    typeName: 'Account',
    fields: [
      'chartOfAccounts',
      'code',
      'description',
      'shortDescription',
      'classCode',
      ref('defaultTaxCode'),
      'isActive',
    ],
  },
  journalEntry: {
    group: 'x3FinanceData',
    node: 'journalEntry',
    typeName: 'JournalEntry',
    companyFilter: byCompany('company'),
    fields: [
      'id',
      'entryType',
      ref('company'),
      ref('site'),
      'journal',
      'accountingDate',
      'category',
      'status',
      'description',
      'reference',
      ref('currency'),
    ],
    lines: {
      field: 'lines',
      fields: [
        'lineNumber',
        ref('account'),
        'businessPartner',
        'sense',
        'amountInCurrency',
        'amountInLedgerCurrency',
        ref('taxCode'),
        'description',
      ],
    },
  },
  taxCode: {
    group: 'x3FinanceData',
    node: 'taxCode',
    typeName: 'TaxCode',
    fields: ['code', 'description', 'legislation', 'taxType', 'rate', 'isActive'],
  },
  currency: { group: 'x3FinanceData', node: 'currency', typeName: 'Currency', fields: ['code', 'name', 'decimals'] },
  exchangeRate: {
    group: 'x3FinanceData',
    node: 'exchangeRate',
    typeName: 'ExchangeRate',
    fields: [ref('currency'), ref('destinationCurrency'), 'rateType', 'startDate', 'rate', 'inverseRate', 'divisor'],
  },
};

/** Quotes a value for X3's filter literal (single-quoted, backslash escapes). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
