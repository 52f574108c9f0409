/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
// The bulk ledger control routes (control/bulk-ledger.ts): bills, payments and journal entries in
// volume, made through the business code, read back through X3's own API.
import Decimal from 'decimal.js';
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { gql } from './testing/x3-test-client';

type Json = Record<string, unknown>;

describe('X3 sandbox bulk bills, payments and journal entries (sync volume)', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  const read = async (query: string): Promise<Json> => {
    const { body } = (await gql(sandbox.url, folder, query)) as { body: { data: Json; errors?: unknown } };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  it('makes new suppliers and validated bills billed by them in turn', async () => {
    const made = await control(sandbox.url, folder, 'POST', '/bulk/purchase-invoices', {
      site: 'NZ011',
      suppliers: 2,
      bills: 3,
    });
    expect(made.status).toBe(201);
    const { suppliers, bills } = made.body as { suppliers: string[]; bills: string[] };
    expect(suppliers).toEqual(['BSNZ000001', 'BSNZ000002']);
    expect(bills).toHaveLength(3);
    const data = await read(
      `{ x3Purchasing { purchaseInvoice { query(first: 10, filter: "{billBySupplier: {_in: ['BSNZ000001','BSNZ000002']}}") {
          edges { node { _id status billBySupplier { _id } totalAmountIncludingTax } } } } } }`,
    );
    const nodes = (
      data.x3Purchasing as Json as { purchaseInvoice: { query: { edges: Array<{ node: Json }> } } }
    ).purchaseInvoice.query.edges.map((e) => e.node);
    expect(nodes.map((n) => n._id).sort()).toEqual([...bills].sort());
    expect(nodes.every((n) => n.status === 'validated' && new Decimal(String(n.totalAmountIncludingTax)).gt(0))).toBe(
      true,
    );
    expect(nodes.filter((n) => (n.billBySupplier as Json)._id === 'BSNZ000001')).toHaveLength(2);
    expect((await control(sandbox.url, folder, 'POST', '/bulk/purchase-invoices', { bills: 1 })).status).toBe(400);
  });

  it('pays given invoices whole, by a share of the open balance or by an amount, and says what stays open', async () => {
    const inv = await control(sandbox.url, folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 1,
      invoices: 2,
    });
    const [a, b] = inv.body.invoices as string[];
    const made = await control(sandbox.url, folder, 'POST', '/bulk/payments', {
      site: 'NZ011',
      payments: [
        { lines: [{ document: a, share: '0.5' }, { document: b }] },
        { lines: [{ document: a, amount: '1.00' }] },
      ],
    });
    expect(made.status).toBe(201);
    const { payments, open } = made.body as {
      payments: Array<{ id: string; lines: Array<{ document: string; amount: string }> }>;
      open: Record<string, string>;
    };
    expect(payments).toHaveLength(2);
    const totalOf = async (id: string) => {
      const d = await read(
        `{ x3Sales { salesInvoice { read(_id: "${id}") { totalAmountIncludingTax paidAmount } } } }`,
      );
      return (d.x3Sales as { salesInvoice: { read: { totalAmountIncludingTax: string; paidAmount: string } } })
        .salesInvoice.read;
    };
    const [ta, tb] = [await totalOf(a), await totalOf(b)];
    const half = new Decimal(ta.totalAmountIncludingTax).div(2).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(payments[0].lines).toEqual([
      { document: a, amount: half.toFixed(2) },
      { document: b, amount: new Decimal(tb.totalAmountIncludingTax).toFixed(2) },
    ]);
    const openA = new Decimal(ta.totalAmountIncludingTax).minus(half).minus(1);
    expect(new Decimal(open[a]).eq(openA)).toBe(true);
    expect(new Decimal(open[b]).isZero()).toBe(true);
    expect(new Decimal(ta.paidAmount).eq(half.plus(1))).toBe(true);

    const over = await control(sandbox.url, folder, 'POST', '/bulk/payments', {
      payments: [{ lines: [{ document: a, amount: openA.plus('0.01').toFixed(2) }] }],
    });
    expect(over.status).toBe(422); // X3 refuses more than the open balance, and nothing of the call is kept
  });

  it('makes balanced final journal entries', async () => {
    const made = await control(sandbox.url, folder, 'POST', '/bulk/journal-entries', {
      company: 'NZ10',
      entries: 3,
      accounts: { debit: '090', credit: ['200', '820'] },
    });
    expect(made.status).toBe(201);
    const entries = made.body.entries as string[];
    expect(entries).toHaveLength(3);
    for (const id of entries) {
      const d = await read(
        `{ x3FinanceData { journalEntry { read(_id: "${id}") { status category
            lines { query { edges { node { account { _id } sense amountInCurrency } } } } } } } }`,
      );
      const entry = (d.x3FinanceData as { journalEntry: { read: Json } }).journalEntry.read;
      expect(entry).toMatchObject({ status: 'final', category: 'actual' });
      const lines = (entry.lines as { query: { edges: Array<{ node: Json }> } }).query.edges.map((e) => e.node);
      expect(lines.map((l) => (l.account as Json)._id)).toEqual(['090', '200', '820']);
      const signed = lines.map((l) => new Decimal(String(l.amountInCurrency)).times(l.sense === 'debit' ? 1 : -1));
      expect(signed.reduce((s, v) => s.plus(v), new Decimal(0)).isZero()).toBe(true);
    }
    expect(
      (await control(sandbox.url, folder, 'POST', '/bulk/journal-entries', { entries: 1, accounts: { debit: '090' } }))
        .status,
    ).toBe(400);
  });
});
