/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
// Each region's starter templates on its same-currency sandbox pair: every seeded X3 record of the
// pair's company (its documents, the partners they name, every product) read through the X3
// connector maps to a Xero payload, none 'waiting' for a lookup and none 'invalid'.
import { SandboxFixture, collect, startFixture } from '../../../connectors/sage-x3/src/testing/sandbox-fixture';
import { createX3Transport } from '../../../connectors/sage-x3/src/x3-transport.factory';
import type { X3Transport } from '../../../connectors/sage-x3/src/x3-transport';
import type { X3EntityName } from '../../../connectors/sage-x3/src/graphql/x3-entities';
import type { X3Record } from '../../../connectors/sage-x3/src/graphql/x3-record';
import { X3_ADAPTERS, purchaseInvoiceEntityOf, salesInvoiceEntityOf } from '../adapters/x3';
import { XERO_ADAPTERS } from '../adapters/xero';
import { compileMapping, runMapping, type MappingOutcome } from '../engine';
import { REGION_FACTS, STARTER_REGIONS, StarterRegion } from './starter-regions';
import { STARTER_ENTITIES, StarterEntity, starterTemplate } from './starter-templates';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

describe('starter templates on the seeded sandbox pairs', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  const nodes = new Map<X3EntityName, X3Record[]>();
  const siteCompany = new Map<string, string>();

  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings);
    for (const node of [
      'site',
      'customer',
      'supplier',
      'product',
      'salesOrder',
      'salesInvoice',
      'purchaseInvoice',
      'payment',
      'journalEntry',
    ] as X3EntityName[])
      nodes.set(node, await collect(x3.list(node)));
    for (const s of nodes.get('site')!) siteCompany.set(s._id, text(s.legalCompany));
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });

  const companyOf = (r: X3Record) => text(r.company) || siteCompany.get(text(r.site) || text(r.salesSite)) || '';

  /** The pair's records per template entity: its company's documents and what they name. */
  function recordsOf(region: StarterRegion): Record<StarterEntity, X3Record[]> {
    const company = REGION_FACTS[region].x3Company;
    const mine = (node: X3EntityName) => nodes.get(node)!.filter((r) => companyOf(r) === company);
    const sales = mine('salesInvoice');
    const purchases = mine('purchaseInvoice');
    const payments = mine('payment');
    const orders = mine('salesOrder');
    const customers = new Set([
      ...orders.map((r) => text(r.soldToCustomer)),
      ...sales.map((r) => text(r.billToCustomer)),
      ...payments.filter((p) => p.businessPartnerType === 'customer').map((p) => text(p.businessPartner)),
    ]);
    const suppliers = new Set([
      ...purchases.map((r) => text(r.billBySupplier)),
      ...payments.filter((p) => p.businessPartnerType === 'supplier').map((p) => text(p.businessPartner)),
    ]);
    return {
      customer: nodes.get('customer')!.filter((c) => customers.has(c._id)),
      supplier: nodes.get('supplier')!.filter((s) => suppliers.has(s._id)),
      product: nodes.get('product')!,
      salesOrder: orders,
      invoice: sales.filter((r) => salesInvoiceEntityOf(r) === 'invoice'),
      creditNote: [
        ...sales.filter((r) => salesInvoiceEntityOf(r) === 'creditNote'),
        ...purchases.filter((r) => purchaseInvoiceEntityOf(r) === 'creditNote'),
      ],
      bill: purchases.filter((r) => purchaseInvoiceEntityOf(r) === 'bill'),
      payment: payments,
      journal: mine('journalEntry'),
    };
  }

  async function mapPair(region: StarterRegion, entities: readonly StarterEntity[]) {
    const facts = REGION_FACTS[region];
    const context = {
      adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
      adapterContext: { baseCurrency: facts.baseCurrency, x3Company: facts.x3Company },
    };
    const records = recordsOf(region);
    const problems: Array<{ entity: string; record: string; outcome: MappingOutcome }> = [];
    const counts: Record<string, Record<string, number>> = {};
    for (const entity of entities) {
      const list = records[entity];
      const compiled = compileMapping(starterTemplate(region, entity));
      for (const record of list) {
        const outcome = await runMapping(compiled, record, context);
        counts[entity] = { ...counts[entity], [outcome.kind]: (counts[entity]?.[outcome.kind] ?? 0) + 1 };
        if (outcome.kind === 'waiting' || outcome.kind === 'invalid')
          problems.push({ entity, record: record._id, outcome });
      }
    }
    console.log(`${region} (${facts.x3Company}): ${JSON.stringify(counts)}`);
    return { problems, counts, records };
  }

  const EXCEPT_PAYMENTS = STARTER_ENTITIES.filter((e) => e !== 'payment');

  it.each(STARTER_REGIONS)('%s: maps every seeded record of its pair, none waiting or invalid', async (region) => {
    const { problems, counts, records } = await mapPair(region, EXCEPT_PAYMENTS);
    expect(problems).toEqual([]);
    // the pair really has documents: invoices, and the templates' lookups were applied to them
    expect(counts.invoice?.mapped).toBeGreaterThan(0);
    // and an order: the seed gives each company one, drafted by the order template
    expect(counts.salesOrder?.mapped).toBeGreaterThan(0);
    expect(counts.customer?.mapped).toBeGreaterThan(0);
    expect(counts.product?.mapped).toBe(records.product.length);
  });

  // The Xero payment adapter gives one Xero Payment per allocation ({ payments: [...], unallocated? });
  // the engine maps the template's bank account onto each and validates each (engine/validate/
  // xero-payment-rules.ts). US10 has no seeded payment.
  it.each(['NZ', 'AU', 'UK'] as const)(
    '%s: maps every seeded payment of its pair, none waiting or invalid',
    async (region) => {
      const { problems, records } = await mapPair(region, ['payment']);
      expect(records.payment.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );

  it("NZ: an invoice's lines get the Xero revenue account and GST tax type of the NZ demo organisation", async () => {
    const compiled = compileMapping(starterTemplate('NZ', 'invoice'));
    const invoice = recordsOf('NZ').invoice[0];
    const outcome = await runMapping(compiled, invoice, {
      adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
      adapterContext: { baseCurrency: 'NZD', x3Company: 'NZ10' },
    });
    if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
    const lines = outcome.payload.lineItems as Array<{ accountCode: string; taxType: string }>;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(['200', '260']).toContain(line.accountCode);
      expect(['OUTPUT2', 'ZERORATED']).toContain(line.taxType);
    }
  });
});
