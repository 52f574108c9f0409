/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

type Edges<T> = { query: { edges: Array<{ node: T }> } };
const nodes = <T>(collection: Edges<T>) => collection.query.edges.map((e) => e.node);

const DIMENSIONS =
  'dimensionType1 analyticalDimension1 dimensionType2 analyticalDimension2 dimensionType3 analyticalDimension3';

describe('X3 sandbox: analytic dimensions, payment and supplier-invoice rates, nested product references', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  async function query<T>(text: string, variables?: Record<string, unknown>): Promise<T> {
    const { body } = (await gql(sandbox.url, folder, text, variables)) as {
      body: { data?: T; errors?: Array<{ message: string }> };
    };
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data!;
  }

  async function ok(method: string, path: string, body?: unknown): Promise<Record<string, string>> {
    const res = await control(sandbox.url, folder, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, string>;
  }

  it("lists the folder's dimension types (DIE) by position and their dimensions (CCE)", async () => {
    const data = await query<{
      x3FinanceData: { dimensionType: Edges<unknown>; dimension: Edges<unknown> };
    }>(`{ x3FinanceData {
      dimensionType { query(orderBy: "{position:1}") { edges { node { _id code description position } } } }
      dimension { query(filter: "{dimensionType:{_id:'PROJECT'}}") { edges { node { _id code isActive } } } } } }`);
    expect(nodes(data.x3FinanceData.dimensionType)).toEqual([
      { _id: 'DEPT', code: 'DEPT', description: 'Department', position: 1 },
      { _id: 'PROJECT', code: 'PROJECT', description: 'Project', position: 2 },
    ]);
    expect(nodes(data.x3FinanceData.dimension)).toEqual([
      { _id: 'PROJECT~OLD01', code: 'OLD01', isActive: false },
      { _id: 'PROJECT~P100', code: 'P100', isActive: true },
      { _id: 'PROJECT~P200', code: 'P200', isActive: true },
    ]);
  });

  it('keeps dimensions on order lines and carries them to the invoice lines of the delivery', async () => {
    const { salesOrder, delivery } = await ok('POST', '/sales-orders', {
      salesSite: 'FR011',
      soldToCustomer: 'FR001',
      ship: true,
      lines: [
        {
          product: 'DIS004',
          quantityInSalesUnitOrdered: '2',
          analyticalDimension1: 'SALES',
          analyticalDimension2: 'P100',
        },
        { product: 'DIS005', quantityInSalesUnitOrdered: '1' },
      ],
    });
    const { salesInvoice } = await ok('POST', '/sales-invoices', { salesDelivery: delivery });
    const data = await query<{
      x3Sales: { salesOrder: { read: { lines: Edges<unknown> } }; salesInvoice: { read: { lines: Edges<unknown> } } };
    }>(`{ x3Sales {
      salesOrder { read(_id: "${salesOrder}") { lines { query { edges { node { ${DIMENSIONS} } } } } } }
      salesInvoice { read(_id: "${salesInvoice}") { lines { query { edges { node { ${DIMENSIONS} } } } } } } } }`);
    const expected = [
      {
        dimensionType1: 'DEPT',
        analyticalDimension1: 'SALES',
        dimensionType2: 'PROJECT',
        analyticalDimension2: 'P100',
        dimensionType3: '',
        analyticalDimension3: '',
      },
      {
        dimensionType1: 'DEPT',
        analyticalDimension1: '',
        dimensionType2: 'PROJECT',
        analyticalDimension2: '',
        dimensionType3: '',
        analyticalDimension3: '',
      },
    ];
    expect(nodes(data.x3Sales.salesOrder.read.lines)).toEqual(expected);
    expect(nodes(data.x3Sales.salesInvoice.read.lines)).toEqual(expected);
  });

  it('refuses an unknown or inactive dimension, and a value at a position without a dimension type', async () => {
    const invoice = (dimensions: Record<string, string>) =>
      control(sandbox.url, folder, 'POST', '/sales-invoices', {
        salesSite: 'FR011',
        billToCustomer: 'FR001',
        lines: [{ product: 'DIS004', quantityInSalesUnitInvoiced: '1', ...dimensions }],
      });
    const message = async (dimensions: Record<string, string>) => JSON.stringify((await invoice(dimensions)).body);
    expect(await message({ analyticalDimension1: 'NOPE' })).toContain(
      'dimension NOPE (CCE) does not exist for type DEPT',
    );
    expect(await message({ analyticalDimension2: 'OLD01' })).toContain('dimension OLD01 (CCE) is inactive');
    expect(await message({ analyticalDimension3: 'X' })).toContain('no dimension type at position 3');
  });

  it("rates a foreign-currency payment at its own accounting date: amount in ledger currency = amount x CHGRAT, rounded to the ledger's decimals", async () => {
    await ok('POST', '/exchange-rates', {
      currency: 'EUR',
      destinationCurrency: 'GBP',
      rateType: 'dailyRate',
      startDate: '2026-12-01',
      rate: '0.8611',
    });
    const { salesInvoice } = await ok('POST', '/sales-invoices', {
      salesSite: 'GB011',
      billToCustomer: 'ES001',
      currency: 'EUR',
      accountingDate: '2026-11-20',
      post: true,
      lines: [{ product: 'GBCHILD01', quantityInSalesUnitInvoiced: '3', netPrice: '333.33', taxCode: 'GBZ' }],
    });
    const { payment } = await ok('POST', '/payments', {
      businessPartnerType: 'customer',
      businessPartner: 'ES001',
      site: 'GB011',
      currency: 'EUR',
      accountingDate: '2026-12-03',
      lines: [{ document: salesInvoice, amount: '999.99' }],
    });
    const data = await query<{ x3FinanceData: { payment: { read: Record<string, unknown> } } }>(
      `{ x3FinanceData { payment { read(_id: "${payment}") { currency { _id } amount rateType exchangeRate amountInLedgerCurrency } } } }`,
    );
    // 999.99 x 0.8611 = 861.091389 -> 861.09 GBP (the invoice was 853.59 GBP at 0.8536: X3's exchange difference).
    expect(data.x3FinanceData.payment.read).toEqual({
      currency: { _id: 'EUR' },
      amount: '999.99',
      rateType: 'dailyRate',
      exchangeRate: '0.8611',
      amountInLedgerCurrency: '861.09',
    });
  });

  it('gives supplier invoices a price basis, a rate and a footer per tax code, as sales invoices have', async () => {
    const created = await query<{ x3Purchasing: { purchaseInvoice: { create: Record<string, unknown> } } }>(
      `mutation ($data: PurchaseInvoice_Input!) { x3Purchasing { purchaseInvoice { create(data: $data) {
        priceBasis rateType exchangeRate totalAmountExcludingTax totalTaxAmount totalAmountIncludingTax
        lines { query { edges { node { lineAmountExcludingTax lineAmountIncludingTax dimensionType1 analyticalDimension1 } } } }
        taxes { query { edges { node { taxCode { _id } taxRate taxBase taxAmount } } } } } } } }`,
      {
        data: {
          site: 'GB011',
          billBySupplier: 'FR053',
          currency: 'EUR',
          priceBasis: 'includingTax',
          accountingDate: '2026-11-06',
          lines: [
            { product: 'GBCHILD01', quantityInPurchaseUnitInvoiced: '1', netPrice: '120.00', taxCode: 'GBS' },
            {
              product: 'GBBOOK01',
              quantityInPurchaseUnitInvoiced: '4',
              netPrice: '9.99',
              taxCode: 'GBR',
              analyticalDimension1: 'OPS',
            },
          ],
        },
      },
    );
    const invoice = created.x3Purchasing.purchaseInvoice.create;
    // Inclusive prices: GBS 120.00 holds 20.00 tax (120 x 20/120); GBR 39.96 holds 1.90 (39.96 x 5/105 = 1.9029).
    expect(invoice).toMatchObject({
      priceBasis: 'includingTax',
      rateType: 'dailyRate',
      exchangeRate: '0.8536',
      totalAmountExcludingTax: '138.06',
      totalTaxAmount: '21.9',
      totalAmountIncludingTax: '159.96',
    });
    expect(nodes(invoice.lines as Edges<unknown>)).toEqual([
      {
        lineAmountExcludingTax: '100',
        lineAmountIncludingTax: '120',
        dimensionType1: 'DEPT',
        analyticalDimension1: '',
      },
      {
        lineAmountExcludingTax: '38.06',
        lineAmountIncludingTax: '39.96',
        dimensionType1: 'DEPT',
        analyticalDimension1: 'OPS',
      },
    ]);
    expect(nodes(invoice.taxes as Edges<unknown>)).toEqual([
      { taxCode: { _id: 'GBS' }, taxRate: '20', taxBase: '100', taxAmount: '20' },
      { taxCode: { _id: 'GBR' }, taxRate: '5', taxBase: '38.06', taxAmount: '1.9' },
    ]);
  });

  it('keeps dimensions on journal lines and converts them at the entry rate', async () => {
    const created = await query<{ x3FinanceData: { journalEntry: { create: Record<string, unknown> } } }>(
      `mutation ($data: JournalEntry_Input!) { x3FinanceData { journalEntry { create(data: $data) {
        currency { _id } exchangeRate
        lines { query { edges { node { sense amountInCurrency amountInLedgerCurrency ${DIMENSIONS} } } } } } } } }`,
      {
        data: {
          entryType: 'ODG',
          company: 'FR10',
          accountingDate: '2026-11-15',
          currency: 'USD',
          lines: [
            {
              account: '607000',
              sense: 'debit',
              amountInCurrency: '1000.00',
              analyticalDimension1: 'OPS',
              analyticalDimension2: 'P200',
            },
            { account: '512000', sense: 'credit', amountInCurrency: '1000.00' },
          ],
        },
      },
    );
    const entry = created.x3FinanceData.journalEntry.create;
    expect(entry).toMatchObject({ currency: { _id: 'USD' }, exchangeRate: '0.923967' });
    expect(nodes(entry.lines as Edges<unknown>)).toEqual([
      {
        sense: 'debit',
        amountInCurrency: '1000',
        amountInLedgerCurrency: '923.97',
        dimensionType1: 'DEPT',
        analyticalDimension1: 'OPS',
        dimensionType2: 'PROJECT',
        analyticalDimension2: 'P200',
        dimensionType3: '',
        analyticalDimension3: '',
      },
      {
        sense: 'credit',
        amountInCurrency: '1000',
        amountInLedgerCurrency: '923.97',
        dimensionType1: 'DEPT',
        analyticalDimension1: '',
        dimensionType2: 'PROJECT',
        analyticalDimension2: '',
        dimensionType3: '',
        analyticalDimension3: '',
      },
    ]);
  });

  it("resolves a line's product reference with the product's accounting code and tax level", async () => {
    const data = await query<{
      x3Sales: { salesInvoice: { query: { edges: Array<{ node: { lines: Edges<unknown> } }> } } };
    }>(
      `{ x3Sales { salesInvoice { query(first: 1, filter: "{billToCustomer:{_id:'ES001'}, salesSite:{_id:'GB011'}}", orderBy: "{_id:1}") {
        edges { node { lines { query { edges { node { product { _id code accountingCode taxLevel } } } } } } } } } } }`,
    );
    expect(nodes(data.x3Sales.salesInvoice.query.edges[0].node.lines)).toEqual([
      { product: { _id: 'GBCHILD01', code: 'GBCHILD01', accountingCode: 'FINPRODUCT', taxLevel: 'RED' } },
      { product: { _id: 'GBBOOK01', code: 'GBBOOK01', accountingCode: 'FINPRODUCT', taxLevel: 'EXO' } },
    ]);
  });
});
