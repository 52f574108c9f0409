/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { X3_ENTITIES } from './x3-entities';

describe('test connection', () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx?.close());

  it('lists the groups, the types the connector uses, companies and record counts', async () => {
    const x3 = createX3Transport(fx.settings);
    const report = await x3.testConnection();
    x3.close();
    expect(report.ok).toBe(true);
    expect(report.error).toBeUndefined();
    expect(report.groups).toEqual(
      expect.arrayContaining(['x3MasterData', 'x3Sales', 'x3Purchasing', 'x3Stock', 'x3FinanceData']),
    );
    expect(report.missingTypes).toEqual([]);
    expect(report.types).toEqual(Object.values(X3_ENTITIES).map((s) => s.typeName));
    expect(report.companies).toEqual([
      { code: 'AU10', name: 'SEED AUSTRALIA', currency: 'AUD' },
      { code: 'FR10', name: 'SEED FRANCE', currency: 'EUR' },
      { code: 'GB10', name: 'SEED UK', currency: 'GBP' },
      { code: 'NZ10', name: 'SEED NEW ZEALAND', currency: 'NZD' },
      { code: 'PT10', name: 'SEED PORTUGAL', currency: 'EUR' },
      { code: 'US10', name: 'SEED USA', currency: 'USD' },
    ]);
    expect(report.counts).toMatchObject({ customer: 21, supplier: 6, purchaseOrder: 5, company: 6 });
    expect(report.counts!.salesOrder).toBeGreaterThanOrEqual(5);
  });
});
