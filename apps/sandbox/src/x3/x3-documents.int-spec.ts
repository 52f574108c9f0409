/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import Decimal from 'decimal.js';
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';
import { untilSecondAfter } from './testing/x3-clock';

interface JournalNode {
  currency: { _id: string };
  entryType?: string;
  status?: string;
  exchangeRate: string;
  lines: { query: { edges: Array<{ node: Record<string, string> }> } };
}

interface Gql {
  data?: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  errors?: Array<{ message: string }>;
}

describe('X3 sandbox documents: line stamps, price basis, exchange rates, footer tax, invoice discounts', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  async function read<T>(group: string, node: string, id: string, selection: string): Promise<T> {
    const { body } = (await gql(
      sandbox.url,
      folder,
      `{ ${group} { ${node} { read(_id: "${id}") { ${selection} } } } }`,
    )) as {
      body: Gql;
    };
    expect(body.errors).toBeUndefined();
    return body.data![group][node].read as T;
  }

  async function ok(method: string, path: string, body?: unknown): Promise<Record<string, string>> {
    const res = await control(sandbox.url, folder, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, string>;
  }

  it("changes an order line without moving the order's stamp, as X3's line tables do, and the line's stamp finds it", async () => {
    const { salesOrder } = await ok('POST', '/sales-orders', {
      salesSite: 'FR011',
      soldToCustomer: 'FR001',
      lines: [
        { product: 'DIS004', quantityInSalesUnitOrdered: '10' },
        { product: 'DIS005', quantityInSalesUnitOrdered: '4' },
      ],
    });
    type Order = { _updateStamp: string; allocationStatus: string; lines: { query: { edges: Array<{ node: Line }> } } };
    type Line = { lineNumber: number; _updateStamp: string; quantityInSalesUnitAllocated: string };
    const selection =
      '_updateStamp allocationStatus lines { query { edges { node { lineNumber _updateStamp quantityInSalesUnitAllocated } } } }';
    const before = await read<Order>('x3Sales', 'salesOrder', salesOrder, selection);
    await untilSecondAfter(before._updateStamp);

    // A first allocation moves the header's allocation status: the header is rewritten.
    await ok('PATCH', `/sales-orders/${salesOrder}/lines/1000`, { quantityInSalesUnitAllocated: '3' });
    const allocated = await read<Order>('x3Sales', 'salesOrder', salesOrder, selection);
    expect(allocated.allocationStatus).toBe('partlyAllocated');
    await untilSecondAfter(allocated._updateStamp);

    // A second allocation on the same line leaves the header as it was: only the line is saved.
    await ok('PATCH', `/sales-orders/${salesOrder}/lines/1000`, { quantityInSalesUnitAllocated: '6' });
    const after = await read<Order>('x3Sales', 'salesOrder', salesOrder, selection);
    expect(after._updateStamp).toBe(allocated._updateStamp);
    const line = after.lines.query.edges[0].node;
    expect(line.quantityInSalesUnitAllocated).toBe('6');
    expect(Date.parse(line._updateStamp)).toBeGreaterThan(Date.parse(after._updateStamp));

    // A poll on the header stamp alone misses it; a filter on the lines' stamps finds it.
    const since = after._updateStamp;
    const found = (await gql(
      sandbox.url,
      folder,
      `{ x3Sales { salesOrder { headers: query(filter: "{_updateStamp:{_gt:'${since}'}}") { edges { node { _id } } }
        byLine: query(filter: "{lines:{_atLeast:1,_updateStamp:{_gt:'${since}'}}}") { edges { node { _id } } } } } }`,
    )) as { body: { data: { x3Sales: { salesOrder: Record<string, { edges: Array<{ node: { _id: string } }> }> } } } };
    const ids = (key: string) => found.body.data.x3Sales.salesOrder[key].edges.map((e) => e.node._id);
    expect(ids('headers')).not.toContain(salesOrder);
    expect(ids('byLine')).toContain(salesOrder);
  });

  it('prices tax-inclusive documents (PRITYP) and rounds tax per tax code on the footer', async () => {
    // NZ GST 15 %, prices including tax: 3 x 19.99 = 59.97 incl., tax 59.97 x 15/115 = 7.822 -> 7.82.
    const { salesOrder } = await ok('POST', '/sales-orders', {
      salesSite: 'NZ011',
      soldToCustomer: 'NZ001',
      priceBasis: 'includingTax',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitOrdered: '3', grossPrice: '19.99' }],
    });
    const order = await read<Record<string, string>>(
      'x3Sales',
      'salesOrder',
      salesOrder,
      'priceBasis totalAmountExcludingTax totalAmountIncludingTax',
    );
    expect(order).toEqual({
      priceBasis: 'includingTax',
      totalAmountExcludingTax: '52.15',
      totalAmountIncludingTax: '59.97',
    });

    // Decimals travel without trailing zeros. Three lines of 0.10 at 15 %: per line 0.015 -> 0.02 each (0.06); X3 taxes the footer base 0.30 -> 0.05.
    const { salesInvoice } = await ok('POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      lines: ['NZFOOD01', 'NZFOOD01', 'NZFOOD01'].map((product) => ({
        product,
        quantityInSalesUnitInvoiced: '1',
        netPrice: '0.10',
        taxCode: 'NZS',
      })),
    });
    const invoice = await read<Record<string, unknown>>(
      'x3Sales',
      'salesInvoice',
      salesInvoice,
      'priceBasis totalAmountExcludingTax totalTaxAmount totalAmountIncludingTax taxes { query { edges { node { taxCode { _id } taxBase taxAmount } } } }',
    );
    expect(invoice).toMatchObject({
      priceBasis: 'excludingTax',
      totalAmountExcludingTax: '0.3',
      totalTaxAmount: '0.05',
      totalAmountIncludingTax: '0.35',
    });
    expect(invoice.taxes).toEqual({
      query: { edges: [{ node: { taxCode: { _id: 'NZS' }, taxBase: '0.3', taxAmount: '0.05' } }] },
    });
  });

  it('carries discounts on invoice lines (gross price, discount, net price)', async () => {
    const { salesInvoice } = await ok('POST', '/sales-invoices', {
      salesSite: 'GB011',
      billToCustomer: 'GB001',
      lines: [
        { product: 'GBCHILD01', quantityInSalesUnitInvoiced: '2', grossPrice: '120.00', discount: '12.5' },
        { product: 'GBBOOK01', quantityInSalesUnitInvoiced: '4', grossPrice: '9.99' },
      ],
    });
    type Line = {
      grossPrice: string;
      discount: string;
      netPrice: string;
      taxCode: { _id: string };
      lineAmountExcludingTax: string;
    };
    const invoice = await read<{ totalTaxAmount: string; lines: { query: { edges: Array<{ node: Line }> } } }>(
      'x3Sales',
      'salesInvoice',
      salesInvoice,
      'totalTaxAmount lines { query { edges { node { grossPrice discount netPrice taxCode { _id } lineAmountExcludingTax } } } }',
    );
    expect(invoice.lines.query.edges.map((e) => e.node)).toEqual([
      { grossPrice: '120', discount: '12.5', netPrice: '105', taxCode: { _id: 'GBR' }, lineAmountExcludingTax: '210' },
      { grossPrice: '9.99', discount: '0', netPrice: '9.99', taxCode: { _id: 'GBZ' }, lineAmountExcludingTax: '39.96' },
    ]);
    expect(invoice.totalTaxAmount).toBe('10.5'); // 5 % of 210.00; books are zero-rated
  });

  it("stamps a foreign-currency document with its rate (CHGTYP, CHGRAT) and posts ledger amounts in the company's currency", async () => {
    await ok('POST', '/exchange-rates', {
      currency: 'EUR',
      destinationCurrency: 'GBP',
      rateType: 'monthlyRate',
      startDate: '2026-06-01',
      rate: '0.8536',
    });
    const { salesInvoice } = await ok('POST', '/sales-invoices', {
      salesSite: 'GB011',
      billToCustomer: 'ES001',
      currency: 'EUR',
      rateType: 'monthlyRate',
      accountingDate: '2026-07-15',
      post: true,
      lines: [{ product: 'GBCHILD01', quantityInSalesUnitInvoiced: '3', netPrice: '333.33', taxCode: 'GBZ' }],
    });
    const invoice = await read<Record<string, string>>(
      'x3Sales',
      'salesInvoice',
      salesInvoice,
      'currency { _id } rateType exchangeRate totalAmountIncludingTax status',
    );
    expect(invoice).toEqual({
      currency: { _id: 'EUR' },
      rateType: 'monthlyRate',
      exchangeRate: '0.8536',
      totalAmountIncludingTax: '999.99',
      status: 'posted',
    });
    const { body } = (await gql(
      sandbox.url,
      folder,
      `{ x3FinanceData { journalEntry { query(filter: "{reference:'${salesInvoice}'}") { edges { node { currency { _id } exchangeRate
        lines { query { edges { node { sense amountInCurrency amountInLedgerCurrency } } } } } } } } } }`,
    )) as {
      body: { data: { x3FinanceData: { journalEntry: { query: { edges: Array<{ node: JournalNode }> } } } } };
    };
    const entry = body.data.x3FinanceData.journalEntry.query.edges[0].node;
    expect(entry.currency).toEqual({ _id: 'EUR' });
    expect(entry.exchangeRate).toBe('0.8536');
    const lines = entry.lines.query.edges.map((e) => e.node);
    expect(lines[0]).toEqual({ sense: 'debit', amountInCurrency: '999.99', amountInLedgerCurrency: '853.59' });
    const ledger = (sense: string) =>
      lines.filter((l) => l.sense === sense).reduce((sum, l) => sum.plus(l.amountInLedgerCurrency), new Decimal(0));
    expect(ledger('debit').toFixed(2)).toBe(ledger('credit').toFixed(2));
  });

  it('validating a supplier invoice posts its ACH entry: purchases and GST debited, the payable credited, in ledger amounts', async () => {
    type Ok = { body: { data?: Record<string, Record<string, Record<string, { _id: string }>>>; errors?: unknown } };
    const gqlOk = async (query: string, variables: Record<string, unknown>) => {
      const res = (await gql(sandbox.url, folder, query, variables)) as Ok;
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.x3Purchasing.purchaseInvoice;
    };
    // a USD bill of an NZ10 supplier: the entry converts at the invoice's rate, the payable takes the sum
    const made = await gqlOk(
      `mutation ($data: PurchaseInvoice_Input!) { x3Purchasing { purchaseInvoice { create(data: $data) { _id } } } }`,
      {
        data: {
          site: 'NZ011',
          billBySupplier: 'NZ002',
          currency: 'USD',
          accountingDate: '2026-11-10',
          lines: [{ product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '13', netPrice: '33.3333' }],
        },
      },
    );
    const id = made.create._id;
    const entries = async () => {
      const { body } = (await gql(
        sandbox.url,
        folder,
        `{ x3FinanceData { journalEntry { query(filter: "{reference:'${id}'}") { edges { node { entryType status exchangeRate
          lines { query { edges { node { account { _id } sense amountInCurrency amountInLedgerCurrency } } } } } } } } } }`,
      )) as { body: { data: { x3FinanceData: { journalEntry: { query: { edges: Array<{ node: JournalNode }> } } } } } };
      return body.data.x3FinanceData.journalEntry.query.edges.map((e) => e.node);
    };
    expect(await entries()).toEqual([]); // a pending supplier invoice is not in the ledger
    await gqlOk(`mutation ($id: Id!) { x3Purchasing { purchaseInvoice { validate(_id: $id) { _id } } } }`, { id });
    const bill = await read<Record<string, string>>(
      'x3Purchasing',
      'purchaseInvoice',
      id,
      'exchangeRate totalAmountExcludingTax totalTaxAmount totalAmountIncludingTax',
    );
    const [entry] = await entries();
    expect([entry.entryType, entry.status, entry.exchangeRate]).toEqual(['ACH', 'final', bill.exchangeRate]);
    const rate = new Decimal(bill.exchangeRate);
    const ledger = (v: string) => rate.mul(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const lines = entry.lines.query.edges.map((e) => e.node);
    expect(lines).toEqual([
      {
        account: { _id: '800' },
        sense: 'credit',
        amountInCurrency: bill.totalAmountIncludingTax,
        amountInLedgerCurrency: ledger(bill.totalAmountExcludingTax).plus(ledger(bill.totalTaxAmount)).toFixed(),
      },
      {
        account: { _id: '310' },
        sense: 'debit',
        amountInCurrency: bill.totalAmountExcludingTax,
        amountInLedgerCurrency: ledger(bill.totalAmountExcludingTax).toFixed(),
      },
      {
        account: { _id: '820' },
        sense: 'debit',
        amountInCurrency: bill.totalTaxAmount,
        amountInLedgerCurrency: ledger(bill.totalTaxAmount).toFixed(),
      },
    ]);
  });
});
