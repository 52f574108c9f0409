/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

type Edges<T> = { query: { edges: Array<{ node: T }> } };

describe('X3 sandbox master data: same-currency companies and master data made through the control API', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  async function query<T>(text: string): Promise<T> {
    const { body } = (await gql(sandbox.url, folder, text)) as { body: { data: T; errors?: unknown } };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('seeds a company in every Xero region currency, each with its sites, tax codes, partners, products and documents', async () => {
    const data = await query<{
      x3MasterData: { company: Edges<{ _id: string; accountingCurrency: { _id: string } }> };
      x3FinanceData: { taxCode: Edges<{ _id: string; legislation: string; rate: string }> };
    }>(
      `{ x3MasterData { company { query(first: 100) { edges { node { _id accountingCurrency { _id } } } } } }
         x3FinanceData { taxCode { query(first: 100) { edges { node { _id legislation rate } } } } } }`,
    );
    const companies = Object.fromEntries(
      data.x3MasterData.company.query.edges.map((e) => [e.node._id, e.node.accountingCurrency._id]),
    );
    expect(companies).toMatchObject({ NZ10: 'NZD', AU10: 'AUD', GB10: 'GBP', US10: 'USD', FR10: 'EUR' });
    const rates = (legislation: string) =>
      data.x3FinanceData.taxCode.query.edges
        .filter((e) => e.node.legislation === legislation)
        .map((e) => Number(e.node.rate))
        .sort((a, b) => b - a);
    expect(rates('NZL')).toEqual([15, 0]);
    expect(rates('AUS')).toEqual([10, 0]);
    expect(rates('GBR')).toEqual([20, 5, 0]);

    for (const [company, currency, site] of [
      ['NZ10', 'NZD', 'NZ011'],
      ['AU10', 'AUD', 'AU011'],
      ['GB10', 'GBP', 'GB011'],
    ]) {
      const docs = await query<{
        x3MasterData: { customer: Edges<{ _id: string }>; supplier: Edges<{ _id: string }> };
        x3Stock: { stock: Edges<{ _id: string }> };
        x3Sales: {
          salesOrder: Edges<{ _id: string }>;
          salesInvoice: Edges<{ status: string; currency: { _id: string } }>;
        };
        x3Purchasing: { purchaseInvoice: Edges<{ _id: string }> };
      }>(
        `{ x3MasterData { customer { query(filter: "{currency:'${currency}'}") { edges { node { _id } } } }
             supplier { query(filter: "{currency:'${currency}'}") { edges { node { _id } } } } }
           x3Stock { stock { query(filter: "{site:'${site}'}") { edges { node { _id } } } } }
           x3Sales { salesOrder { query(filter: "{company:'${company}'}") { edges { node { _id } } } }
             salesInvoice { query(filter: "{company:'${company}'}") { edges { node { status currency { _id } } } } } }
           x3Purchasing { purchaseInvoice { query(filter: "{company:'${company}'}") { edges { node { _id } } } } } }`,
      );
      expect(docs.x3MasterData.customer.query.edges.length).toBeGreaterThan(0);
      expect(docs.x3MasterData.supplier.query.edges.length).toBeGreaterThan(0);
      expect(docs.x3Stock.stock.query.edges.length).toBeGreaterThan(0);
      expect(docs.x3Sales.salesOrder.query.edges.length).toBeGreaterThan(0);
      expect(docs.x3Sales.salesInvoice.query.edges.map((e) => e.node.status)).toContain('posted');
      expect(docs.x3Sales.salesInvoice.query.edges.some((e) => e.node.currency._id === currency)).toBe(true);
      expect(docs.x3Purchasing.purchaseInvoice.query.edges.length).toBeGreaterThan(0);
    }
  });

  it('lets a test create a company, its currency, tax codes, a tax rule and exchange rates, then trade in it', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await control(sandbox.url, folder, 'POST', path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 201 });
      return res.body as Record<string, string>;
    };
    await post('/currencies', { code: 'CAD', name: 'Canadian dollar', decimals: 2 });
    await post('/companies', {
      code: 'CA10',
      name: 'SEED CANADA',
      country: 'CA',
      legislation: 'CAN',
      accountingCurrency: 'CAD',
      sites: [{ code: 'CA011', name: 'Toronto warehouse' }],
    });
    await post('/tax-codes', { code: 'CAG', description: 'GST 5%', legislation: 'CAN', rate: '5' });
    await post('/tax-codes', { code: 'CAZ', description: 'Zero-rated', legislation: 'CAN', rate: '0' });
    await post('/tax-rules', {
      code: 'CAN',
      description: 'Canada domestic',
      legislation: 'CAN',
      standardTaxCode: 'CAG',
    });
    await post('/exchange-rates', {
      currency: 'USD',
      destinationCurrency: 'CAD',
      rateType: 'dailyRate',
      startDate: '2026-01-01',
      rate: '1.3650',
    });
    const duplicate = await control(sandbox.url, folder, 'POST', '/tax-codes', { code: 'CAG', rate: '5' });
    expect(duplicate.status).toBe(422);
    const badRate = await control(sandbox.url, folder, 'POST', '/tax-codes', { code: 'CAX', rate: 'five' });
    expect(badRate.status).toBe(422);

    const created = await gql(
      sandbox.url,
      folder,
      'mutation { x3MasterData { customer { create(data: { code: "CA001", companyName: "Maple Retail", currency: "CAD", taxRule: "CAN" }) { _id } } } }',
    );
    expect(created.body).toEqual({ data: { x3MasterData: { customer: { create: { _id: 'CA001' } } } } });
    const order = await control(sandbox.url, folder, 'POST', '/sales-orders', {
      salesSite: 'CA011',
      soldToCustomer: 'CA001',
      lines: [{ product: 'FIN001', quantityInSalesUnitOrdered: '2', grossPrice: '100' }],
    });
    expect(order.status).toBe(201);
    const usd = await control(sandbox.url, folder, 'POST', '/sales-invoices', {
      salesSite: 'CA011',
      billToCustomer: 'CA001',
      currency: 'USD',
      accountingDate: '2026-03-01',
      lines: [{ product: 'FIN001', quantityInSalesUnitInvoiced: '1', netPrice: '100' }],
    });
    expect(usd.status).toBe(201);
    const data = await query<{
      x3Sales: {
        salesOrder: { read: Record<string, unknown> };
        salesInvoice: { read: Record<string, unknown> };
      };
    }>(
      `{ x3Sales { salesOrder { read(_id: "${(order.body as { salesOrder: string }).salesOrder}") { company { _id } currency { _id } exchangeRate totalAmountIncludingTax } }
         salesInvoice { read(_id: "${(usd.body as { salesInvoice: string }).salesInvoice}") { company { _id } exchangeRate totalTaxAmount } } } }`,
    );
    expect(data.x3Sales.salesOrder.read).toEqual({
      company: { _id: 'CA10' },
      currency: { _id: 'CAD' },
      exchangeRate: '1',
      totalAmountIncludingTax: '210',
    });
    expect(data.x3Sales.salesInvoice.read).toEqual({
      company: { _id: 'CA10' },
      exchangeRate: '1.365',
      totalTaxAmount: '5',
    });
  });

  // Two flows writing one Xero contact that is both customer and supplier create both roles of one
  // partner at once (sandbox-trial-sync, 3 Dec: "BusinessPartner C_1003: record already exists").
  it('creates a customer and a supplier of one new code at the same time: one partner with both roles', async () => {
    for (let round = 0; round < 5; round++) {
      const code = `BOTH${round}${Date.now() % 100000}`;
      const make = (role: 'customer' | 'supplier') =>
        gql(
          sandbox.url,
          folder,
          `mutation { x3MasterData { ${role} { create(data: { code: "${code}", companyName: "Both Ways ${round}", currency: "NZD" }) { _id } } } }`,
        );
      const [customer, supplier] = await Promise.all([make('customer'), make('supplier')]);
      expect([customer.body, supplier.body]).toEqual([
        { data: { x3MasterData: { customer: { create: { _id: code } } } } },
        { data: { x3MasterData: { supplier: { create: { _id: code } } } } },
      ]);
      const partner = await query<{
        x3MasterData: { businessPartner: Edges<{ isCustomer: boolean; isSupplier: boolean }> };
      }>(
        `{ x3MasterData { businessPartner { query(filter: "{code:'${code}'}") { edges { node { isCustomer isSupplier } } } } } }`,
      );
      expect(partner.x3MasterData.businessPartner.query.edges.map((e) => e.node)).toEqual([
        { isCustomer: true, isSupplier: true },
      ]);
    }
  });

  it('refuses a document in a currency with no rate to the company currency', async () => {
    const res = await control(sandbox.url, folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      currency: 'JPY',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', netPrice: '1000' }],
    });
    expect(res.status).toBe(422);
    expect((res.body as { message: string }).message).toMatch(/exchange rate JPY.*NZD/);
  });
});
