// Country-specific settings for seeded organisations: tax rates and the chart's tax defaults,
// as a new Xero organisation in that country starts with them.
export type SeedCountry = 'NZ' | 'AU' | 'UK' | 'US';

export const SEED_COUNTRIES: readonly SeedCountry[] = ['NZ', 'AU', 'UK', 'US'];

export interface TaxRateSeed {
  TaxType: string;
  Name: string;
  Rate: string;
  ReportTaxType: string;
  /** Components when not one component named after the country's tax (US rates stack state and local taxes). */
  components?: { Name: string; Rate: string }[];
}

export interface CountrySeed {
  version: SeedCountry;
  /** The name of the single component of most rates: GST, VAT, Sales Tax. */
  taxName: string;
  city: string;
  financialYearEndMonth: number;
  countryCode: string;
  baseCurrency: string;
  timezone: string;
  extraCurrencies: string[];
  sales: string;
  purchases: string;
  none: string;
  taxRates: TaxRateSeed[];
  taxNumber: string;
}

export const COUNTRY_SEEDS: Record<SeedCountry, CountrySeed> = {
  NZ: {
    version: 'NZ',
    taxName: 'GST',
    city: 'Wellington',
    financialYearEndMonth: 3,
    countryCode: 'NZ',
    baseCurrency: 'NZD',
    timezone: 'NEWZEALANDSTANDARDTIME',
    extraCurrencies: ['AUD', 'USD'],
    sales: 'OUTPUT2',
    purchases: 'INPUT2',
    none: 'NONE',
    taxNumber: '123-456-789',
    taxRates: [
      { TaxType: 'OUTPUT2', Name: '15% GST on Income', Rate: '15', ReportTaxType: 'OUTPUT' },
      { TaxType: 'INPUT2', Name: '15% GST on Expenses', Rate: '15', ReportTaxType: 'INPUT' },
      { TaxType: 'ZERORATED', Name: 'Zero Rated', Rate: '0', ReportTaxType: 'EXEMPTOUTPUT' },
      { TaxType: 'GSTONIMPORTS', Name: 'GST on Imports', Rate: '0', ReportTaxType: 'GSTONIMPORTS' },
      { TaxType: 'NONE', Name: 'No GST', Rate: '0', ReportTaxType: 'NONE' },
    ],
  },
  AU: {
    version: 'AU',
    taxName: 'GST',
    city: 'Sydney',
    financialYearEndMonth: 6,
    countryCode: 'AU',
    baseCurrency: 'AUD',
    timezone: 'AUSEASTERNSTANDARDTIME',
    extraCurrencies: ['NZD', 'USD'],
    sales: 'OUTPUT',
    purchases: 'INPUT',
    none: 'BASEXCLUDED',
    taxNumber: '53 004 085 616',
    taxRates: [
      { TaxType: 'OUTPUT', Name: 'GST on Income', Rate: '10', ReportTaxType: 'OUTPUT' },
      { TaxType: 'INPUT', Name: 'GST on Expenses', Rate: '10', ReportTaxType: 'INPUT' },
      { TaxType: 'CAPEXINPUT', Name: 'GST on Capital', Rate: '10', ReportTaxType: 'CAPITALEXPENSESINPUT' },
      { TaxType: 'EXEMPTOUTPUT', Name: 'GST Free Income', Rate: '0', ReportTaxType: 'EXEMPTOUTPUT' },
      { TaxType: 'EXEMPTEXPENSES', Name: 'GST Free Expenses', Rate: '0', ReportTaxType: 'EXEMPTEXPENSES' },
      { TaxType: 'BASEXCLUDED', Name: 'BAS Excluded', Rate: '0', ReportTaxType: 'BASEXCLUDED' },
    ],
  },
  UK: {
    version: 'UK',
    taxName: 'VAT',
    city: 'London',
    financialYearEndMonth: 3,
    countryCode: 'GB',
    baseCurrency: 'GBP',
    timezone: 'GMTSTANDARDTIME',
    // JPY (0 decimals in ISO 4217, whole yen in Xero's 2-place amounts) lets tests post yen documents.
    extraCurrencies: ['EUR', 'USD', 'JPY'],
    sales: 'OUTPUT2',
    purchases: 'INPUT2',
    none: 'NONE',
    taxNumber: 'GB123456789',
    taxRates: [
      { TaxType: 'OUTPUT2', Name: '20% (VAT on Income)', Rate: '20', ReportTaxType: 'OUTPUT' },
      { TaxType: 'INPUT2', Name: '20% (VAT on Expenses)', Rate: '20', ReportTaxType: 'INPUT' },
      { TaxType: 'RROUTPUT', Name: '5% (VAT on Income)', Rate: '5', ReportTaxType: 'OUTPUT' },
      { TaxType: 'RRINPUT', Name: '5% (VAT on Expenses)', Rate: '5', ReportTaxType: 'INPUT' },
      { TaxType: 'ZERORATEDOUTPUT', Name: 'Zero Rated Income', Rate: '0', ReportTaxType: 'OUTPUT' },
      { TaxType: 'ZERORATEDINPUT', Name: 'Zero Rated Expenses', Rate: '0', ReportTaxType: 'INPUT' },
      { TaxType: 'EXEMPTOUTPUT', Name: 'Exempt Income', Rate: '0', ReportTaxType: 'EXEMPTOUTPUT' },
      { TaxType: 'EXEMPTINPUT', Name: 'Exempt Expenses', Rate: '0', ReportTaxType: 'EXEMPTINPUT' },
      { TaxType: 'NONE', Name: 'No VAT', Rate: '0', ReportTaxType: 'NONE' },
    ],
  },
  // A Xero US organisation starts with Tax on Sales/Purchases, Tax Exempt and Sales Tax on Imports
  // (TaxTypes OUTPUT, INPUT, NONE, GSTONIMPORTS); state and local rates are added as TAX001, TAX002…
  // with one component per authority. One such rate is seeded so sales tax is really computed.
  US: {
    version: 'US',
    taxName: 'Sales Tax',
    city: 'San Francisco',
    financialYearEndMonth: 12,
    countryCode: 'US',
    baseCurrency: 'USD',
    timezone: 'PACIFICSTANDARDTIME',
    extraCurrencies: ['CAD', 'EUR'],
    sales: 'TAX001',
    purchases: 'INPUT',
    none: 'NONE',
    taxNumber: '12-3456789',
    taxRates: [
      { TaxType: 'OUTPUT', Name: 'Tax on Sales', Rate: '0', ReportTaxType: 'OUTPUT' },
      { TaxType: 'INPUT', Name: 'Tax on Purchases', Rate: '0', ReportTaxType: 'INPUT' },
      { TaxType: 'NONE', Name: 'Tax Exempt', Rate: '0', ReportTaxType: 'NONE' },
      { TaxType: 'GSTONIMPORTS', Name: 'Sales Tax on Imports', Rate: '0', ReportTaxType: 'GSTONIMPORTS' },
      {
        TaxType: 'TAX001',
        Name: 'California Sales Tax',
        Rate: '8.25',
        ReportTaxType: 'USSALESTAX',
        components: [
          { Name: 'State Tax', Rate: '7.25' },
          { Name: 'City Tax', Rate: '1' },
        ],
      },
    ],
  },
};

