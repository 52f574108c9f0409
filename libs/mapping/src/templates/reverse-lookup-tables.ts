// Lookup tables of the xero-to-x3 starter templates: the forward facts (starter-regions.ts) read
// the other way, so the two directions never disagree. Where several X3 codes meet one Xero code
// (e.g. every payment method → the one demo bank account), the first X3 code listed answers;
// an accountant who splits them edits the table. The tables are of kind 'custom': the named
// kinds' value fields (accountCode, taxType) are the Xero side's.
import type { LookupTable } from '../engine/mapping-document';
import { BANK_ACCOUNTS } from './starter-regions';

/** { x3: xero } → [xero, x3] pairs, the first X3 code winning where a Xero code repeats. */
export function invertFacts(byX3Code: Record<string, string>): Array<[string, string]> {
  const byXero = new Map<string, string>();
  for (const [x3, xero] of Object.entries(byX3Code)) if (!byXero.has(xero)) byXero.set(xero, x3);
  return [...byXero.entries()];
}

/**
 * Xero TaxType (the canonical line's taxCode as the Xero adapter reads it) → X3 tax code. Xero's
 * "no tax" types (NONE, and the region's own, e.g. AU's BASEXCLUDED) reach the record as that
 * TaxType, never as an empty key: where the forward facts do not already name them, they come
 * back as the company's zero-rated or exempt code (`noTaxCode`).
 */
export function reverseTaxCodeTable(
  name: string,
  byX3Code: Record<string, string>,
  noTax?: { taxTypes: string[]; x3Code: string },
): LookupTable {
  const pairs = invertFacts(byX3Code);
  for (const taxType of noTax?.taxTypes ?? []) {
    if (!pairs.some(([known]) => known === taxType)) pairs.push([taxType, noTax!.x3Code]);
  }
  return {
    name,
    kind: 'custom',
    keyFields: ['taxType'],
    entries: pairs.map(([taxType, taxCode]) => ({ key: [taxType], value: { taxCode } })),
  };
}

/**
 * Xero bank account Code → X3 bank (BAN). X3 enters a payment on its own bank code, which Xero's
 * account Code is not: every demo bank account leads to the region's one X3 bank.
 */
export function reverseBankTable(x3Bank: string): LookupTable {
  return {
    name: 'x3-bank',
    kind: 'custom',
    keyFields: ['accountCode'],
    entries: [...new Set(Object.values(BANK_ACCOUNTS))].map((accountCode) => ({
      key: [accountCode],
      value: { bank: x3Bank },
    })),
  };
}

/** Xero bank account Code → X3 payment method (PAM). */
export function reversePaymentMethodTable(): LookupTable {
  return {
    name: 'payment-method',
    kind: 'custom',
    keyFields: ['accountCode'],
    entries: invertFacts(BANK_ACCOUNTS).map(([accountCode, paymentMethod]) => ({
      key: [accountCode],
      value: { paymentMethod },
    })),
  };
}

/**
 * A Xero bill line coded to an account, with no item: X3 enters every supplier invoice line on a
 * product (ITMREF is mandatory on PINVOICED), so such a line goes on the template's stand-in
 * product, whatever its account (`*`). An accountant maps accounts to their own products here.
 */
export function uncodedPurchaseProductTable(product: string): LookupTable {
  return {
    name: 'x3-uncoded-purchase-product',
    kind: 'custom',
    keyFields: ['accountCode'],
    entries: [{ key: ['*'], value: { product } }],
  };
}
