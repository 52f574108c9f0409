/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
// A payment's GL entry (domain/payment-posting.ts), read through X3's API like the VEN and ACH
// entries: bank journal BNK, type REC or PAY, the bank at the payment's own rate against the
// partner's collective account at each document's rate, the difference a realised exchange gain
// or loss (GBR 4900 / 7900); a credit memo applied within a receipt and an advance as X3 books them.
import Decimal from 'decimal.js';
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

type Json = Record<string, unknown>;
type Line = [account: string, sense: string, amountInCurrency: string, amountInLedgerCurrency: string];
const cents = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const ledger = (amount: Decimal.Value, rate: Decimal.Value) =>
  new Decimal(amount).mul(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

describe('X3 sandbox: a payment posts its GL entry (bank journal)', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  async function query(q: string): Promise<Json> {
    const { body } = (await gql(sandbox.url, folder, q)) as { body: { data?: Json; errors?: unknown } };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  /** The GL entries whose reference is `reference`: header and lines (account, sense, AMTCUR, AMTLED). */
  async function entries(reference: string): Promise<Array<{ header: Json; lines: Line[] }>> {
    const data =
      await query(`{ x3FinanceData { journalEntry { query(filter: "{reference:'${reference}'}") { edges { node {
      entryType journal status category currency { _id } exchangeRate accountingDate
      lines { query { edges { node { account { _id } sense amountInCurrency amountInLedgerCurrency businessPartner } } } } } } } } } }`);
    const edges = (data.x3FinanceData as { journalEntry: { query: { edges: Array<{ node: Json }> } } }).journalEntry
      .query.edges;
    return edges.map(({ node }) => {
      const { lines, ...header } = node as Json & { lines: { query: { edges: Array<{ node: Json }> } } };
      return {
        header,
        lines: lines.query.edges.map(({ node: l }) => [
          String((l.account as Json)._id),
          String(l.sense),
          cents(String(l.amountInCurrency)),
          cents(String(l.amountInLedgerCurrency)),
        ]),
      };
    });
  }

  /** Debits equal credits in the ledger currency. */
  function balanced(lines: Line[]): void {
    const side = (sense: string) => lines.filter((l) => l[1] === sense).reduce((s, l) => s.plus(l[3]), new Decimal(0));
    expect(side('debit').toFixed(2)).toBe(side('credit').toFixed(2));
  }

  /** A posted GB011 document of ES001 (EUR, zero-rated) and its rate and receivable line as its VEN entry booked it. */
  async function salesDocument(netPrice: string, invoiceType = 'invoice') {
    const res = await control(sandbox.url, folder, 'POST', '/sales-invoices', {
      invoiceType,
      salesSite: 'GB011',
      billToCustomer: 'ES001',
      currency: 'EUR',
      post: true,
      lines: [{ product: 'GBCHILD01', quantityInSalesUnitInvoiced: '1', netPrice, taxCode: 'GBZ' }],
    });
    expect(res.status).toBe(201);
    const id = (res.body as { salesInvoice: string }).salesInvoice;
    const [posted] = await entries(id);
    return { id, rate: String(posted.header.exchangeRate), receivable: posted.lines[0] };
  }

  async function pay(data: Json): Promise<{ status: number; id: string; body: Json }> {
    const res = await control(sandbox.url, folder, 'POST', '/payments', {
      site: 'GB011',
      paymentMethod: 'TRF',
      ...data,
    });
    return { status: res.status, id: (res.body as { payment: string }).payment, body: res.body as Json };
  }

  const receipt = (lines: Json[], exchangeRate?: string) =>
    pay({ businessPartnerType: 'customer', businessPartner: 'ES001', currency: 'EUR', lines, exchangeRate });

  it('a EUR receipt at a better rate than its invoice: bank at the receipt rate, receivable at the invoice rate, the gain to 4900', async () => {
    const invoice = await salesDocument('100.00');
    expect(new Decimal(invoice.rate).lt('0.9')).toBe(true); // the folder's EUR→GBP rate, below the receipt's
    const paid = await receipt([{ document: invoice.id, amount: '100.00' }], '0.9');
    expect(paid.status).toBe(201);
    const [entry, ...more] = await entries(paid.id);
    expect(more).toEqual([]);
    expect(entry.header).toMatchObject({
      entryType: 'REC',
      journal: 'BNK',
      status: 'final',
      category: 'actual',
      currency: { _id: 'EUR' },
      exchangeRate: '0.9',
    });
    const receivable = invoice.receivable[3]; // what the invoice booked there: the receipt clears it all
    const gain = new Decimal('90.00').minus(receivable).toFixed(2);
    expect(entry.lines).toEqual([
      ['1100', 'credit', '100.00', receivable],
      ['1200', 'debit', '100.00', '90.00'],
      ['4900', 'credit', '0.00', gain],
    ]);
    balanced(entry.lines);
  });

  it('two part receipts at two rates clear exactly what the invoice booked on the receivable; a receipt at the invoice rate has no exchange line', async () => {
    const invoice = await salesDocument('33.33');
    const first = await receipt([{ document: invoice.id, amount: '10.01' }], invoice.rate);
    const [atInvoiceRate] = await entries(first.id);
    const firstPart = ledger('10.01', invoice.rate).toFixed(2);
    expect(atInvoiceRate.lines).toEqual([
      ['1100', 'credit', '10.01', firstPart],
      ['1200', 'debit', '10.01', firstPart],
    ]);
    const second = await receipt([{ document: invoice.id, amount: '23.32' }], '0.7');
    const [atLowerRate] = await entries(second.id);
    const rest = new Decimal(invoice.receivable[3]).minus(firstPart).toFixed(2);
    const bank = ledger('23.32', '0.7').toFixed(2);
    expect(atLowerRate.lines).toEqual([
      ['1100', 'credit', '23.32', rest],
      ['1200', 'debit', '23.32', bank],
      ['7900', 'debit', '0.00', new Decimal(rest).minus(bank).toFixed(2)], // less received than booked: a loss
    ]);
    balanced(atLowerRate.lines);
  });

  it("a credit memo applied within a receipt nets on the receivable at each document's rate", async () => {
    const invoice = await salesDocument('100.00');
    const memo = await salesDocument('30.00', 'creditMemo');
    const paid = await receipt(
      [
        { document: invoice.id, amount: '100.00' },
        { document: memo.id, amount: '-30.00' },
      ],
      '0.8',
    );
    expect(paid.status).toBe(201);
    const [entry] = await entries(paid.id);
    const net = new Decimal(invoice.receivable[3]).minus(memo.receivable[3]);
    const difference = new Decimal('56.00').minus(net);
    expect(entry.lines.slice(0, 2)).toEqual([
      ['1100', 'credit', '70.00', net.toFixed(2)],
      ['1200', 'debit', '70.00', '56.00'],
    ]);
    if (!difference.isZero())
      expect(entry.lines[2]).toEqual([
        difference.isPositive() ? '4900' : '7900',
        difference.isPositive() ? 'credit' : 'debit',
        '0.00',
        difference.abs().toFixed(2),
      ]);
    balanced(entry.lines);
  });

  it('an advance (a line on no document) is on the receivable at the receipt rate, with no exchange difference', async () => {
    const paid = await receipt([{ amount: '25.00' }], '0.85');
    const [entry] = await entries(paid.id);
    expect(entry.lines).toEqual([
      ['1100', 'credit', '25.00', '21.25'],
      ['1200', 'debit', '25.00', '21.25'],
    ]);
    balanced(entry.lines);
  });

  it('a supplier pay-out (PAY) debits the payable at the bill rate and credits the bank; paying more in GBP than booked is a loss (7900)', async () => {
    const { body } = (await gql(
      sandbox.url,
      folder,
      `mutation ($data: PurchaseInvoice_Input!) { x3Purchasing { purchaseInvoice { create(data: $data) { _id } } } }`,
      {
        data: {
          site: 'GB011',
          billBySupplier: 'FR053',
          currency: 'EUR',
          exchangeRate: '0.8',
          supplierDocumentNumber: `PL-${Date.now()}`,
          lines: [{ product: 'GBCHILD01', quantityInPurchaseUnitInvoiced: '1', netPrice: '50.00', taxCode: 'GBZ' }],
        },
      },
    )) as { body: { data: { x3Purchasing: { purchaseInvoice: { create: { _id: string } } } } } };
    const bill = body.data.x3Purchasing.purchaseInvoice.create._id;
    await gql(
      sandbox.url,
      folder,
      `mutation ($id: Id!) { x3Purchasing { purchaseInvoice { validate(_id: $id) { _id } } } }`,
      {
        id: bill,
      },
    );
    const paid = await pay({
      businessPartnerType: 'supplier',
      businessPartner: 'FR053',
      currency: 'EUR',
      exchangeRate: '0.82',
      lines: [{ document: bill, amount: '50.00' }],
    });
    expect(paid.status).toBe(201);
    const [entry] = await entries(paid.id);
    expect(entry.header).toMatchObject({ entryType: 'PAY', journal: 'BNK' });
    expect(entry.lines).toEqual([
      ['2100', 'debit', '50.00', '40.00'],
      ['1200', 'credit', '50.00', '41.00'],
      ['7900', 'debit', '0.00', '1.00'],
    ]);
    balanced(entry.lines);
  });

  it('a refused payment posts nothing', async () => {
    const invoice = await salesDocument('10.00');
    const bankEntries = async () => {
      const data = await query(
        `{ x3FinanceData { journalEntry { query(first: 1000, filter: "{journal:'BNK'}") { edges { node { _id } } } } } }`,
      );
      return (data.x3FinanceData as { journalEntry: { query: { edges: unknown[] } } }).journalEntry.query.edges.length;
    };
    const before = await bankEntries();
    const over = await receipt([{ document: invoice.id, amount: '10.01' }], '0.9');
    expect(over.status).toBe(422);
    expect(JSON.stringify(over.body)).toMatch(/exceeds the open balance/);
    expect(await bankEntries()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});
