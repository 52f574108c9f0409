/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, collect, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { X3ValidationError } from '../errors/x3-errors';
import { X3Transport } from '../x3-transport';
import { readByIds } from '../read-by-ids';

describe('X3 streaming reads', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings, { linePageSize: 10 });
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });

  it('pages 1,000+ customers with cursors, each exactly once', async () => {
    const bulk = await fx.control('POST', '/bulk/customers', { count: 1100 });
    expect(bulk.status).toBe(201);
    const all = await collect(x3.list('customer', { pageSize: 250 }));
    const ids = all.map((c) => c._id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(1100 + 21);
    expect(ids).toContain('BLKC001100');
    expect(ids).toEqual([...ids].sort());
  });

  it("reads an order's 25 lines through nested line pages", async () => {
    const [order] = await collect(x3.list('salesOrder', { filter: "{customerOrderReference:'LIS-BIG-25'}" }));
    expect(order.lines).toHaveLength(25);
    expect(order.lines!.map((l) => l.lineNumber)).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) * 1000));
    const direct = await x3.get('salesOrder', order._id);
    expect(direct.lines).toHaveLength(25);
    expect(direct.lines![24]).toMatchObject({ product: 'DIS025', quantityInSalesUnitOrdered: '25' });
  });

  it('filters with X3 operators, including on references and _updateStamp', async () => {
    const au = await collect(x3.list('customer', { filter: "{_id:{_regex:'^AU00[1-3]$'}}" }));
    expect(au.map((c) => c._id)).toEqual(['AU001', 'AU002', 'AU003']);
    const eur = await collect(
      x3.list('customer', {
        filter: "[{currency:{_id:{_in:['EUR','GBP']}}},{_not:{companyName:{_regex:'^bulk',_options:'i'}}}]",
      }),
    );
    expect(eur.map((c) => c._id).sort()).toEqual(['ES001', 'FR001', 'FR002', 'GB001', 'PT001', 'SPA01', 'UTFR001']);
    const future = await collect(x3.list('customer', { filter: "{_updateStamp:{_gt:'2999-01-01T00:00:00Z'}}" }));
    expect(future).toEqual([]);
    const either = await collect(
      x3.list('salesOrder', { filter: "{_or:[{deliveryStatus:'delivered'},{deliveryStatus:'partlyDelivered'}]}" }),
    );
    expect(either.length).toBe(3);
  });

  it('reads records by key, 50 to a call, as `get` returns them; keys X3 lacks are absent', async () => {
    const [big] = await collect(x3.list('salesOrder', { filter: "{customerOrderReference:'LIS-BIG-25'}" }));
    const orders = await readByIds(x3, 'salesOrder', [big._id, 'NO-SUCH-ORDER', "O'QUOTE"]);
    expect([...orders.keys()]).toEqual([big._id]);
    expect(orders.get(big._id)).toEqual(await x3.get('salesOrder', big._id)); // its 25 lines paged in
    // 120 of the 1,100 bulk customers of the first case: three calls
    const keys = Array.from({ length: 120 }, (_, i) => `BLKC${String(i + 1).padStart(6, '0')}`);
    const customers = await readByIds(x3, 'customer', [...keys, 'AU001', 'AU001']);
    expect(customers.size).toBe(121);
    expect(customers.get('AU001')).toEqual(await x3.get('customer', 'AU001'));
  });

  it('refuses operators and properties it does not understand, with the X3 message', async () => {
    await expect(collect(x3.list('customer', { filter: "{companyName:{_like:'%Dubai%'}}" }))).rejects.toThrow(
      X3ValidationError,
    );
    await expect(collect(x3.list('customer', { filter: "{companyName:{_like:'%Dubai%'}}" }))).rejects.toThrow(
      /unknown operator '_like'/,
    );
    await expect(collect(x3.list('customer', { filter: "{colour:'blue'}" }))).rejects.toThrow(
      /unknown property 'colour'/,
    );
    await expect(collect(x3.list('customer', { filter: '{companyName:' }))).rejects.toThrow(/Invalid filter/);
    await expect(collect(x3.list('salesOrder', { filter: "{orderStatus:'pending'}" }))).rejects.toThrow(
      /one of open, closed/,
    );
  });

  it('scopes documents to the companies of the connection', async () => {
    const us = createX3Transport({ ...fx.settings, companies: ['US10'] });
    const orders = await collect(us.list('salesOrder'));
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.company === 'US10' && o.currency === 'USD')).toBe(true);
    us.close();
  });
});
