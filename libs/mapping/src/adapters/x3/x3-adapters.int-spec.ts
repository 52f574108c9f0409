/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
// The X3 adapters on real records: every entity read from the X3 sandbox through the connector
// converts without error, with values checked against the seed; documents written back through
// toX3 are accepted by X3 and come back with the same totals.
import Decimal from 'decimal.js';
import { SandboxFixture, collect, startFixture } from '../../../../connectors/sage-x3/src/testing/sandbox-fixture';
import { createX3Transport } from '../../../../connectors/sage-x3/src/x3-transport.factory';
import type { X3Transport } from '../../../../connectors/sage-x3/src/x3-transport';
import type { X3EntityName } from '../../../../connectors/sage-x3/src/graphql/x3-entities';
import type { X3Record } from '../../../../connectors/sage-x3/src/graphql/x3-record';
import type { CanonicalEntity, CanonicalRecord } from '../../canonical';
import type { AdapterContext } from '../adapter-contract';
import { X3_ADAPTERS } from './x3-adapters';
import { purchaseInvoiceEntityOf } from './x3-purchase-invoice';
import { salesInvoiceEntityOf } from './x3-sales-invoice';

describe('X3 adapters on records read from the X3 sandbox', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  /** Company (CPY) → its accounting currency, read from X3. */
  const ledgerCurrency = new Map<string, string>();
  /** Site (FCY) → company. */
  const siteCompany = new Map<string, string>();
  const read = new Map<CanonicalEntity, CanonicalRecord[]>();

  const ctxOf = (record: X3Record): AdapterContext => {
    const company = (record.company as string) ?? siteCompany.get(record.site as string) ?? 'FR10';
    return { baseCurrency: ledgerCurrency.get(company) ?? 'EUR', x3Company: company };
  };
  const all = <E extends CanonicalEntity>(entity: E) =>
    (read.get(entity) ?? []) as Array<Extract<CanonicalRecord, { entity: E }>>;

  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings);
    for (const c of await collect(x3.list('company'))) ledgerCurrency.set(c._id, c.accountingCurrency as string);
    for (const s of await collect(x3.list('site'))) siteCompany.set(s._id, s.legalCompany as string);
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });

  const SOURCES: Array<[CanonicalEntity, X3EntityName, (r: X3Record) => boolean]> = [
    ['customer', 'customer', () => true],
    ['supplier', 'supplier', () => true],
    ['product', 'product', () => true],
    ['account', 'account', () => true],
    ['taxCode', 'taxCode', () => true],
    ['stockLevel', 'stock', () => true],
    ['salesOrder', 'salesOrder', () => true],
    ['shipment', 'salesDelivery', () => true],
    ['invoice', 'salesInvoice', (r) => salesInvoiceEntityOf(r) === 'invoice'],
    ['creditNote', 'salesInvoice', (r) => salesInvoiceEntityOf(r) === 'creditNote'],
    ['creditNote', 'purchaseInvoice', (r) => purchaseInvoiceEntityOf(r) === 'creditNote'],
    ['bill', 'purchaseInvoice', (r) => purchaseInvoiceEntityOf(r) === 'bill'],
    ['payment', 'payment', () => true],
    ['journal', 'journalEntry', () => true],
  ];

  it('converts every record of every entity without error', async () => {
    for (const [entity, node, take] of SOURCES) {
      const adapter = X3_ADAPTERS[entity];
      expect(adapter.x3Entity === node || entity === 'creditNote').toBe(true);
      const records = (await collect(x3.list(node))).filter(take);
      const converted = records.map((r) => adapter.fromX3(r, ctxOf(r)));
      read.set(entity, [...(read.get(entity) ?? []), ...converted]);
    }
    for (const entity of Object.keys(X3_ADAPTERS) as CanonicalEntity[])
      expect({ entity, count: all(entity).length > 0 }).toEqual({ entity, count: true });
    // Every decimal is plain text: no exponent, no float artefacts.
    expect(JSON.stringify([...read.values()])).not.toMatch(/\d[eE][+-]?\d|\.\d*0000000\d/);
  });

  it('reads master data as the seed made it', () => {
    expect(all('customer').find((c) => c.key === 'FR002')).toMatchObject({
      name: 'Lyon Électronique',
      currency: 'EUR',
      taxRule: 'FRA',
      creditLimit: '50000',
      email: 'accounts@fr002.example',
      addresses: [expect.objectContaining({ kind: 'billing', code: 'MAIN', country: 'FR', isDefault: true })],
    });
    expect(all('supplier').find((s) => s.key === 'CN001')).toMatchObject({
      name: 'Shenzhen Components Co',
      currency: 'EUR',
      taxRule: 'EXP',
    });
    expect(all('product').find((p) => p.key === 'FIN003')).toMatchObject({
      salesPrice: '1249.5',
      accountingCode: 'FINPRODUCT',
      taxLevel: 'NOR',
    });
    expect(all('taxCode').find((t) => t.code === 'FRN')).toMatchObject({ rate: '20', isActive: true });
    expect(all('account').find((a) => a.code === '411000')).toMatchObject({
      accountClass: 'asset',
      isControlAccount: true,
    });
    expect(all('stockLevel').find((s) => s.productKey === 'DIS007' && s.site === 'FR011')).toMatchObject({
      onHand: '500',
    });
  });

  it('reads documents with their totals, footer taxes per code, rates and links', () => {
    const order = all('salesOrder').find((o) => o.customerOrderReference === 'LY-5531')!;
    expect(order).toMatchObject({
      partyKey: 'FR002',
      status: 'authorised',
      sourceStatus: 'closed',
      priceBasis: 'exclusive',
    });
    const shipment = all('shipment').find((s) => s.orderKey === order.key)!;
    expect(shipment).toMatchObject({ isValidated: true, isInvoiced: true });
    const invoice = all('invoice').find((i) => i.key === shipment.invoiceKey)!;
    expect(invoice).toMatchObject({
      partyKey: 'FR002',
      status: 'authorised',
      amountDue: '0.00',
      orderKeys: [order.key],
    });
    expect(invoice.totals.total).toBe(order.totals.total);
    for (const doc of [...all('invoice'), ...all('creditNote'), ...all('bill')]) {
      // Line taxes add up per tax code to X3's footer, and the footer to the document's tax.
      for (const footer of doc.taxes ?? []) {
        const lines = doc.lines.filter((l) => l.taxCode === footer.taxCode);
        const sum = lines.reduce((s, l) => s.plus(l.taxAmount!), new Decimal(0));
        expect({ doc: doc.key, code: footer.taxCode, tax: sum.toFixed(2) }).toEqual({
          doc: doc.key,
          code: footer.taxCode,
          tax: new Decimal(footer.amount).toFixed(2),
        });
      }
      const lineTax = doc.lines.reduce((s, l) => s.plus(l.taxAmount ?? 0), new Decimal(0));
      if (doc.lines.every((l) => l.taxAmount !== undefined)) expect(lineTax.eq(doc.totals.totalTax)).toBe(true);
    }
    const inclusive = all('invoice').find((i) => i.priceBasis === 'inclusive' && i.currency === 'NZD');
    expect(inclusive).toBeDefined();
    const euroInGbp = all('invoice').find((i) => i.currency === 'EUR' && i.exchangeRate?.baseCurrency === 'GBP')!;
    expect(euroInGbp.exchangeRate!.rate).toBe('0.8536');
    expect(euroInGbp.baseTotal).toBe(new Decimal(euroInGbp.totals.total).mul('0.8536').toDecimalPlaces(2).toFixed(2));
    const credit = all('creditNote').find((c) => c.side === 'sales' && c.partyKey === 'FR002')!;
    expect(credit).toMatchObject({ originalInvoiceKey: invoice.key, status: 'draft' });
    const bill = all('bill').find((b) => b.supplierReference === 'SZ-88412')!;
    expect(bill).toMatchObject({ partyKey: 'CN001', totals: { total: '82.50' } });
    expect(bill.lines[0]).toMatchObject({ quantity: '20', unitPrice: '4.125', lineAmount: '82.50' });
    const paid = all('payment').find((p) => p.allocations.some((a) => a.documentKey === bill.key))!;
    expect(paid).toMatchObject({ direction: 'paid', partyKey: 'CN001', amount: '82.50', status: 'authorised' });
    const journal = all('journal').find((j) => j.description === 'Bank fees November')!;
    expect(journal.lines.map((l) => [l.accountCode, l.amount])).toEqual([
      ['607000', '12.35'],
      ['512000', '-12.35'],
    ]);
  });

  it('writes documents back through toX3: X3 accepts them and values them to the same totals', async () => {
    const ctx = (companyCurrency: string, site: string): AdapterContext => ({
      baseCurrency: companyCurrency,
      x3Site: site,
    });
    const inclusive = all('invoice').find((i) => i.priceBasis === 'inclusive' && i.currency === 'NZD')!;
    const created = await x3.create('salesInvoice', X3_ADAPTERS.invoice.toX3!(inclusive, ctx('NZD', 'NZ011')));
    const again = X3_ADAPTERS.invoice.fromX3(created, ctx('NZD', 'NZ011'));
    expect(again).toMatchObject({ priceBasis: 'inclusive', partyKey: inclusive.partyKey, totals: inclusive.totals });
    expect(again.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual(
      inclusive.lines.map((l) => [l.lineAmount, l.taxAmount]),
    );

    const bill = all('bill').find((b) => b.supplierReference === 'SZ-88412')!;
    const createdBill = await x3.create(
      'purchaseInvoice',
      X3_ADAPTERS.bill.toX3!({ ...bill, supplierReference: 'SZ-88412-B' }, ctx('EUR', 'FR011')),
    );
    expect(X3_ADAPTERS.bill.fromX3(createdBill, ctx('EUR', 'FR011'))).toMatchObject({
      supplierReference: 'SZ-88412-B',
      totals: bill.totals,
    });

    const customer = all('customer').find((c) => c.key === 'FR002')!;
    const createdCustomer = await x3.create(
      'customer',
      X3_ADAPTERS.customer.toX3!({ ...customer, key: 'LBX3AD01' }, ctx('EUR', 'FR011')),
    );
    expect(X3_ADAPTERS.customer.fromX3(createdCustomer, ctx('EUR', 'FR011'))).toMatchObject({
      key: 'LBX3AD01',
      name: customer.name,
      currency: 'EUR',
      creditLimit: '50000',
    });

    const journal = all('journal').find((j) => j.description === 'Bank fees November')!;
    const createdJournal = await x3.create(
      'journalEntry',
      X3_ADAPTERS.journal.toX3!(journal, { baseCurrency: 'EUR', x3Company: 'FR10', x3Site: 'FR011' }),
    );
    expect(X3_ADAPTERS.journal.fromX3(createdJournal, ctx('EUR', 'FR011')).lines.map((l) => l.amount)).toEqual([
      '12.35',
      '-12.35',
    ]);
  });
});
