import { compileMapping, validateMappingDocument } from '../engine';
import type { LookupTable } from '../engine/mapping-document';
import { BANK_ACCOUNTS, REGION_FACTS, STARTER_REGIONS } from './starter-regions';
import { starterTemplate, starterTemplates } from './starter-templates';
import { REVERSE_STARTER_ENTITIES, reverseStarterTemplates } from './reverse-templates';

/** A table's entries as { first key part: value field }. */
function asMap(table: LookupTable, field: string): Record<string, string> {
  return Object.fromEntries(table.entries.map((e) => [e.key[e.key.length - 1], e.value[field]]));
}

function table(doc: { lookups: LookupTable[] }, name: string): LookupTable {
  const found = doc.lookups.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

/** The Xero values that exactly one X3 code maps to (where the forward map is one-to-one). */
function oneToOne(forward: Record<string, string>): Array<[string, string]> {
  const counts = new Map<string, number>();
  for (const xero of Object.values(forward)) counts.set(xero, (counts.get(xero) ?? 0) + 1);
  return Object.entries(forward).filter(([, xero]) => counts.get(xero) === 1);
}

describe('xero-to-x3 starter templates', () => {
  it.each(STARTER_REGIONS)('%s: every entity validates and compiles, Xero → X3', (region) => {
    const docs = reverseStarterTemplates(region);
    expect(Object.keys(docs).sort()).toEqual([...REVERSE_STARTER_ENTITIES].sort());
    for (const entity of REVERSE_STARTER_ENTITIES) {
      expect(starterTemplate(region, entity, 'xero-to-x3')).toEqual(docs[entity]);
      expect({ entity, issues: validateMappingDocument(docs[entity]) }).toEqual({ entity, issues: [] });
      const compiled = compileMapping(docs[entity]);
      expect([compiled.entity, compiled.direction]).toEqual([entity, 'xero-to-x3']);
      // plain copies and lookups, but for the partner code X3's rules make of a ContactNumber
      const expected = entity === 'customer' || entity === 'supplier' ? ['code'] : [];
      expect(compiled.fields.filter((f) => f.isExpression).map((f) => f.target)).toEqual(expected);
    }
  });

  it.each(STARTER_REGIONS)('%s: the purchase tax lookup is the inverse of the forward one', (region) => {
    const forward = asMap(table(starterTemplate(region, 'bill'), 'purchase-tax-type'), 'taxType');
    const reverse = asMap(table(starterTemplate(region, 'bill', 'xero-to-x3'), 'x3-purchase-tax-code'), 'taxCode');
    expect(forward).toEqual(REGION_FACTS[region].purchaseTaxTypes);
    const pairs = oneToOne(forward);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [x3Code, taxType] of pairs) expect({ taxType, x3: reverse[taxType] }).toEqual({ taxType, x3: x3Code });
    // every Xero tax type the forward table writes can be read back, and Xero's no-tax types too
    const { noTaxType, x3PurchaseNoTaxCode } = REGION_FACTS[region];
    const noTax = ['NONE', noTaxType];
    expect(Object.keys(reverse).sort()).toEqual([...new Set([...Object.values(forward), ...noTax])].sort());
    for (const [taxType, x3Code] of Object.entries(reverse)) {
      if (forward[x3Code] !== taxType) expect({ taxType, x3Code }).toEqual({ taxType, x3Code: x3PurchaseNoTaxCode });
      expect(noTax.includes(taxType) || forward[x3Code] === taxType).toBe(true);
    }
  });

  it('the payment method lookup answers for every bank account the forward one writes, and round-trips', () => {
    const forward = asMap(table(starterTemplate('NZ', 'payment'), 'bank-account'), 'accountCode');
    const reverse = asMap(table(starterTemplate('NZ', 'payment', 'xero-to-x3'), 'payment-method'), 'paymentMethod');
    expect(forward).toEqual(BANK_ACCOUNTS);
    expect(Object.keys(reverse).sort()).toEqual([...new Set(Object.values(forward))].sort());
    // many methods share the demo bank account: the reverse picks one whose forward leads back
    for (const [accountCode, method] of Object.entries(reverse)) expect(forward[method]).toBe(accountCode);
  });

  it.each(STARTER_REGIONS)(
    "%s: every bank account the forward one writes comes back as the region's X3 bank",
    (region) => {
      const forward = asMap(table(starterTemplate(region, 'payment'), 'bank-account'), 'accountCode');
      const banks = asMap(table(starterTemplate(region, 'payment', 'xero-to-x3'), 'x3-bank'), 'bank');
      expect(banks).toEqual(
        Object.fromEntries(Object.values(forward).map((code) => [code, REGION_FACTS[region].x3Bank])),
      );
    },
  );

  it('leaves the forward templates as they were and refuses entities that do not flow back', () => {
    for (const region of STARTER_REGIONS) {
      for (const doc of Object.values(starterTemplates(region))) expect(doc.direction).toBe('x3-to-xero');
      expect(starterTemplate(region, 'invoice', 'x3-to-xero')).toEqual(starterTemplate(region, 'invoice'));
    }
    expect(() => starterTemplate('AU', 'journal', 'xero-to-x3')).toThrow('no xero-to-x3 starter template for journal');
  });

  it('returns a fresh copy each time', () => {
    const first = starterTemplate('UK', 'bill', 'xero-to-x3');
    first.lookups[0].entries.length = 0;
    expect(starterTemplate('UK', 'bill', 'xero-to-x3').lookups[0].entries.length).toBeGreaterThan(0);
  });
});
