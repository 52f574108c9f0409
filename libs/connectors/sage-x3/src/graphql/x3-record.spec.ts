import { flatten } from './x3-record';

describe('flatten', () => {
  it('turns a key-only reference into its key and keeps other values as they are', () => {
    expect(flatten({ currency: { _id: 'EUR' }, amount: '12.5', site: null, lines: [] })).toEqual({
      currency: 'EUR',
      amount: '12.5',
      site: null,
      lines: [],
    });
  });

  it("keeps a nested reference's key and lifts its properties beside it, prefixed with the reference's name", () => {
    expect(flatten({ product: { _id: 'DIS004', accountingCode: 'DISPRODUCT', taxLevel: 'NOR' } })).toEqual({
      product: 'DIS004',
      productAccountingCode: 'DISPRODUCT',
      productTaxLevel: 'NOR',
    });
  });
});
