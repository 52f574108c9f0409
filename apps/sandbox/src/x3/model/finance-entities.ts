import { entity, p } from './descriptor';
import { ENUMS } from './enums';

const e = (name: keyof typeof ENUMS) => [name, [...ENUMS[name]] as string[]] as const;
const ro = { writable: false };

export const FINANCE_ENTITIES = [
  entity({
    name: 'currency', typeName: 'Currency', group: 'x3FinanceData', keyCode: 'CUR',
    props: [
      p.str('code', 'Currency', 'CUR', { required: true }),
      p.str('name', 'Description', 'CURDES'),
      p.int('decimals', 'Rounding', 'CURDEC'),
    ],
  }),
  entity({
    name: 'exchangeRate', typeName: 'ExchangeRate', group: 'x3FinanceData', keyCode: 'CUR~CURDEN~CHGTYP~CHGSTRDAT',
    props: [
      p.ref('currency', 'Currency', 'CUR', 'currency'),
      p.ref('destinationCurrency', 'Destination currency', 'CURDEN', 'currency'),
      p.enum('rateType', 'Rate type', 'CHGTYP', ...e('RateType')),
      p.date('startDate', 'Start date', 'CHGSTRDAT'),
      p.dec('rate', 'Rate', 'CHGRAT'),
      p.dec('inverseRate', 'Reverse rate', 'REVCOURS'),
      p.dec('divisor', 'Divisor', 'CHGDIV'),
    ],
  }),
  entity({
    name: 'taxCode', typeName: 'TaxCode', group: 'x3FinanceData', keyCode: 'VAT',
    props: [
      p.str('code', 'Tax code', 'VAT', { required: true }),
      p.str('description', 'Description', 'DESTRA'),
      p.str('legislation', 'Legislation', 'LEG'),
      p.enum('taxType', 'Tax type', 'VATTYP', ...e('TaxType')),
      p.dec('rate', 'Rate', 'VATRAT'),
      p.bool('isActive', 'Active', 'ENAFLG'),
    ],
  }),
  entity({
    name: 'account', typeName: 'Account', group: 'x3FinanceData', keyCode: 'ACC',
    props: [
      p.str('chartOfAccounts', 'Chart of accounts', 'COA'),
      p.str('code', 'Account', 'ACC', { required: true }),
      p.str('description', 'Description', 'DES'),
      p.str('shortDescription', 'Short title', 'ACCSHO'),
      p.str('classCode', 'Account class', 'CLSCOD'),
      p.str('controlAccount', 'Control account', 'SAC'),
      p.ref('defaultTaxCode', 'Tax', 'VAT(0)', 'taxCode'),
      p.bool('isActive', 'Active', 'ENAFLG'),
    ],
  }),
  entity({
    name: 'journalEntry', typeName: 'JournalEntry', group: 'x3FinanceData', keyCode: 'NUM',
    mutations: { create: true, update: false },
    collections: [{ name: 'lines', entity: 'journalEntryLine' }],
    props: [
      p.str('id', 'Entry no.', 'NUM'),
      p.str('entryType', 'Entry type', 'TYP', { required: true }),
      p.ref('company', 'Company', 'CPY', 'company', { required: true }),
      p.ref('site', 'Site', 'FCY', 'site'),
      p.str('journal', 'Journal', 'JOU'),
      p.date('accountingDate', 'Accounting date', 'ACCDAT', { required: true }),
      p.enum('category', 'Category', 'CAT', ...e('JournalEntryCategory')),
      p.enum('status', 'Status', 'STA', ...e('JournalEntryStatus'), ro),
      p.str('description', 'Description', 'DESVCR'),
      p.str('reference', 'Reference', 'BPRVCR'),
      p.ref('currency', 'Currency', 'CUR', 'currency', { required: true }),
    ],
  }),
  entity({
    name: 'journalEntryLine', typeName: 'JournalEntryLine', group: 'x3FinanceData', keyCode: 'LIN', parent: 'journalEntry',
    props: [
      p.int('lineNumber', 'Line', 'LIN', ro),
      p.ref('account', 'Account', 'ACC', 'account', { required: true }),
      p.str('businessPartner', 'Business partner', 'BPR'),
      p.enum('sense', 'Sign', 'SNS', ...e('DebitOrCredit'), { required: true }),
      p.dec('amountInCurrency', 'Amount in currency', 'AMTCUR', { required: true }),
      p.dec('amountInLedgerCurrency', 'Ledger amount', 'AMTLED'),
      p.ref('taxCode', 'Tax', 'TAX', 'taxCode'),
      p.str('description', 'Description', 'DES'),
    ],
  }),
  entity({
    name: 'payment', typeName: 'Payment', group: 'x3FinanceData', keyCode: 'NUM',
    mutations: { create: true, update: false },
    collections: [{ name: 'lines', entity: 'paymentLine' }],
    props: [
      p.str('id', 'Payment', 'NUM'),
      p.str('entryType', 'Transaction', 'PAYTYP'),
      p.enum('businessPartnerType', 'BP type', 'BPRTYP', ...e('BusinessPartnerType'), { required: true }),
      p.str('businessPartner', 'Business partner', 'BPR', { required: true }),
      p.ref('company', 'Company', 'CPY', 'company', ro),
      p.ref('site', 'Site', 'FCY', 'site', { required: true }),
      p.date('accountingDate', 'Accounting date', 'ACCDAT'),
      p.ref('currency', 'Currency', 'CUR', 'currency'),
      p.dec('amount', 'Amount', 'AMTCUR', ro),
      p.str('bankAccount', 'Bank', 'BAN'),
      p.str('paymentMethod', 'Payment method', 'PAM'),
      p.enum('sense', 'Sign', 'SNS', ...e('PaymentSense'), ro),
      p.enum('status', 'Status', 'STA', ...e('PaymentStatus'), ro),
      p.str('reference', 'Reference', 'REF'),
    ],
  }),
  entity({
    name: 'paymentLine', typeName: 'PaymentLine', group: 'x3FinanceData', keyCode: 'LIN', parent: 'payment',
    props: [
      p.int('lineNumber', 'Line', 'LIN', ro),
      p.str('documentType', 'Document type', 'VCRTYP'),
      p.str('document', 'Document no.', 'VCRNUM', { required: true }),
      p.dec('amount', 'Amount', 'AMTLIN', { required: true }),
    ],
  }),
];
