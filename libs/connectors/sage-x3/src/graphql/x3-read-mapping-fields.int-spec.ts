/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, collect, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { X3Transport } from '../x3-transport';
import { X3Record } from './x3-record';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** What the mapping reads per document (see FIELDS-READ.md), proven against the sandbox's values. */
describe('X3 reads what the mapping needs: rates, price basis, footer taxes, dimensions, product accounting codes', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings);
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });

  async function ok(method: string, path: string, body?: unknown): Promise<Record<string, string>> {
    const res = await fx.control(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, string>;
  }

  it("reads a foreign-currency invoice's rate (GB10 in EUR), its footer taxes and each line's product accounting code", async () => {
    const [invoice] = await collect(
      x3.list('salesInvoice', { filter: "{billToCustomer:{_id:'ES001'}, salesSite:{_id:'GB011'}}" }),
    );
    expect(invoice).toMatchObject({
      company: 'GB10',
      currency: 'EUR',
      priceBasis: 'excludingTax',
      rateType: 'dailyRate',
      exchangeRate: '0.8536', // seeded EUR -> GBP daily rate: GBP per EUR, X3's CHGRAT direction
      totalAmountExcludingTax: '1965',
      totalTaxAmount: '0',
      status: 'posted',
    });
    expect(invoice.taxes).toEqual([
      expect.objectContaining({ taxCode: 'GBZ', taxRate: '0', taxBase: '1965', taxAmount: '0' }),
    ]);
    expect(
      invoice.lines!.map((l) => [l.product, l.productAccountingCode, l.productTaxLevel, l.grossPrice, l.discount]),
    ).toEqual([
      ['GBCHILD01', 'FINPRODUCT', 'RED', '139', '0'],
      ['GBBOOK01', 'FINPRODUCT', 'EXO', '11.5', '0'],
    ]);
    for (const line of invoice.lines!) {
      expect(line._updateStamp).toMatch(ISO_INSTANT);
      expect(line._createStamp).toMatch(ISO_INSTANT);
    }
  });

  it('reads an inclusive-price invoice and its credit memo: price basis, discounts, footer tax as X3 rounded it, dimensions', async () => {
    const { salesInvoice } = await ok('POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      priceBasis: 'includingTax',
      accountingDate: '2026-11-18',
      lines: [
        {
          product: 'NZFOOD01',
          quantityInSalesUnitInvoiced: '3',
          grossPrice: '19.99',
          discount: '10',
          taxCode: 'NZS',
          analyticalDimension1: 'SALES',
          analyticalDimension2: 'P100',
        },
        { product: 'DIS004', quantityInSalesUnitInvoiced: '1', grossPrice: '899.00', taxCode: 'NZS' },
      ],
    });
    const invoice = await x3.get('salesInvoice', salesInvoice);
    // 3 x 17.991 = 53.973 -> 53.97 incl.; footer: 952.97 x 15/115 = 124.3004 -> 124.30 tax on 828.67.
    expect(invoice).toMatchObject({
      currency: 'NZD',
      priceBasis: 'includingTax',
      rateType: 'dailyRate',
      exchangeRate: '1',
      totalAmountExcludingTax: '828.67',
      totalTaxAmount: '124.3',
      totalAmountIncludingTax: '952.97',
    });
    expect(invoice.taxes).toEqual([
      expect.objectContaining({ taxCode: 'NZS', taxRate: '15', taxBase: '828.67', taxAmount: '124.3' }),
    ]);
    expect(invoice.lines![0]).toMatchObject({
      product: 'NZFOOD01',
      productAccountingCode: 'FINPRODUCT',
      productTaxLevel: 'NOR',
      grossPrice: '19.99',
      discount: '10',
      netPrice: '17.991',
      lineAmountIncludingTax: '53.97',
      lineAmountExcludingTax: '46.93',
      dimensionType1: 'DEPT',
      analyticalDimension1: 'SALES',
      dimensionType2: 'PROJECT',
      analyticalDimension2: 'P100',
      analyticalDimension3: '',
    });
    expect(invoice.lines![1]).toMatchObject({
      product: 'DIS004',
      productAccountingCode: 'DISPRODUCT',
      analyticalDimension1: '',
    });

    const { salesInvoice: memo } = await ok('POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      invoiceType: 'creditMemo',
      originalInvoice: salesInvoice,
      priceBasis: 'includingTax',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: '19.99', taxCode: 'NZS' }],
    });
    const credit = await x3.get('salesInvoice', memo);
    // 19.99 x 15/115 = 2.6074 -> 2.61 tax.
    expect(credit).toMatchObject({
      invoiceType: 'creditMemo',
      originalInvoice: salesInvoice,
      priceBasis: 'includingTax',
      exchangeRate: '1',
      totalTaxAmount: '2.61',
    });
    expect(credit.taxes).toEqual([
      expect.objectContaining({ taxCode: 'NZS', taxRate: '15', taxBase: '17.38', taxAmount: '2.61' }),
    ]);
  });

  it("reads a sales order's price basis, rate and line dimensions (seeded NZ order)", async () => {
    const [order] = await collect(x3.list('salesOrder', { filter: "{customerOrderReference:'NZ001-1103'}" }));
    expect(order).toMatchObject({ priceBasis: 'includingTax', rateType: 'dailyRate', exchangeRate: '1' });
    expect(
      order.lines!.map((l) => [
        l.productAccountingCode,
        l.dimensionType1,
        l.analyticalDimension1,
        l.analyticalDimension2,
      ]),
    ).toEqual([
      ['FINPRODUCT', 'DEPT', 'SALES', ''],
      ['FINPRODUCT', 'DEPT', 'SALES', 'P200'],
    ]);
  });

  it("reads a foreign-currency payment's own rate and its amount in the ledger currency", async () => {
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
    const read = await x3.get('payment', payment);
    // 999.99 EUR x 0.8611 = 861.091389 -> 861.09 GBP.
    expect(read).toMatchObject({
      company: 'GB10',
      currency: 'EUR',
      amount: '999.99',
      rateType: 'dailyRate',
      exchangeRate: '0.8611',
      amountInLedgerCurrency: '861.09',
    });
    expect(read.lines).toEqual([expect.objectContaining({ document: salesInvoice, amount: '999.99' })]);
  });

  it('reads a purchase invoice with its price basis, rate and footer taxes', async () => {
    const created = await x3.create('purchaseInvoice', {
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
    });
    const invoice = await x3.get('purchaseInvoice', created._id);
    expect(invoice).toMatchObject({
      company: 'GB10',
      currency: 'EUR',
      priceBasis: 'includingTax',
      rateType: 'dailyRate',
      exchangeRate: '0.8536',
      totalAmountExcludingTax: '138.06',
      totalTaxAmount: '21.9',
      totalAmountIncludingTax: '159.96',
    });
    expect(invoice.taxes!).toEqual([
      expect.objectContaining({ taxCode: 'GBS', taxRate: '20', taxBase: '100', taxAmount: '20' }),
      expect.objectContaining({ taxCode: 'GBR', taxRate: '5', taxBase: '38.06', taxAmount: '1.9' }),
    ]);
    // With one item per nested page, the footer pages through `read` like the lines do.
    const onePerPage = createX3Transport(fx.settings, { linePageSize: 1 });
    const paged = await onePerPage.get('purchaseInvoice', created._id);
    onePerPage.close();
    expect(paged.taxes).toEqual(invoice.taxes);
    expect(paged.lines).toEqual(invoice.lines);
    expect(
      invoice.lines!.map((l) => [l.productAccountingCode, l.lineAmountIncludingTax, l.analyticalDimension1]),
    ).toEqual([
      ['FINPRODUCT', '120', ''],
      ['FINPRODUCT', '39.96', 'OPS'],
    ]);
  });

  it('reads journals with their rate, ledger amounts and line dimensions', async () => {
    const [fees] = await collect(x3.list('journalEntry', { filter: "{description:'Bank fees November'}" }));
    expect(fees).toMatchObject({ currency: 'EUR', exchangeRate: '1' });
    expect(fees.lines![0]).toMatchObject({
      account: '607000',
      amountInLedgerCurrency: '12.35',
      dimensionType1: 'DEPT',
      analyticalDimension1: 'ADMIN',
      dimensionType2: 'PROJECT',
      analyticalDimension2: 'P100',
    });

    const usd = await x3.create('journalEntry', {
      entryType: 'ODG',
      company: 'FR10',
      accountingDate: '2026-11-15',
      currency: 'USD',
      lines: [
        { account: '607000', sense: 'debit', amountInCurrency: '1000.00', analyticalDimension1: 'OPS' },
        { account: '512000', sense: 'credit', amountInCurrency: '1000.00' },
      ],
    });
    const entry = await x3.get('journalEntry', usd._id);
    expect(entry).toMatchObject({ currency: 'USD', exchangeRate: '0.923967' });
    expect(
      entry.lines!.map((l: X3Record) => [l.amountInCurrency, l.amountInLedgerCurrency, l.analyticalDimension1]),
    ).toEqual([
      ['1000', '923.97', 'OPS'],
      ['1000', '923.97', ''],
    ]);
  });

  it("reads the folder's dimension types and dimensions, and a product's accounting code and tax level", async () => {
    const types = await collect(x3.list('dimensionType'));
    expect(types.map((t) => [t._id, t.position])).toEqual([
      ['DEPT', 1],
      ['PROJECT', 2],
    ]);
    const dimensions = await collect(x3.list('dimension', { filter: "{dimensionType:{_id:'DEPT'}}" }));
    expect(dimensions.map((d) => [d.dimensionType, d.code, d.isActive])).toEqual([
      ['DEPT', 'ADMIN', true],
      ['DEPT', 'OPS', true],
      ['DEPT', 'SALES', true],
    ]);
    expect(await x3.get('product', 'GBCHILD01')).toMatchObject({ accountingCode: 'FINPRODUCT', taxLevel: 'RED' });
  });
});
