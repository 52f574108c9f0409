/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import Decimal from 'decimal.js';
import { SandboxFixture, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { X3NotFoundError, X3ValidationError } from '../errors/x3-errors';
import { X3Transport } from '../x3-transport';

describe('X3 writes through the connector', () => {
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

  it('creates and updates a customer, bumping _updateStamp', async () => {
    const created = await x3.create('customer', {
      code: 'LB0001',
      companyName: 'Ledgerbridge Test SARL',
      currency: 'EUR',
      taxRule: 'FRA',
      paymentTerm: 'FRTAC60',
    });
    expect(created).toMatchObject({ _id: 'LB0001', code: 'LB0001', isActive: true, currency: 'EUR' });
    await new Promise((r) => setTimeout(r, 1100)); // stamps have one-second resolution
    const updated = await x3.update('customer', 'LB0001', {
      companyName: 'Ledgerbridge Test SAS',
      creditLimit: '12500.75',
    });
    expect(updated).toMatchObject({ companyName: 'Ledgerbridge Test SAS', creditLimit: '12500.75' });
    expect(Date.parse(updated._updateStamp)).toBeGreaterThan(Date.parse(created._updateStamp));
    expect(updated._createStamp).toBe(created._createStamp);
  });

  it("surfaces X3's validation message and not-found", async () => {
    await expect(x3.create('customer', { code: 'LB0002', companyName: 'No currency' })).rejects.toThrow(
      X3ValidationError,
    );
    await expect(x3.get('salesOrder', 'NOPE0001')).rejects.toThrow(X3NotFoundError);
  });

  it('reads "does not exist" as not-found only for the record itself, never for one it names', async () => {
    const refused = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e,
      );
    // Another record missing (the currency, the order's customer): a refusal, not a deletion.
    const badCurrency = await refused(
      x3.create('customer', { code: 'LB0002', companyName: 'Bad currency', currency: 'XXX' }),
    );
    expect(badCurrency).toBeInstanceOf(X3ValidationError);
    expect(badCurrency).toMatchObject({ messages: ['Currency (CUR) XXX: record does not exist'] });
    const unknownCustomer = await refused(
      x3.create('salesOrder', {
        salesSite: 'FR011',
        soldToCustomer: 'NOPE99',
        lines: [{ product: 'FIN001', quantityInSalesUnitOrdered: '1', grossPrice: '10' }],
      }),
    );
    expect(unknownCustomer).toBeInstanceOf(X3ValidationError);
    expect(unknownCustomer).not.toBeInstanceOf(X3NotFoundError);
    expect((unknownCustomer as Error).message).toMatch(/NOPE99.*does not exist/);
    await expect(x3.update('customer', 'FR001', { currency: 'XXX' })).rejects.toThrow(X3ValidationError);
    // The record's own key: not-found.
    await expect(x3.update('customer', 'NOPE0001', { companyName: 'Gone' })).rejects.toThrow(X3NotFoundError);
    await expect(x3.runAction('salesInvoice', 'post', 'NOPE0001')).rejects.toThrow(X3NotFoundError);
  });

  it('keeps decimals exact end to end', async () => {
    const lines = [
      { product: 'DIS005', quantityInSalesUnitOrdered: '3.333', grossPrice: '1234.5678' },
      { product: 'DIS006', quantityInSalesUnitOrdered: '0.1', grossPrice: '0.2', discount: '12.5' },
      { product: 'FIN001', quantityInSalesUnitOrdered: '7', grossPrice: '19.99' },
    ];
    const order = await x3.create('salesOrder', { salesSite: 'FR011', soldToCustomer: 'FR001', lines });
    let excl = new Decimal(0);
    let incl = new Decimal(0);
    for (const [i, input] of lines.entries()) {
      const net = new Decimal(input.grossPrice).mul(new Decimal(100).minus(input.discount ?? 0)).div(100);
      const lineExcl = net.mul(input.quantityInSalesUnitOrdered).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const lineIncl = lineExcl.plus(lineExcl.mul('0.2').toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
      expect(order.lines![i]).toMatchObject({
        netPrice: net.toFixed(),
        lineAmountExcludingTax: lineExcl.toFixed(2),
        lineAmountIncludingTax: lineIncl.toFixed(2),
      });
      excl = excl.plus(lineExcl);
      incl = incl.plus(lineIncl);
    }
    expect(order.lines![0].lineAmountExcludingTax).toBe('4114.81'); // 3.333 x 1234.5678 = 4114.8144774
    expect(order.totalAmountExcludingTax).toBe(excl.toFixed(2));
    expect(order.totalAmountIncludingTax).toBe(incl.toFixed(2));
  });

  it('a validated delivery moves the order status and the stock', async () => {
    const stockBefore = await x3.get('stock', 'DIS007|FR011');
    const order = await x3.create('salesOrder', {
      salesSite: 'FR011',
      soldToCustomer: 'UTFR001',
      lines: [
        { product: 'DIS007', quantityInSalesUnitOrdered: '10' },
        { product: 'DIS008', quantityInSalesUnitOrdered: '4' },
      ],
    });
    expect(order).toMatchObject({
      orderStatus: 'open',
      deliveryStatus: 'notDelivered',
      invoicingStatus: 'notInvoiced',
    });
    const delivery = await x3.create('salesDelivery', {
      salesOrder: order._id,
      lines: [{ salesOrderLine: 1000, quantityInSalesUnitDelivered: '6.5' }],
    });
    expect(delivery.isValidated).toBe(false);
    expect((await x3.get('salesOrder', order._id)).deliveryStatus).toBe('notDelivered');
    const validated = await x3.runAction('salesDelivery', 'validate', delivery._id);
    expect(validated.isValidated).toBe(true);
    const partly = await x3.get('salesOrder', order._id);
    expect(partly.deliveryStatus).toBe('partlyDelivered');
    expect(partly.lines![0].quantityInSalesUnitDelivered).toBe('6.5');
    const stockAfter = await x3.get('stock', 'DIS007|FR011');
    expect(new Decimal(stockBefore.physicalStock as string).minus(stockAfter.physicalStock as string).toFixed()).toBe(
      '6.5',
    );
    await expect(
      x3.create('salesDelivery', {
        salesOrder: order._id,
        lines: [{ salesOrderLine: 1000, quantityInSalesUnitDelivered: '4' }],
      }),
    ).rejects.toThrow(/exceeds the remaining 3.5/);

    const rest = await x3.create('salesDelivery', { salesOrder: order._id });
    await x3.runAction('salesDelivery', 'validate', rest._id);
    const invoice = await x3.create('salesInvoice', { salesDelivery: rest._id });
    const posted = await x3.runAction('salesInvoice', 'post', invoice._id);
    expect(posted.status).toBe('posted');
    const done = await x3.get('salesOrder', order._id);
    expect(done).toMatchObject({ deliveryStatus: 'delivered', invoicingStatus: 'partlyInvoiced', orderStatus: 'open' });
  });

  it('records a payment linked to the invoice it settles', async () => {
    const ship = await fx.control('POST', '/sales-orders', {
      salesSite: 'US011',
      soldToCustomer: 'US002',
      ship: true,
      lines: [{ product: 'FIN001', quantityInSalesUnitOrdered: '2', grossPrice: '199.99' }],
    });
    expect(ship.status).toBe(201);
    const inv = await fx.control('POST', '/sales-invoices', { salesDelivery: ship.body.delivery, post: true });
    const invoice = await x3.get('salesInvoice', inv.body.salesInvoice);
    expect(invoice).toMatchObject({
      currency: 'USD',
      company: 'US10',
      totalAmountExcludingTax: '399.98',
      totalAmountIncludingTax: '432.98',
      status: 'posted',
    });
    const payment = await x3.create('payment', {
      businessPartnerType: 'customer',
      businessPartner: 'US002',
      site: 'US011',
      lines: [{ document: invoice._id, amount: '432.98' }],
    });
    expect(payment).toMatchObject({
      amount: '432.98',
      sense: 'revenue',
      currency: 'USD',
      lines: [{ document: invoice._id, amount: '432.98' }],
    });
    expect((await x3.get('salesInvoice', invoice._id)).paidAmount).toBe('432.98');
    expect((await x3.get('salesOrder', ship.body.salesOrder)).orderStatus).toBe('closed');
  });
});
