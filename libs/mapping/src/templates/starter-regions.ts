// The facts a starter template is built from, per Xero region: the X3 company of the same
// currency in the sandbox's SEED folder, and how its codes meet the Xero demo organisation's.
// Sources: the X3 seed (apps/sandbox/src/x3/seed/seed-reference-data.ts: companies, tax rules and
// codes, charts, accounting codes FINPRODUCT/DISPRODUCT) and the Xero seed
// (apps/sandbox/src/xero/orgs/seed-charts.ts: tax rates per country, one chart for all regions).
// A tenant's real codes differ: the template is where they start editing, not a promise.

export type StarterRegion = 'NZ' | 'AU' | 'UK' | 'US';

export const STARTER_REGIONS: readonly StarterRegion[] = ['NZ', 'AU', 'UK', 'US'];

export interface RegionFacts {
  region: StarterRegion;
  /** The X3 company and its ledger currency = the Xero organisation's base currency. */
  x3Company: string;
  baseCurrency: string;
  /** X3 tax code → Xero TaxType on sales documents and on purchase documents. */
  salesTaxTypes: Record<string, string>;
  purchaseTaxTypes: Record<string, string>;
  /** X3 product tax level (VACITM: NOR, RED, EXO) → the Xero TaxType an item sells / buys with. */
  itemSalesTaxTypes: Record<string, string>;
  itemPurchaseTaxTypes: Record<string, string>;
  /** The Xero TaxType of a line that carries no tax (journals). */
  noTaxType: string;
  /**
   * The X3 purchase tax code a Xero line without tax (TaxType NONE, or the region's noTaxType)
   * comes back as: the company's zero-rated or exempt code.
   */
  x3PurchaseNoTaxCode: string;
  /**
   * The X3 bank (BAN, TABBANK) payments from Xero are entered on. The sandbox keeps no bank table
   * and accepts any code; a tenant's own bank codes replace this one in the template.
   */
  x3Bank: string;
  /** The company's X3 site (FCY) documents and payments from Xero are entered on (they name none). */
  x3Site: string;
  /** X3 general-ledger account → Xero account Code, for journals (receivable/payable left out on purpose). */
  journalAccounts: Record<string, string>;
}

/** X3 product accounting code (ACCCOD) → Xero revenue / purchase account; the same in every region's chart. */
export const SALES_ACCOUNTS: Record<string, string> = { FINPRODUCT: '200', DISPRODUCT: '260' };
export const PURCHASE_ACCOUNTS: Record<string, string> = { FINPRODUCT: '310', DISPRODUCT: '310' };

/** The seeded X3 product a Xero bill line without an item goes on (every folder has it). */
export const X3_UNCODED_PURCHASE_PRODUCT = 'DIS001';

/** X3 payment method (PAM) → the Xero bank account's Code ('Business Bank Account' in the demo chart). */
export const BANK_ACCOUNTS: Record<string, string> = { TRF: '090', CHQ: '090', CB: '090', LCR: '090' };

/**
 * Xero's Realised Currency Gains (system account REALISEDCURRENCYGAIN, 498 in the demo chart), where
 * X3's realised exchange gain and loss accounts (payment-posting in the X3 sandbox) both go: Xero
 * keeps gains and losses in the one account.
 */
const REALISED = '498';

export const REGION_FACTS: Record<StarterRegion, RegionFacts> = {
  NZ: {
    region: 'NZ',
    x3Company: 'NZ10',
    baseCurrency: 'NZD',
    salesTaxTypes: { NZS: 'OUTPUT2', NZZ: 'ZERORATED' },
    purchaseTaxTypes: { NZS: 'INPUT2', NZZ: 'NONE' },
    itemSalesTaxTypes: { NOR: 'OUTPUT2', RED: 'OUTPUT2', EXO: 'ZERORATED' },
    itemPurchaseTaxTypes: { NOR: 'INPUT2', RED: 'INPUT2', EXO: 'NONE' },
    noTaxType: 'NONE',
    x3PurchaseNoTaxCode: 'NZZ',
    x3Bank: 'NZB01',
    x3Site: 'NZ011',
    journalAccounts: { '200': '200', '820': '820', '090': '090', '497': REALISED, '498': REALISED },
  },
  AU: {
    region: 'AU',
    x3Company: 'AU10',
    baseCurrency: 'AUD',
    salesTaxTypes: { AUG: 'OUTPUT', AUF: 'EXEMPTOUTPUT' },
    purchaseTaxTypes: { AUG: 'INPUT', AUF: 'EXEMPTEXPENSES' },
    itemSalesTaxTypes: { NOR: 'OUTPUT', RED: 'OUTPUT', EXO: 'EXEMPTOUTPUT' },
    itemPurchaseTaxTypes: { NOR: 'INPUT', RED: 'INPUT', EXO: 'EXEMPTEXPENSES' },
    noTaxType: 'BASEXCLUDED',
    x3PurchaseNoTaxCode: 'AUF',
    x3Bank: 'AUB01',
    x3Site: 'AU011',
    journalAccounts: { '4-1000': '200', '2-1310': '820', '1-1110': '090', '4-2100': REALISED, '6-2100': REALISED },
  },
  UK: {
    region: 'UK',
    x3Company: 'GB10',
    baseCurrency: 'GBP',
    salesTaxTypes: { GBS: 'OUTPUT2', GBR: 'RROUTPUT', GBZ: 'ZERORATEDOUTPUT' },
    purchaseTaxTypes: { GBS: 'INPUT2', GBR: 'RRINPUT', GBZ: 'ZERORATEDINPUT' },
    itemSalesTaxTypes: { NOR: 'OUTPUT2', RED: 'RROUTPUT', EXO: 'ZERORATEDOUTPUT' },
    itemPurchaseTaxTypes: { NOR: 'INPUT2', RED: 'RRINPUT', EXO: 'ZERORATEDINPUT' },
    noTaxType: 'NONE',
    x3PurchaseNoTaxCode: 'GBZ',
    x3Bank: 'GBB01',
    x3Site: 'GB011',
    journalAccounts: { '4000': '200', '2200': '820', '1200': '090', '4900': REALISED, '7900': REALISED },
  },
  // US10 sells under the 'NT' rule with USS 8.25 %, which is the demo organisation's TAX001
  // (California 8.25 %: 7.25 state + 1 city). US purchases carry no input tax in Xero US.
  US: {
    region: 'US',
    x3Company: 'US10',
    baseCurrency: 'USD',
    salesTaxTypes: { USS: 'TAX001', EXO: 'NONE' },
    purchaseTaxTypes: { USS: 'INPUT', EXO: 'NONE' },
    itemSalesTaxTypes: { NOR: 'TAX001', RED: 'TAX001', EXO: 'NONE' },
    itemPurchaseTaxTypes: { NOR: 'INPUT', RED: 'INPUT', EXO: 'NONE' },
    noTaxType: 'NONE',
    x3PurchaseNoTaxCode: 'EXO',
    x3Bank: 'USB01',
    x3Site: 'US011',
    journalAccounts: {
      '40100': '200',
      '50100': '310',
      '23100': '820',
      '10100': '090',
      '70200': REALISED,
      '80200': REALISED,
    },
  },
};
