// Lookup tables of the starter templates, built from a region's facts (starter-regions.ts).
import type { LookupTable } from '../engine/mapping-document';
import { BANK_ACCOUNTS, PURCHASE_ACCOUNTS, RegionFacts, SALES_ACCOUNTS } from './starter-regions';

const WILDCARD = '*';

/**
 * Sales lines carry no GL account in X3: the product's accounting code and the document's tax
 * rule give the Xero revenue account ('*': any rule, until an accountant splits e.g. exports).
 */
export function salesAccountTable(): LookupTable {
  return {
    name: 'sales-account',
    kind: 'gl-account',
    keyFields: ['accountingCode', 'taxRule'],
    entries: Object.entries(SALES_ACCOUNTS).map(([code, accountCode]) => ({
      key: [code, WILDCARD],
      value: { accountCode },
    })),
  };
}

export function purchaseAccountTable(): LookupTable {
  return {
    name: 'purchase-account',
    kind: 'gl-account',
    keyFields: ['accountingCode', 'taxRule'],
    entries: Object.entries(PURCHASE_ACCOUNTS).map(([code, accountCode]) => ({
      key: [code, WILDCARD],
      value: { accountCode },
    })),
  };
}

/** X3 tax rule + tax code → Xero TaxType (the rule is '*' in the starter: codes are per legislation). */
export function taxTypeTable(name: string, byCode: Record<string, string>): LookupTable {
  return {
    name,
    kind: 'tax-type',
    keyFields: ['taxRule', 'taxCode'],
    entries: Object.entries(byCode).map(([code, taxType]) => ({ key: [WILDCARD, code], value: { taxType } })),
  };
}

/** X3 product tax level (VACITM) → the TaxType a Xero item sells or buys with. */
export function itemTaxTypeTable(name: string, byLevel: Record<string, string>): LookupTable {
  return {
    name,
    kind: 'tax-type',
    keyFields: ['taxLevel'],
    entries: Object.entries(byLevel).map(([level, taxType]) => ({ key: [level], value: { taxType } })),
  };
}

/** X3 product accounting code alone → account, for item defaults (an item has no tax rule). */
export function itemAccountTable(name: string, byCode: Record<string, string>): LookupTable {
  return {
    name,
    kind: 'gl-account',
    keyFields: ['accountingCode'],
    entries: Object.entries(byCode).map(([code, accountCode]) => ({ key: [code], value: { accountCode } })),
  };
}

export function bankAccountTable(): LookupTable {
  return {
    name: 'bank-account',
    kind: 'bank-account',
    keyFields: ['paymentMethod'],
    entries: Object.entries(BANK_ACCOUNTS).map(([method, accountCode]) => ({ key: [method], value: { accountCode } })),
  };
}

export function journalAccountTable(facts: RegionFacts): LookupTable {
  return {
    name: 'journal-account',
    kind: 'gl-account',
    keyFields: ['account'],
    entries: Object.entries(facts.journalAccounts).map(([account, accountCode]) => ({
      key: [account],
      value: { accountCode },
    })),
  };
}

/**
 * X3 analytic dimensions → Xero tracking (options.tracking). The X3 sandbox's DEPT values
 * (seed-analytics) meet the Xero sandbox's "Department" category (seed-builder: Sales,
 * Operations, Head Office). PROJECT has no counterpart in those organisations, so it is not
 * tracked: an accountant adds rows once a category exists; until then project lines still sync.
 */
export function trackingTable(): LookupTable {
  const department = (dimension: string, option: string) => ({
    key: ['DEPT', dimension],
    value: { name: 'Department', option },
  });
  return {
    name: 'tracking',
    kind: 'tracking',
    keyFields: ['dimensionType', 'dimension'],
    entries: [department('SALES', 'Sales'), department('OPS', 'Operations'), department('ADMIN', 'Head Office')],
  };
}