/** [Code, Name, Type, Class, tax: 'sales'|'purchases'|'none', extra] */
export type AccountSeed = [string, string, string, string, 'sales' | 'purchases' | 'none', Record<string, unknown>?];

export const CHART: AccountSeed[] = [
  [
    '090',
    'Business Bank Account',
    'BANK',
    'ASSET',
    'none',
    { BankAccountNumber: '0101010101', BankAccountType: 'BANK', EnablePaymentsToAccount: false },
  ],
  [
    '091',
    'Business Savings Account',
    'BANK',
    'ASSET',
    'none',
    { BankAccountNumber: '0202020202', BankAccountType: 'BANK', EnablePaymentsToAccount: false },
  ],
  ['200', 'Sales', 'REVENUE', 'REVENUE', 'sales'],
  ['260', 'Other Revenue', 'REVENUE', 'REVENUE', 'sales'],
  ['270', 'Interest Income', 'REVENUE', 'REVENUE', 'none'],
  ['310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'EXPENSE', 'purchases'],
  ['400', 'Advertising', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['404', 'Bank Fees', 'EXPENSE', 'EXPENSE', 'none'],
  ['408', 'Cleaning', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['412', 'Consulting & Accounting', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['420', 'Entertainment', 'EXPENSE', 'EXPENSE', 'none'],
  ['429', 'General Expenses', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['433', 'Insurance', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['453', 'Office Expenses', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['469', 'Rent', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['489', 'Telephone & Internet', 'EXPENSE', 'EXPENSE', 'purchases'],
  ['493', 'Travel - National', 'EXPENSE', 'EXPENSE', 'purchases'],
  // Xero adds it with multi-currency; its code is the organisation's own (real charts use 499, taken here)
  ['498', 'Realised Currency Gains', 'EXPENSE', 'EXPENSE', 'none', { SystemAccount: 'REALISEDCURRENCYGAIN' }],
  ['610', 'Accounts Receivable', 'CURRENT', 'ASSET', 'none', { SystemAccount: 'DEBTORS' }],
  ['630', 'Inventory', 'INVENTORY', 'ASSET', 'none'],
  ['710', 'Office Equipment', 'FIXED', 'ASSET', 'purchases'],
  ['800', 'Accounts Payable', 'CURRLIAB', 'LIABILITY', 'none', { SystemAccount: 'CREDITORS' }],
  ['820', 'Sales Tax', 'CURRLIAB', 'LIABILITY', 'none', { SystemAccount: 'GST' }],
  ['960', 'Retained Earnings', 'EQUITY', 'EQUITY', 'none', { SystemAccount: 'RETAINEDEARNINGS' }],
  ['970', 'Owner A Funds Introduced', 'EQUITY', 'EQUITY', 'none'],
  ['499', 'Old Marketing (archived)', 'EXPENSE', 'EXPENSE', 'purchases', { Status: 'ARCHIVED' }],
];

export const CURRENCY_NAMES: Record<string, string> = {
  NZD: 'New Zealand Dollar',
  AUD: 'Australian Dollar',
  GBP: 'British Pound',
  USD: 'United States Dollar',
  EUR: 'Euro',
  CAD: 'Canadian Dollar',
};

/** Day rates (units of currency per 1 unit of base) used when a document omits CurrencyRate. */
export const DAY_RATES: Record<string, Record<string, string>> = {
  NZD: { AUD: '0.9050', USD: '0.5900' },
  AUD: { NZD: '1.1050', USD: '0.6520' },
  GBP: { EUR: '1.1700', USD: '1.2700' },
  USD: { CAD: '1.3700', EUR: '0.9200' },
};
