// X3 local menus as the GraphQL API exposes them since 2024 R2 (camelCase enum values).
export const ENUMS = {
  OrderStatus: ['open', 'closed'], // ORDSTA menu 415
  AllocationStatus: ['notAllocated', 'partlyAllocated', 'allocated'], // ALLSTA menu 416
  DeliveryStatus: ['notDelivered', 'partlyDelivered', 'delivered'], // DLVSTA menu 417
  InvoicingStatus: ['notInvoiced', 'partlyInvoiced', 'invoiced'], // INVSTA menu 418
  SalesOrderCategory: ['normal', 'loan', 'directInvoicing', 'contract'], // SOHCAT menu 412
  LineStatus: ['pending', 'late', 'closed'], // SOQSTA menu 279
  InvoiceType: ['invoice', 'creditMemo', 'debitNote', 'creditNote', 'proforma'], // INVTYP menu 645
  SalesInvoiceStatus: ['notPosted', 'notUsed', 'posted'], // STA menu 2261
  PurchaseInvoiceStatus: ['pending', 'toValidate', 'validated'], // STA menu 509
  ReceiptStatus: ['no', 'partly', 'totally'],
  SignatureStatus: ['no', 'partly', 'totally'],
  ProductStatus: ['active', 'inDevelopment', 'onShortage', 'notRenewed', 'obsolete', 'notUsable'], // ITMSTA menu 246
  BusinessPartnerType: ['customer', 'supplier'], // BPRTYP menu 644
  PaymentSense: ['expense', 'revenue'], // SNS menu 632
  PaymentStatus: ['entered', 'accepted', 'inTheBank', 'unpaid'], // STA menu 689 (subset)
  JournalEntryStatus: ['temporary', 'final'], // STA menu 617
  JournalEntryCategory: ['actual', 'activeSimulation', 'inactiveSimulation', 'offBalance', 'template'], // CAT menu 618
  DebitOrCredit: ['debit', 'credit'], // SNS on GACCENTRYD (1 / -1)
  RateType: ['dailyRate', 'monthlyRate', 'averageRate', 'customsDocumentsFileRate'], // CHGTYP menu 202
  TaxType: ['vat', 'additional', 'special', 'local'], // VATTYP menu 232
  PriceBasis: ['excludingTax', 'includingTax'], // PRITYP menu 243 (HT / TTC)
} as const;

export type EnumName = keyof typeof ENUMS;
