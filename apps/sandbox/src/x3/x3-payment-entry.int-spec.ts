/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
// Payments entered through X3's API (the GraphQL create mutation), as a connector enters a
// payment made elsewhere: at the rate its bank applied when one is given, matched to the open item
// of the document it pays, refused above the open amount or on another partner's document; a
// refund of a credit memo goes the other way (a supplier's receipt, a pay-out to a customer).
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';
import Decimal from 'decimal.js';

type Json = Record<string, unknown>;
/** X3 answers decimals as their shortest text ('40' for 40.00): compared to the cent. */
const cents = (v: unknown) => new Decimal(String(v)).toFixed(2);

describe('X3 sandbox: payment entry through the API', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  async function invoice(currency: string, netPrice: string): Promise<string> {
    const res = await control(sandbox.url, folder, 'POST', '/sales-invoices', {
      salesSite: 'GB011',
      billToCustomer: 'ES001',
      currency,
      post: true,
      lines: [{ product: 'GBCHILD01', quantityInSalesUnitInvoiced: '1', netPrice, taxCode: 'GBZ' }],
    });
    if (res.status >= 300) throw new Error(`invoice: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { salesInvoice: string }).salesInvoice;
  }

  /** The create mutation: the payment as X3 answers it, or X3's messages. */
  async function create(data: Json): Promise<{ payment?: Json; errors?: string[] }> {
    const { body } = (await gql(
      sandbox.url,
      folder,
      `mutation ($data: Payment_Input!) { x3FinanceData { payment { create(data: $data) {
        _id businessPartnerType sense currency { _id } amount exchangeRate amountInLedgerCurrency reference
        lines { query { edges { node { document amount } } } } } } } }`,
      { data },
    )) as { body: { data?: { x3FinanceData: { payment: { create: Json } } }; errors?: Array<{ message: string }> } };
    if (body.errors) return { errors: body.errors.map((e) => e.message) };
    return { payment: body.data!.x3FinanceData.payment.create };
  }

  async function paidAmount(id: string): Promise<string> {
    const { body } = (await gql(
      sandbox.url,
      folder,
      `{ x3Sales { salesInvoice { read(_id: "${id}") { totalAmountIncludingTax paidAmount } } } }`,
    )) as { body: { data: { x3Sales: { salesInvoice: { read: { paidAmount: string } } } } } };
    return body.data.x3Sales.salesInvoice.read.paidAmount;
  }

  const receipt = (document: string, amount: string, extra: Json = {}) => ({
    businessPartnerType: 'customer',
    businessPartner: 'ES001',
    site: 'GB011',
    reference: 'xero-payment-1',
    lines: [{ document, amount }],
    ...extra,
  });

  it('enters a foreign-currency receipt at the rate given with it (ledger amount = amount x CHGRAT) and reduces the open item', async () => {
    const id = await invoice('EUR', '100.00');
    const { payment, errors } = await create(receipt(id, '40.00', { currency: 'EUR', exchangeRate: '0.85' }));
    expect(errors).toBeUndefined();
    expect(payment).toMatchObject({
      businessPartnerType: 'customer',
      sense: 'revenue',
      currency: { _id: 'EUR' },
      exchangeRate: '0.85',
      reference: 'xero-payment-1',
    });
    expect([cents(payment?.amount), cents(payment?.amountInLedgerCurrency)]).toEqual(['40.00', '34.00']);
    expect(cents(await paidAmount(id))).toBe('40.00');
  });

  it('ignores a rate given with a payment in the ledger currency (always 1)', async () => {
    const id = await invoice('GBP', '50.00');
    const { payment } = await create(receipt(id, '50.00', { currency: 'GBP', exchangeRate: '2' }));
    expect(payment?.exchangeRate).toBe('1');
    expect([cents(payment?.amount), cents(payment?.amountInLedgerCurrency)]).toEqual(['50.00', '50.00']);
  });

  it("refuses a line above the document's open amount, and a document of another partner", async () => {
    const id = await invoice('EUR', '100.00');
    expect((await create(receipt(id, '60.00', { currency: 'EUR' }))).errors).toBeUndefined();
    const over = await create(receipt(id, '40.01', { currency: 'EUR' }));
    expect(over.errors?.join(' ')).toMatch(/amount 40\.01 exceeds the open balance 40\b/);
    const other = await create(receipt(id, '1.00', { currency: 'EUR', businessPartner: 'FR001' }));
    expect(other.errors?.join(' ')).toMatch(/belongs to ES001/);
    expect(cents(await paidAmount(id))).toBe('60.00');
  });

  /** A supplier credit memo (PINVOICE, INVTYP credit memo) of FR053 on GB011: 50.00 without tax. */
  async function supplierCreditMemo(): Promise<string> {
    const { body } = (await gql(
      sandbox.url,
      folder,
      `mutation ($data: PurchaseInvoice_Input!) { x3Purchasing { purchaseInvoice { create(data: $data) { _id } } } }`,
      {
        data: {
          invoiceType: 'creditMemo',
          site: 'GB011',
          billBySupplier: 'FR053',
          currency: 'EUR',
          supplierDocumentNumber: `CN-${Date.now()}`,
          lines: [{ product: 'GBCHILD01', quantityInPurchaseUnitInvoiced: '1', netPrice: '50.00', taxCode: 'GBZ' }],
        },
      },
    )) as { body: { data: { x3Purchasing: { purchaseInvoice: { create: { _id: string } } } } } };
    return body.data.x3Purchasing.purchaseInvoice.create._id;
  }

  it("a supplier's refund of its credit memo is a supplier receipt (SNS revenue) that reduces the memo's open item; a pay-out on it, or a pay-out on a customer invoice, is refused", async () => {
    const memo = await supplierCreditMemo();
    const refund = (amount: string, extra: Json = {}) =>
      create({
        businessPartnerType: 'supplier',
        businessPartner: 'FR053',
        site: 'GB011',
        currency: 'EUR',
        sense: 'revenue',
        lines: [{ document: memo, amount }],
        ...extra,
      });
    const payOut = await refund('10.00', { sense: undefined });
    expect(payOut.errors?.join(' ')).toMatch(/supplier credit memo is settled by a receipt \(SNS revenue\)/);
    const { payment, errors } = await refund('20.00');
    expect(errors).toBeUndefined();
    expect(payment).toMatchObject({ businessPartnerType: 'supplier', sense: 'revenue' });
    expect(cents(payment?.amount)).toBe('20.00');
    expect((await refund('30.01')).errors?.join(' ')).toMatch(/amount 30\.01 exceeds the open balance 30\b/);
    const { body } = (await gql(
      sandbox.url,
      folder,
      `{ x3Purchasing { purchaseInvoice { read(_id: "${memo}") { totalAmountIncludingTax paidAmount } } } }`,
    )) as { body: { data: { x3Purchasing: { purchaseInvoice: { read: Json } } } } };
    expect(cents(body.data.x3Purchasing.purchaseInvoice.read.paidAmount)).toBe('20.00');
    const receiptOnInvoice = await create(receipt(await invoice('EUR', '10.00'), '1.00', { sense: 'expense' }));
    expect(receiptOnInvoice.errors?.join(' ')).toMatch(/customer invoice is settled by a receipt/);
  });

  /** A posted customer credit memo of ES001 (SINVOICE, INVTYP credit memo): `netPrice` without tax. */
  async function customerCreditMemo(netPrice: string): Promise<string> {
    const res = await control(sandbox.url, folder, 'POST', '/sales-invoices', {
      invoiceType: 'creditMemo',
      salesSite: 'GB011',
      billToCustomer: 'ES001',
      currency: 'EUR',
      post: true,
      lines: [{ product: 'GBCHILD01', quantityInSalesUnitInvoiced: '1', netPrice, taxCode: 'GBZ' }],
    });
    if (res.status >= 300) throw new Error(`credit memo: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { salesInvoice: string }).salesInvoice;
  }

  it("a customer's credit memo applied within their receipt is a negative line: the receipt's amount is the cash, both open items close", async () => {
    const id = await invoice('EUR', '100.00');
    const memo = await customerCreditMemo('30.00');
    const positive = await create(
      receipt(id, '100.00', { currency: 'EUR', lines: [{ document: memo, amount: '30.00' }] }),
    );
    expect(positive.errors?.join(' ')).toMatch(/customer credit memo is settled by a pay-out/);
    const negativeInvoice = await create(receipt(id, '-1.00', { currency: 'EUR' }));
    expect(negativeInvoice.errors?.join(' ')).toMatch(/only a credit memo applied within the payment is negative/);
    const allCredit = await create(
      receipt(id, '', {
        currency: 'EUR',
        lines: [
          { document: id, amount: '10.00' },
          { document: memo, amount: '-10.00' },
        ],
      }),
    );
    expect(allCredit.errors?.join(' ')).toMatch(/amount 0 must be positive/);
    const { payment, errors } = await create(
      receipt(id, '', {
        currency: 'EUR',
        lines: [
          { document: id, amount: '100.00' },
          { document: memo, amount: '-30.00' },
        ],
      }),
    );
    expect(errors).toBeUndefined();
    expect(payment).toMatchObject({ businessPartnerType: 'customer', sense: 'revenue' });
    expect(cents(payment?.amount)).toBe('70.00');
    const lines = (payment?.lines as { query: { edges: Array<{ node: Json }> } }).query.edges.map((e) => [
      e.node.document,
      cents(e.node.amount),
    ]);
    expect(lines).toEqual([
      [id, '100.00'],
      [memo, '-30.00'],
    ]);
    expect([cents(await paidAmount(id)), cents(await paidAmount(memo))]).toEqual(['100.00', '30.00']);
  });
});
