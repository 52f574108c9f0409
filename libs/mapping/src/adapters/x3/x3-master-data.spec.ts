import { X3_ADAPTERS } from './x3-adapters';
import {
  EUR_CTX,
  account411,
  customerFR002,
  productFIN003,
  stockDIS007,
  supplierCN001,
  taxCodeFRN,
} from './testing/x3-fixtures';

const { customer, supplier, product, account, taxCode, stockLevel } = X3_ADAPTERS;

describe('X3 master data adapters', () => {
  it('reads a customer with its addresses, default phone and origin', () => {
    const c = customer.fromX3(customerFR002, EUR_CTX);
    expect(c).toEqual({
      entity: 'customer',
      key: 'FR002',
      name: 'Lyon Électronique',
      isActive: true,
      currency: 'EUR',
      email: 'accounts@fr002.example',
      phone: '+33 4 72 00 00 00',
      paymentTerm: 'FRTAC60',
      taxRule: 'FRA',
      category: 'FRA',
      creditLimit: '50000',
      addresses: [
        {
          kind: 'billing',
          code: 'MAIN',
          line1: '1 Lyon Électronique street',
          city: 'Lyon',
          postalCode: '69002',
          country: 'FR',
          isDefault: true,
        },
        {
          kind: 'delivery',
          code: 'DEPOT',
          line1: '12 rue du Port',
          city: 'Lyon',
          postalCode: '69007',
          country: 'FR',
          isDefault: false,
        },
      ],
      origin: { system: 'x3', key: 'FR002', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
  });

  it('writes a customer back as the X3 create input and reads the same canonical record', () => {
    const c = customer.fromX3(customerFR002, EUR_CTX);
    const input = customer.toX3!(c, EUR_CTX);
    expect(input).toMatchObject({
      code: 'FR002',
      companyName: 'Lyon Électronique',
      currency: 'EUR',
      taxRule: 'FRA',
      paymentTerm: 'FRTAC60',
      creditLimit: '50000',
      defaultAddress: 'MAIN',
    });
    expect(input.addresses).toEqual([
      expect.objectContaining({ code: 'MAIN', isDefault: true, zipCode: '69002' }),
      expect.objectContaining({ code: 'DEPOT', isDefault: false, addressLine1: '12 rue du Port' }),
    ]);
    const again = customer.fromX3({ ...input, addresses: undefined, lines: input.addresses }, EUR_CTX);
    expect({ ...again, phone: c.phone, origin: c.origin }).toEqual(c);
  });

  it('accepts a reference still nested ({ _id }) and a missing optional field', () => {
    const c = customer.fromX3(
      { ...customerFR002, code: { _id: 'FR002' }, currency: { _id: 'EUR' }, creditLimit: '' },
      EUR_CTX,
    );
    expect(c.key).toBe('FR002');
    expect(c.currency).toBe('EUR');
    expect(c).not.toHaveProperty('creditLimit');
  });

  it('reads and writes a supplier', () => {
    const s = supplier.fromX3(supplierCN001, EUR_CTX);
    expect(s).toMatchObject({
      entity: 'supplier',
      key: 'CN001',
      name: 'Shenzhen Components Co',
      currency: 'EUR',
      taxRule: 'EXP',
      isPaymentBlocked: false,
      addresses: [],
    });
    expect(supplier.toX3!(s, EUR_CTX)).toEqual({
      code: 'CN001',
      companyName: 'Shenzhen Components Co',
      isActive: true,
      category: 'STD',
      currency: 'EUR',
      taxRule: 'EXP',
      paymentTerm: 'FRTAC60',
      isPaymentBlocked: false,
    });
  });

  it('reads a product with the accounting code and tax level the lookups key on, and writes it back', () => {
    const p = product.fromX3(productFIN003, EUR_CTX);
    expect(p).toEqual({
      entity: 'product',
      key: 'FIN003',
      name: 'Workstation XL',
      category: 'FIN',
      isActive: true,
      isSold: true,
      isPurchased: false,
      salesUnit: 'UN',
      salesPrice: '1249.5',
      accountingCode: 'FINPRODUCT',
      taxLevel: 'NOR',
      origin: { system: 'x3', key: 'FIN003', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
    expect(product.fromX3({ ...productFIN003, productStatus: 'obsolete' }, EUR_CTX).isActive).toBe(false);
    expect(product.toX3!(p, EUR_CTX)).toEqual({
      code: 'FIN003',
      description1: 'Workstation XL',
      productCategory: 'FIN',
      productStatus: 'active',
      salesUnit: 'UN',
      basePrice: '1249.5',
      accountingCode: 'FINPRODUCT',
      taxLevel: 'NOR',
      isSold: true,
      isPurchased: false,
    });
  });

  it('reads a PCG account as an asset control account, and a tax code with its rate', () => {
    expect(account.fromX3(account411, EUR_CTX)).toEqual({
      entity: 'account',
      code: '411000',
      name: 'Clients',
      accountClass: 'asset',
      sourceType: '4',
      isControlAccount: true,
      isActive: true,
      origin: { system: 'x3', key: '411000', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
    const sales = account.fromX3({ ...account411, code: '707000', description: 'Ventes', classCode: '7' }, EUR_CTX);
    expect(sales).toMatchObject({ accountClass: 'revenue', isControlAccount: false });
    const us = account.fromX3({ ...account411, chartOfAccounts: 'USGAAP', code: '40100', classCode: '4' }, EUR_CTX);
    expect(us).not.toHaveProperty('accountClass');
    expect('toX3' in account).toBe(false);
    expect(taxCode.fromX3(taxCodeFRN, EUR_CTX)).toEqual({
      entity: 'taxCode',
      code: 'FRN',
      name: 'TVA normale 20%',
      rate: '20',
      kind: 'vat',
      isActive: true,
      origin: { system: 'x3', key: 'FRN', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
  });

  it('reads a stock level keyed by product and site; X3 stock is never written', () => {
    expect(stockLevel.fromX3(stockDIS007, EUR_CTX)).toEqual({
      entity: 'stockLevel',
      productKey: 'DIS007',
      site: 'FR011',
      onHand: '493.5',
      allocated: '3.5',
      averageCost: '4.5833',
      origin: { system: 'x3', key: 'DIS007|FR011', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
    const { product: _p, site: _s, ...keyOnly } = stockDIS007;
    expect(stockLevel.fromX3(keyOnly, EUR_CTX)).toMatchObject({ productKey: 'DIS007', site: 'FR011' });
    expect('toX3' in stockLevel).toBe(false);
  });

  it('refuses a record without its key', () => {
    expect(() => customer.fromX3({ companyName: 'No code' }, EUR_CTX)).toThrow('customer code (BPCNUM) is missing');
  });
});
