import { x3PayloadErrors } from './x3-payload-rules';

const ctx = { baseCurrency: 'AUD' };
const rules = (errors: Array<{ field: string; rule: string }>) => errors.map((e) => `${e.field}:${e.rule}`);

const payment = {
  businessPartnerType: 'supplier',
  businessPartner: 'AU006',
  site: 'AU011',
  accountingDate: '2026-11-30',
  currency: 'AUD',
  bankAccount: 'AUB01',
  paymentMethod: 'TRF',
  lines: [{ document: 'PIHAU0110001', amount: '110.00' }],
};

const bill = {
  invoiceType: 'invoice',
  site: 'AU011',
  billBySupplier: 'AU006',
  accountingDate: '2026-11-30',
  currency: 'AUD',
  supplierDocumentNumber: 'SUP-42',
  lines: [{ product: 'DIS001', quantityInPurchaseUnitInvoiced: '2', netPrice: '50', taxCode: 'AUG' }],
};

describe('what X3 refuses, checked before any write (xero-to-x3)', () => {
  it('passes payloads X3 takes', () => {
    expect(x3PayloadErrors('payment', payment, ctx)).toEqual([]);
    expect(x3PayloadErrors('bill', bill, ctx)).toEqual([]);
    expect(x3PayloadErrors('customer', { code: 'AU_001', companyName: 'Acme', currency: 'AUD' }, ctx)).toEqual([]);
    // entities X3 is not written with from Xero have no rules here
    expect(x3PayloadErrors('journal', {}, ctx)).toEqual([]);
  });

  it("names each mandatory field X3 would refuse, by X3's own label", () => {
    const errors = x3PayloadErrors('payment', { ...payment, bankAccount: undefined, site: '', lines: [] }, ctx);
    expect(rules(errors)).toEqual(['site:required', 'bankAccount:required', 'lines:required']);
    expect(errors[1].message).toBe('Bank (BAN) is mandatory in X3');
    const lineless = x3PayloadErrors('bill', { ...bill, lines: [{ quantityInPurchaseUnitInvoiced: '1' }] }, ctx);
    expect(rules(lineless)).toEqual(['lines[0].product:required', 'lines[0].netPrice:required']);
    expect(rules(x3PayloadErrors('supplier', { code: 'S1' }, ctx))).toEqual([
      'companyName:required',
      'currency:required',
    ]);
  });

  it("refuses amounts with more places than the currency has in X3 (JPY 0, or the folder's CURDEC), and zero lines", () => {
    const yen = { ...payment, currency: 'JPY', lines: [{ document: 'A', amount: '100.5' }] };
    expect(rules(x3PayloadErrors('payment', yen, ctx))).toEqual(['lines[0].amount:currency-places']);
    expect(x3PayloadErrors('payment', { ...yen, lines: [{ document: 'A', amount: 100 }] }, ctx)).toEqual([]);
    const threePlaces = { ...payment, lines: [{ document: 'A', amount: '1.125' }] };
    expect(rules(x3PayloadErrors('payment', threePlaces, ctx))).toEqual(['lines[0].amount:currency-places']);
    expect(x3PayloadErrors('payment', threePlaces, { ...ctx, currencyDecimals: { AUD: 3 } })).toEqual([]);
    const zero = { ...payment, lines: [{ document: 'A', amount: '0.00' }] };
    expect(rules(x3PayloadErrors('payment', zero, ctx))).toEqual(['lines[0].amount:payment-amount']);
    // a credit memo line is negative; the payment as a whole is not
    const credited = {
      ...payment,
      lines: [
        { document: 'A', amount: '10.00' },
        { document: 'C', amount: '-10.00' },
      ],
    };
    expect(rules(x3PayloadErrors('payment', credited, ctx))).toEqual(['lines:payment-amount']);
  });

  it('refuses dates that are not YYYY-MM-DD days, and codes X3 cannot hold', () => {
    expect(rules(x3PayloadErrors('bill', { ...bill, accountingDate: '30/11/2026' }, ctx))).toEqual([
      'accountingDate:date-format',
    ]);
    expect(rules(x3PayloadErrors('bill', { ...bill, supplierDocumentDate: '2026-02-30' }, ctx))).toEqual([
      'supplierDocumentDate:date-format',
    ]);
    const long = x3PayloadErrors('bill', { ...bill, supplierDocumentNumber: 'X'.repeat(31) }, ctx);
    expect(long).toEqual([
      {
        field: 'supplierDocumentNumber',
        rule: 'max-length',
        message: `Supplier document no. (BPRVCR) '${'X'.repeat(31)}' is 31 characters: X3 keeps 30`,
      },
    ]);
    expect(rules(x3PayloadErrors('customer', { code: 'acme-1', companyName: 'A', currency: 'AUD' }, ctx))).toEqual([
      'code:x3-code',
    ]);
    expect(
      rules(x3PayloadErrors('customer', { code: 'C'.repeat(16), companyName: 'A', currency: 'AUD' }, ctx)),
    ).toEqual(['code:max-length']);
    expect(rules(x3PayloadErrors('payment', { ...payment, businessPartnerType: 'both', currency: 'AU' }, ctx))).toEqual(
      ['currency:x3-currency', 'businessPartnerType:x3-menu'],
    );
  });
});
