import type { Account, Product, TaxCode } from '../../canonical';
import { accountXeroAdapter, productXeroAdapter, stockLevelXeroAdapter, taxCodeXeroAdapter } from './catalogue';
import { XeroAdapterError } from './xero-adapter-error';

const ctx = { baseCurrency: 'NZD' };

describe('items, accounts, tax rates, stock', () => {
  const product: Product = {
    entity: 'product',
    key: 'BMS001',
    name: 'Bolt M6 stainless',
    isActive: true,
    isSold: true,
    isPurchased: false,
    salesPrice: '0.12345',
    purchasePrice: '0.05',
  };

  it('writes a product as an Item (Code ≤ 30, prices to 4 places, only the sides it is on)', () => {
    expect(productXeroAdapter.toXero(product, ctx)).toEqual({
      code: 'BMS001',
      name: 'Bolt M6 stainless',
      isSold: true,
      isPurchased: false,
      salesDetails: { unitPrice: 0.1235 },
    });
    expect(() => productXeroAdapter.toXero({ ...product, key: 'P'.repeat(31) }, ctx)).toThrow(/Xero allows 30/);
    const longName = { ...product, name: 'N'.repeat(60) };
    expect(productXeroAdapter.toXero(longName, ctx)).toMatchObject({
      name: 'N'.repeat(50),
      description: 'N'.repeat(60),
    });
  });

  it('reads an Item with its tracked flag', () => {
    expect(
      productXeroAdapter.fromXero(
        {
          code: 'BMS001',
          itemID: 'i-1',
          name: 'Bolt',
          isTrackedAsInventory: true,
          salesDetails: { unitPrice: 0.1235 },
        },
        ctx,
      ),
    ).toEqual({
      entity: 'product',
      key: 'BMS001',
      name: 'Bolt',
      isActive: true,
      isSold: true,
      isPurchased: true,
      isTracked: true,
      salesPrice: '0.1235',
      origin: { system: 'xero', key: 'i-1' },
    });
  });

  it('maps accounts both ways; a debtors/creditors system account is a control account', () => {
    const account: Account = { entity: 'account', code: '200', name: 'Sales', accountClass: 'revenue', isActive: true };
    expect(accountXeroAdapter.toXero(account, ctx)).toEqual({
      code: '200',
      name: 'Sales',
      type: 'REVENUE',
      status: 'ACTIVE',
    });
    expect(accountXeroAdapter.toXero({ ...account, sourceType: 'SALES' }, ctx)).toMatchObject({ type: 'SALES' });
    expect(() => accountXeroAdapter.toXero({ ...account, code: '12345678901' }, ctx)).toThrow(XeroAdapterError);
    expect(
      accountXeroAdapter.fromXero(
        {
          accountID: 'a-1',
          code: '610',
          name: 'AR',
          type: 'CURRENT',
          _class: 'ASSET',
          systemAccount: 'DEBTORS',
          status: 'ACTIVE',
        },
        ctx,
      ),
    ).toEqual({
      entity: 'account',
      code: '610',
      name: 'AR',
      accountClass: 'asset',
      sourceType: 'CURRENT',
      isControlAccount: true,
      isActive: true,
      origin: { system: 'xero', key: 'a-1' },
    });
  });

  it('maps a tax code to a one-component TaxRate and reads the effective rate back', () => {
    const tax: TaxCode = { entity: 'taxCode', code: 'OUTPUT2', name: 'GST on Income', rate: '15', isActive: true };
    const x = taxCodeXeroAdapter.toXero(tax, ctx);
    expect(x).toEqual({
      name: 'GST on Income',
      taxType: 'OUTPUT2',
      status: 'ACTIVE',
      taxComponents: [{ name: 'GST on Income', rate: 15, isCompound: false }],
    });
    expect(taxCodeXeroAdapter.fromXero(x, ctx)).toEqual({ ...tax, origin: { system: 'xero', key: 'OUTPUT2' } });
    expect(taxCodeXeroAdapter.fromXero({ ...x, effectiveRate: 15.5 }, ctx).rate).toBe('15.5');
  });

  it('reads stock from a tracked item and refuses to write it (QuantityOnHand is read-only)', () => {
    const level = stockLevelXeroAdapter.fromXero({ code: 'BMS001', quantityOnHand: 40, totalCostPool: 50 }, ctx);
    expect(level).toEqual({
      entity: 'stockLevel',
      productKey: 'BMS001',
      site: 'xero',
      onHand: '40',
      allocated: '0',
      averageCost: '1.25',
      origin: { system: 'xero', key: 'BMS001' },
    });
    const write = () => stockLevelXeroAdapter.toXero(level, ctx);
    expect(write).toThrow(/read-only/);
  });
});
