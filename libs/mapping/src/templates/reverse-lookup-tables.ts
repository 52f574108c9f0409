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
 * Xero TaxType (the canonical line's taxCode as the Xero adapter reads it) → X3 tax code. A Xero
 * line with TaxType NONE reaches the canonical record without a taxCode, so its 'NONE' row is
 * kept for completeness but cannot match (the record waits on an empty key).
 */
export function reverseTaxCodeTable(name: string, byX3Code: Record<string, string>): LookupTable {
  return {
    name,
    kind: 'custom',
    keyFields: ['taxType'],
    entries: invertFacts(byX3Code).map(([taxType, taxCode]) => ({ key: [taxType], value: { taxCode } })),
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
