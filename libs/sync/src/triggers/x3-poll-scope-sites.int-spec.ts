/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { createX3Transport, X3Transport } from '#lb/connectors/sage-x3';
import { LANES } from '../pending';
import { startTriggerWorld, TriggerWorld, x3Flow } from './trigger-test-world';

const MANUAL = { kind: 'manual' } as const;

// options.x3Scope.sites: shared records a company's documents do not use are taken when they are at
// one of the selected sites — a product with a product-site there, a customer shipped from there.
describe('X3 poll: shared records selected by site (PostgreSQL, X3 sandbox over HTTP)', () => {
  let w: TriggerWorld;
  let x3: X3Transport;

  beforeAll(async () => {
    w = await startTriggerWorld();
    x3 = createX3Transport({ ...w.fx.settings, companies: [], allowPrivateTargets: true });
  });
  afterAll(() => w?.close());

  async function flow(flowKey: string, entity: 'customer' | 'product') {
    const t = await w.integration('FR10');
    const document = x3Flow(entity, { x3Scope: { sites: ['NZ011'] } }, MANUAL);
    await w.flows.save(t.tenantId, t.integrationId, flowKey, document, { authorUserId: null });
    return { ...t, scope: { integrationId: t.integrationId, flowKey } };
  }
  const keys = async (tenantId: string, flowKey: string) =>
    (await w.pending(tenantId, flowKey)).map((p) => p.sourceKey);

  /** A customer no FR10 document uses, delivered from `site` (its ship-to address's shipment site). */
  const customerAt = (code: string, site: string) =>
    x3.create('customer', {
      code,
      companyName: `Site ${site} customer`,
      currency: 'EUR',
      category: 'ZZZ',
      addresses: [{ code: 'SHIP', description: 'Warehouse', country: 'FR', shippingSite: site }],
    });
  /** A product no FR10 document uses, with a product-site at `site` only. */
  async function productAt(code: string, site: string) {
    await x3.create('product', { code, description1: `Sold from ${site}`, productCategory: 'ZZZ' });
    await w.productSiteInX3(code, site);
  }
  /** X3 commits it an hour behind the newest stamp: only the comparison can see it. */
  const commitLate = (entity: string, id: string) =>
    w.fx.control('POST', '/late-commits', { entity, id, changes: {}, secondsBehind: 3600 });

  it('takes a customer shipped from a selected site, not one shipped from another site no document uses', async () => {
    await customerAt('ZNZSITE1', 'NZ011');
    await customerAt('ZAUSITE1', 'AU011');
    const t = await flow('customers', 'customer');
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    const read = await keys(t.tenantId, 'customers');
    expect(read).toContain('ZNZSITE1');
    expect(read).not.toContain('ZAUSITE1');
    expect(read).not.toContain('AO005'); // an Angolan customer no FR10 document uses: never the whole folder
  });

  it('takes a product with a product-site at a selected site, not one stocked only elsewhere', async () => {
    await productAt('ZNZPROD1', 'NZ011');
    await productAt('ZAUPROD1', 'AU011');
    const t = await flow('products', 'product');
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    const read = await keys(t.tenantId, 'products');
    expect(read).toContain('ZNZPROD1');
    expect(read).not.toContain('ZAUPROD1');
  });

  it('the comparison selects by site too (records committed behind the poll window)', async () => {
    const customers = await flow('customers', 'customer');
    const products = await flow('products', 'product');
    for (const t of [customers, products])
      await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    await customerAt('ZNZSITE2', 'NZ011');
    await customerAt('ZAUSITE2', 'AU011');
    await productAt('ZNZPROD2', 'NZ011');
    await productAt('ZAUPROD2', 'AU011');
    for (const [entity, id] of [
      ['customer', 'ZNZSITE2'],
      ['customer', 'ZAUSITE2'],
      ['product', 'ZNZPROD2'],
      ['product', 'ZAUPROD2'],
    ])
      await commitLate(entity, id);
    for (const t of [customers, products]) {
      const missed = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
      expect(missed).toMatchObject({ accepted: 0 });
      const compared = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'always' });
      expect(compared).toMatchObject({ status: 'polled', compared: { changed: 1, deleted: 0 } });
    }
    const late = async (t: typeof customers) =>
      (await w.pending(t.tenantId, t.scope.flowKey)).filter(
        (p) => p.sourceKey.includes('SITE2') || p.sourceKey.includes('PROD2'),
      );
    expect((await late(customers)).map((p) => p.sourceKey)).toEqual(['ZNZSITE2']);
    expect((await late(products)).map((p) => p.sourceKey)).toEqual(['ZNZPROD2']);
  });
});
