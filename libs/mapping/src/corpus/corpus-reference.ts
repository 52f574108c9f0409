// The reference data the generated corpus draws from, in the shape of the X3 SEED folder the
// sandbox serves: companies with their ledger currency, tax codes per legislation, currencies
// with X3's decimals (JPY 0), products with their accounting code (ACCCOD).

export interface CorpusCompany {
  company: string;
  site: string;
  ledgerCurrency: string;
  customer: string;
  /** X3 tax rule of the company's domestic customers (VACBPR). */
  taxRule: string;
  /** X3 tax code → rate in percent, as the footer's RATTAX shows it. */
  taxCodes: Record<string, string>;
}

export const CORPUS_COMPANIES: readonly CorpusCompany[] = [
  {
    company: 'NZ10',
    site: 'NZ011',
    ledgerCurrency: 'NZD',
    customer: 'NZ001',
    taxRule: 'NZL',
    taxCodes: { NZS: '15', NZZ: '0' },
  },
  {
    company: 'AU10',
    site: 'AU011',
    ledgerCurrency: 'AUD',
    customer: 'AU001',
    taxRule: 'AUS',
    taxCodes: { AUG: '10', AUF: '0' },
  },
  {
    company: 'GB10',
    site: 'GB011',
    ledgerCurrency: 'GBP',
    customer: 'GB001',
    taxRule: 'GBR',
    taxCodes: { GBS: '20', GBR: '5', GBZ: '0' },
  },
  {
    company: 'US10',
    site: 'US011',
    ledgerCurrency: 'USD',
    customer: 'US001',
    taxRule: 'NT',
    taxCodes: { USS: '8.25' },
  },
  {
    company: 'FR10',
    site: 'FR011',
    ledgerCurrency: 'EUR',
    customer: 'FR001',
    taxRule: 'FRA',
    taxCodes: { FRN: '20', FRR: '5.5', EXO: '0' },
  },
];

/** Currency → [X3 decimals, rough value in EUR] (the value only spreads the generated rates). */
export const CORPUS_CURRENCIES: Record<string, [number, number]> = {
  EUR: [2, 1],
  USD: [2, 0.923967],
  GBP: [2, 1.1715],
  AUD: [2, 0.6012],
  NZD: [2, 0.5531],
  ZAR: [2, 0.0498],
  CNY: [2, 0.1274],
  JPY: [0, 0.006123],
};

/** [ITMREF, accounting code (ACCCOD)] */
export const CORPUS_PRODUCTS: ReadonlyArray<[string, string]> = [
  ['FIN001', 'FINPRODUCT'],
  ['FIN002', 'FINPRODUCT'],
  ['FIN003', 'FINPRODUCT'],
  ['UT_KEYBOARD', 'FINPRODUCT'],
  ['DIS001', 'DISPRODUCT'],
  ['DIS007', 'DISPRODUCT'],
  ['DIS019', 'DISPRODUCT'],
  ['DIS030', 'DISPRODUCT'],
];

export const CORPUS_DISCOUNTS = ['2.5', '5', '7.75', '10', '12.5', '15', '33.333'] as const;
