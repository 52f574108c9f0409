import { compileMapping, validateMappingDocument } from '../engine';
import { REGION_FACTS, STARTER_REGIONS } from './starter-regions';
import { STARTER_ENTITIES, starterTemplate, starterTemplates } from './starter-templates';

describe('starter templates', () => {
  it.each(STARTER_REGIONS)('%s: every entity validates and compiles, X3 → Xero', (region) => {
    const docs = starterTemplates(region);
    expect(Object.keys(docs).sort()).toEqual([...STARTER_ENTITIES].sort());
    for (const entity of STARTER_ENTITIES) {
      expect({ entity, issues: validateMappingDocument(docs[entity]) }).toEqual({ entity, issues: [] });
      const compiled = compileMapping(docs[entity]);
      expect([compiled.entity, compiled.direction]).toEqual([entity, 'x3-to-xero']);
      // plain copies and lookups only: no JSONata runs per field (the journal filter is the one expression)
      expect(compiled.fields.filter((f) => f.isExpression)).toEqual([]);
    }
  });

  it.each(STARTER_REGIONS)(
    "%s: every X3 tax code of the pair's company has a Xero tax type on both sides",
    (region) => {
      const facts = REGION_FACTS[region];
      const sales = starterTemplate(region, 'invoice').lookups.find((t) => t.name === 'sales-tax-type')!;
      const purchases = starterTemplate(region, 'bill').lookups.find((t) => t.name === 'purchase-tax-type')!;
      expect(sales.entries.map((e) => e.key[1]).sort()).toEqual(Object.keys(facts.salesTaxTypes).sort());
      expect(purchases.entries.map((e) => e.key[1]).sort()).toEqual(Object.keys(facts.purchaseTaxTypes).sort());
    },
  );

  it('returns a fresh copy each time, so an edit does not leak into the next tenant', () => {
    const first = starterTemplate('UK', 'invoice');
    first.lookups[0].entries.length = 0;
    expect(starterTemplate('UK', 'invoice').lookups[0].entries.length).toBeGreaterThan(0);
  });

  it.each(STARTER_REGIONS)(
    '%s: sales orders are looked up as invoices are and have no status map (always drafts)',
    (region) => {
      const order = starterTemplate(region, 'salesOrder');
      const { statusMap, description: _d, entity: _e, ...invoice } = starterTemplate(region, 'invoice');
      const { description, entity: _entity, ...rest } = order;
      expect(statusMap).toBeDefined();
      expect(order.statusMap).toBeUndefined();
      expect(rest).toEqual(invoice);
      expect(description).toMatch(/DRAFT ACCREC/);
    },
  );

  it('never maps a status to PAID', () => {
    for (const region of STARTER_REGIONS)
      for (const doc of Object.values(starterTemplates(region)))
        expect(Object.values(doc.statusMap?.entries ?? {})).not.toContain('PAID');
  });
});
