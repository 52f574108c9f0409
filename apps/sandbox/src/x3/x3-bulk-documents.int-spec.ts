/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

describe('X3 sandbox bulk sales invoices (sync volume)', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  it('makes new customers of the site region and posted invoices billing them in turn', async () => {
    const made = await control(sandbox.url, folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 3,
      invoices: 7,
    });
    expect(made.status).toBe(201);
    const { customers, invoices } = made.body as { customers: string[]; invoices: string[] };
    expect(customers).toEqual(['BKNZ000001', 'BKNZ000002', 'BKNZ000003']);
    expect(invoices).toHaveLength(7);
    expect(new Set(invoices).size).toBe(7);

    const { body } = await gql(
      sandbox.url,
      folder,
      `{ x3Sales { salesInvoice { query(first: 100, filter: "{billToCustomer: {_in: ['BKNZ000001','BKNZ000002','BKNZ000003']}}") {
          edges { node { _id status company { _id } currency { _id } billToCustomer { _id } totalAmountIncludingTax } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const nodes = (
      body.data.x3Sales.salesInvoice.query.edges as Array<{ node: Record<string, { _id: string } | string> }>
    ).map((e) => e.node);
    expect(nodes.map((n) => n._id).sort()).toEqual([...invoices].sort());
    for (const n of nodes)
      expect(n).toMatchObject({ status: 'posted', company: { _id: 'NZ10' }, currency: { _id: 'NZD' } });
    expect(nodes.filter((n) => (n.billToCustomer as { _id: string })._id === 'BKNZ000001')).toHaveLength(3);

    const more = await control(sandbox.url, folder, 'POST', '/bulk/sales-invoices', { customers: 1, invoices: 0 });
    expect(more.body.customers).toEqual(['BKNZ000004']);
    expect((await control(sandbox.url, folder, 'POST', '/bulk/sales-invoices', { invoices: 2 })).status).toBe(400);
    const billed = await control(sandbox.url, folder, 'POST', '/bulk/sales-invoices', {
      invoices: 2,
      billTo: ['BKNZ000004'],
    });
    expect(billed.status).toBe(201);
    expect(billed.body.customers).toEqual([]);
    expect(billed.body.invoices).toHaveLength(2);
  });
});
